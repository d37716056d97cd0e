package io.github.mailvet.smtp;

import io.github.mailvet.smtp.ProbeResult.Verdict;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies RCPT replies with RFC 3463 enhanced status codes first and the reply text second.
 * Real servers are inconsistent (Microsoft answers "550 5.5.0 ... mailbox unavailable", Yahoo
 * "554 delivery error: dd This user doesn't have a yahoo.com account"), and refusals aimed at
 * the verifier's IP must never be read as "no such user".
 */
final class ReplyClassifier {

  private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
  private static final Pattern SENDER = Pattern.compile(
      "blocked|block ?list|black ?list|spamhaus|spamcop|barracuda|sorbs|\\brbl\\b|dnsbl"
          + "|reputation|\\bpolicy\\b|reverse dns|\\bptr\\b|rdns|client host|your ip"
          + "|ip address|access denied|not authorized|relay|helo|sender");
  private static final Pattern MAILBOX = Pattern.compile(
      "user unknown|unknown user|no such user|no such mailbox|no such recipient"
          + "|mailbox unavailable|mailbox not found|mailbox does not exist|does not exist"
          + "|doesn't exist|doesn't have an? .*account|not a valid (mailbox|recipient|user)"
          + "|invalid (mailbox|recipient|address)|recipient not found|unknown recipient"
          + "|user not found|address rejected|account (is )?(disabled|inactive|suspended)"
          + "|no mailbox here|unrouteable address|undeliverable address");

  private ReplyClassifier() {
  }

  /** The enhanced status code in a reply text, or "". */
  static String enhanced(String text) {
    Matcher m = ENHANCED.matcher(text);
    return m.find() ? m.group() : "";
  }

  /** The verdict for a reply to RCPT TO. */
  static Verdict rcpt(int code, String text) {
    String enh = enhanced(text);
    String t = text.toLowerCase(Locale.ROOT);
    int cls = code / 100;
    if (cls == 2) {
      return Verdict.ACCEPTED;
    }
    if (cls == 4) {
      return Verdict.TEMPORARY;
    }
    if (cls != 5) {
      return Verdict.INCONCLUSIVE;
    }
    if (enh.startsWith("5.7.") || (!enh.startsWith("5.1.") && SENDER.matcher(t).find())) {
      return Verdict.SENDER_REJECTED;
    }
    if (code == 552 || enh.equals("5.2.2")) {
      return Verdict.MAILBOX_FULL;
    }
    if (enh.startsWith("5.1.") || MAILBOX.matcher(t).find()) {
      return Verdict.MAILBOX_NOT_FOUND;
    }
    return Verdict.INCONCLUSIVE;
  }

  /** The verdict for a refusal of the connection or of MAIL FROM (never about the mailbox). */
  static Verdict session(int code) {
    return code / 100 == 4 ? Verdict.TEMPORARY : Verdict.SENDER_REJECTED;
  }
}
