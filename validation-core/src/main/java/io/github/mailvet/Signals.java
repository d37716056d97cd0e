package io.github.mailvet;

import io.github.mailvet.address.EmailAddress;
import io.github.mailvet.address.ParseFailure;
import io.github.mailvet.dns.MailRoute.Outcome;
import io.github.mailvet.smtp.ProbeResult.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the pipeline stages observed about one address. Each stage fills its part; the
 * {@link Scorer} turns whatever is present into status, reason, score and evidence, so a new
 * stage (DNS, SMTP, a hosted provider) adds signals without changing the result's shape.
 */
final class Signals {

  /** The raw input. */
  public final String input;
  /** The parsed address, or null when parsing failed. */
  public @Nullable EmailAddress address;
  /** The parse failure, or null. */
  public @Nullable ParseFailure syntaxError;
  /** Whether the domain is an address literal of a public IP address. */
  public boolean addressLiteral;
  /** Why the domain is reserved (RFC 2606 / 6761), or null. */
  public @Nullable String reservedDomain;
  /** The disposable list entry that covers the domain, or null. */
  public @Nullable String disposableEntry;
  /** Whether the user's deny list (rather than a bundled list) made it disposable. */
  public boolean deniedByUser;
  /** Whether the domain is a free mailbox provider. */
  public @Nullable Boolean freeProvider;
  /** Whether the local part is a role account. */
  public @Nullable Boolean roleAccount;
  /** Whether a role account makes the address risky (the engine disallows role addresses). */
  public boolean roleIsRisky;
  /** A suggested full address when the domain looks mistyped. */
  public @Nullable String suggestion;
  /** Whether the top-level domain is in the IANA root zone; null for address literals. */
  public @Nullable Boolean tldKnown;
  /** Whether a domain-level fact (known provider) shows the domain exists without DNS. */
  public boolean knownProvider;
  /** What DNS said about the domain; null when it was not asked (offline, or decided earlier). */
  public @Nullable Outcome dns;
  /** Why DNS was not checked, when it was not. */
  public @Nullable String dnsSkipped;
  /** MX host names in preference order. */
  public List<String> mxRecords = new ArrayList<>();
  /** The mailbox provider, when identified. */
  public @Nullable String provider;
  /** What the mail server said about the mailbox; null when it was not probed. */
  public @Nullable Verdict smtp;
  /** Details of the DNS and SMTP exchanges (rcode, reply code, enhanced code, MX host). */
  public final Map<String, String> networkDetails = new LinkedHashMap<>();
  /** Context evidence added by stages (weight 0); the scorer adds the weighted evidence. */
  public final List<Evidence> context = new ArrayList<>();

  /**
   * Whether the probe ran without a usable answer (no server reached, no reply that says
   * anything about the mailbox, SMTPUTF8 needed but not offered).
   */
  public boolean smtpFailed() {
    return smtp == Verdict.INCONCLUSIVE || smtp == Verdict.UNREACHABLE
        || smtp == Verdict.SMTPUTF8_UNSUPPORTED;
  }

  /** Signals for one input. */
  public Signals(String input) {
    this.input = input;
  }
}
