package io.github.mailvet.smtp;

/**
 * What the mail server said about one address.
 *
 * @param verdict      the classification
 * @param code         the SMTP reply code (0 when there was no reply)
 * @param enhancedCode the RFC 3463 enhanced status code, or "" when the reply had none
 * @param text         the reply text (one line, trimmed to 300 characters)
 * @param mxHost       the MX host that answered, or "" when none did
 * @param detail       a human-readable explanation
 */
public record ProbeResult(Verdict verdict, int code, String enhancedCode, String text,
    String mxHost, String detail) {

  /** The classification of a probe. */
  public enum Verdict {
    /** 250/251 for the address, and the domain is not a catch-all. */
    ACCEPTED,
    /** Accepted, but the domain accepts any local part. */
    CATCH_ALL,
    /** 550/551/553 with a mailbox meaning (5.1.x, "user unknown"). */
    MAILBOX_NOT_FOUND,
    /** 552 or 5.2.2. */
    MAILBOX_FULL,
    /** 4xx: greylisting or a temporary failure. */
    TEMPORARY,
    /** A refusal aimed at the verifier (5.7.x, blocklists, policy), not the address. */
    SENDER_REJECTED,
    /** A 5xx without a recognizable meaning. */
    INCONCLUSIVE,
    /** No MX host could be reached (or all were refused by the SSRF guard). */
    UNREACHABLE,
    /** The address needs SMTPUTF8 and the server does not advertise it. */
    SMTPUTF8_UNSUPPORTED
  }

  /** No usable answer from {@code mxHost} (empty when no host was reached), and why. */
  public static ProbeResult unreachable(String mxHost, String detail) {
    return new ProbeResult(Verdict.UNREACHABLE, 0, "", "", mxHost, detail);
  }

  /** An answer that says nothing about the mailbox ({@code code} 0 when there was no reply). */
  public static ProbeResult inconclusive(int code, String mxHost, String detail) {
    return new ProbeResult(Verdict.INCONCLUSIVE, code, "", "", mxHost, detail);
  }
}
