package io.github.mailvet;

import io.github.mailvet.internal.Json;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@link VerificationResult#toJson()}'s writer: the result's fixed shape written straight into a
 * {@link StringBuilder}, escaping strings as Jackson's generator does by default. The text is
 * exactly what {@link Json#write(Object)}, the data binder, writes (ResultJsonTest compares them
 * over the corpora, awkward values and fuzzed ones), for a fraction of the CPU: a bulk run writes
 * a result per address, and in a short-lived JVM the binder's introspection, its layers and the
 * compilation of their code were most of what a line of output cost.
 */
final class ResultJson {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ResultJson() {
  }

  static String write(VerificationResult r) {
    StringBuilder b = new StringBuilder(640 + 160 * r.evidence().size());
    b.append("{\"email\":");
    string(b, r.email());
    b.append(",\"normalized_email\":");
    string(b, r.normalizedEmail());
    b.append(",\"dedupe_key\":");
    string(b, r.dedupeKey());
    b.append(",\"status\":");
    string(b, r.status().wireName());
    b.append(",\"valid\":").append(r.valid());
    b.append(",\"score\":").append(Double.toString(r.score()));
    b.append(",\"reason\":");
    string(b, r.reason().wireName());
    b.append(",\"suggestion\":");
    string(b, r.suggestion());
    Checks c = r.checks();
    b.append(",\"checks\":{\"syntax\":").append(c.syntax());
    b.append(",\"domain_exists\":").append(c.domainExists());
    b.append(",\"mx\":").append(c.mx());
    b.append(",\"smtp\":").append(c.smtp());
    b.append(",\"disposable\":").append(c.disposable());
    b.append(",\"role_based\":").append(c.roleBased());
    b.append(",\"free_provider\":").append(c.freeProvider());
    b.append(",\"catch_all\":").append(c.catchAll());
    b.append(",\"typo\":").append(c.typo());
    b.append(",\"spam_trap_risk\":").append(c.spamTrapRisk());
    b.append("},\"provider\":");
    string(b, r.provider());
    b.append(",\"mx_records\":[");
    List<String> mx = r.mxRecords();
    for (int i = 0; i < mx.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      string(b, mx.get(i));
    }
    b.append("],\"source\":");
    string(b, r.source());
    b.append(",\"from_cache\":").append(r.fromCache());
    b.append(",\"verified_at\":\"").append(r.verifiedAt()).append('"');
    b.append(",\"duration_ms\":").append(r.durationMs());
    b.append(",\"evidence\":[");
    List<Evidence> evidence = r.evidence();
    for (int i = 0; i < evidence.size(); i++) {
      Evidence e = evidence.get(i);
      b.append(i > 0 ? ",{\"stage\":" : "{\"stage\":");
      string(b, e.stage());
      b.append(",\"code\":");
      string(b, e.code());
      b.append(",\"message\":");
      string(b, e.message());
      b.append(",\"weight\":").append(Double.toString(e.weight()));
      b.append(",\"data\":{");
      boolean first = true;
      for (Map.Entry<String, String> d : e.data().entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, d.getKey());
        b.append(':');
        string(b, d.getValue());
      }
      b.append("}}");
    }
    b.append("],\"decision\":");
    string(b, r.decision() == null ? null : r.decision().wireName());
    b.append(",\"rule\":");
    string(b, r.rule());
    return b.append('}').toString();
  }

  /**
   * A JSON string as Jackson's generator writes it by default: quote and backslash escaped,
   * control characters as their short escape or {@code \}{@code u00XX}, everything else as is.
   */
  private static void string(StringBuilder b, @Nullable String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 0x20 && ch != '"' && ch != '\\') {
        continue;
      }
      b.append(s, start, i);
      start = i + 1;
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\t' -> b.append("\\t");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
      }
    }
    b.append(s, start, s.length()).append('"');
  }
}
