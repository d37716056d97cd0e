package io.github.mailvet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The main reason for a {@link Status}; the result's evidence lists every signal. */
public enum Reason {
  /** Every check that ran passed. */
  ACCEPTED_EMAIL,
  /** The address is not syntactically valid under the active syntax policy. */
  INVALID_SYNTAX,
  /** The domain does not exist (NXDOMAIN, or a top-level domain that is not in the root zone). */
  NO_DOMAIN,
  /** The domain exists but has neither MX nor address records. */
  NO_MX_RECORD,
  /** The domain publishes a null MX (RFC 7505): it accepts no mail. */
  NULL_MX,
  /** A special-use or reserved domain (RFC 2606, RFC 6761) that never receives real mail. */
  RESERVED_DOMAIN,
  /**
   * The domain is an address literal of a public IP address ({@code user@[192.0.2.1]}): RFC 5321
   * section 4.1.3 allows it, but it bypasses MX records and most mail servers refuse it, so the
   * address is {@code risky}. A literal of a loopback, private or reserved address is
   * {@code invalid} / {@code reserved_domain}.
   */
  ADDRESS_LITERAL,
  /** The mail server said the mailbox does not exist. */
  MAILBOX_NOT_FOUND,
  /** The mail server said the mailbox is full. */
  MAILBOX_FULL,
  /** The domain accepts every address, so this one cannot be confirmed. */
  CATCH_ALL,
  /** A role account (info@, support@) rather than a person. */
  ROLE_BASED,
  /** A disposable address provider. */
  DISPOSABLE_PROVIDER,
  /** The domain looks like a typo of a popular one; see the suggestion. */
  LIKELY_TYPO,
  /** The mail server deferred the answer (4xx, greylisting). */
  TEMPORARILY_UNAVAILABLE,
  /** DNS failed (SERVFAIL, timeout, refused). */
  DNS_ERROR,
  /** The mail server refused the verifier itself (policy, blocklist), not the address. */
  SENDER_REJECTED,
  /** A hosted verification provider could not answer. */
  PROVIDER_ERROR;

  /** The JSON name, snake_case. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
