package io.github.mailvet.samples.cli;

import io.github.mailvet.VerificationResult;
import java.io.PrintWriter;
import java.util.Locale;

/** A streaming, fixed-width table: one row per result as it arrives. */
final class TableWriter {

  private static final int EMAIL = 36;
  private final PrintWriter out;
  private final boolean decisions;
  private boolean headerDone;

  TableWriter(PrintWriter out, boolean decisions) {
    this.out = out;
    this.decisions = decisions;
  }

  void row(VerificationResult r) {
    if (!headerDone) {
      line("EMAIL", "STATUS", "SCORE", "REASON", decisions ? "DECISION (RULE)" : "",
          "SUGGESTION / DETAIL");
      headerDone = true;
    }
    String status = r.status().wireName();
    String detail = r.suggestion() != null ? "did you mean " + r.suggestion() + "?"
        : (status.equals("invalid") || status.equals("unknown")) && !r.evidence().isEmpty()
            ? r.evidence().get(r.evidence().size() - 1).message() : "";
    line(clip(printable(r.email(), 64), EMAIL), status,
        String.format(Locale.ROOT, "%.2f", r.score()), r.reason().wireName(),
        decisions && r.decision() != null ? r.decision().wireName() + " (" + r.rule() + ")" : "",
        printable(detail, 200));
  }

  private void line(String email, String status, String score, String reason, String decision,
      String detail) {
    out.println(String.format(Locale.ROOT, "%-" + EMAIL + "s  %-10s %5s  %-23s %s%s",
        email, status, score, reason, decisions ? String.format("%-26s ", decision) : "",
        detail).stripTrailing());
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "\u2026";
  }

  /**
   * Control characters would garble the terminal and bidi controls would reorder the line
   * (Trojan Source): show C0 and C1 controls as {@code \\xNN} and format characters (bidi
   * controls, zero-width) as {@code \\u{NNNN}}. Text from outside (addresses, a server's reply
   * in the evidence) goes through it.
   */
  static String printable(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
        b.append(String.format("\\x%02X", (int) c));
      } else if (Character.getType(c) == Character.FORMAT) {
        b.append(String.format("\\u{%04X}", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
