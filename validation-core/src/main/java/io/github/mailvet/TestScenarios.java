package io.github.mailvet;

import io.github.mailvet.dns.MailRoute.Outcome;
import io.github.mailvet.smtp.ProbeResult.Verdict;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Test mode: deterministic answers for {@code <anything>@<scenario>.mailvet.test}, produced by
 * filling the DNS and SMTP signals a real network check would produce, so every status and
 * reason comes out of the same scorer as in production. {@code .test} is reserved (RFC 6761), so
 * these addresses can never collide with real mailboxes.
 */
final class TestScenarios {

  /** The parent domain of the magic addresses. */
  public static final String DOMAIN = "mailvet.test";

  /** One scenario: the DNS and SMTP outcome it simulates. */
  record Scenario(Outcome dns, @Nullable Verdict smtp, String description) { }

  static final Map<String, Scenario> SCENARIOS = new TreeMap<>(Map.ofEntries(
      Map.entry("valid", new Scenario(Outcome.MX, Verdict.ACCEPTED,
          "valid, accepted_email: MX found, mailbox accepted (info@: valid, role_based)")),
      Map.entry("mailbox-not-found", new Scenario(Outcome.MX, Verdict.MAILBOX_NOT_FOUND,
          "invalid, mailbox_not_found: 550 5.1.1")),
      Map.entry("no-domain", new Scenario(Outcome.NXDOMAIN, null,
          "invalid, no_domain: NXDOMAIN")),
      Map.entry("no-mx", new Scenario(Outcome.NO_MX, null,
          "invalid, no_mx_record: neither MX nor address records")),
      Map.entry("null-mx", new Scenario(Outcome.NULL_MX, null,
          "invalid, null_mx: MX 0 . (RFC 7505)")),
      Map.entry("disposable", new Scenario(Outcome.MX, null,
          "disposable, disposable_provider")),
      Map.entry("catch-all", new Scenario(Outcome.MX, Verdict.CATCH_ALL,
          "risky, catch_all: any local part is accepted")),
      Map.entry("mailbox-full", new Scenario(Outcome.MX, Verdict.MAILBOX_FULL,
          "risky, mailbox_full: 552 5.2.2")),
      Map.entry("typo", new Scenario(Outcome.MX, Verdict.ACCEPTED,
          "risky, likely_typo: suggests <local>@valid.mailvet.test")),
      Map.entry("greylisted", new Scenario(Outcome.MX, Verdict.TEMPORARY,
          "unknown, temporarily_unavailable: 451 4.7.1 greylisted")),
      Map.entry("dns-error", new Scenario(Outcome.ERROR, null,
          "unknown, dns_error: SERVFAIL")),
      Map.entry("sender-rejected", new Scenario(Outcome.MX, Verdict.SENDER_REJECTED,
          "unknown, sender_rejected: 554 5.7.1 client host blocked"))));

  private TestScenarios() {
  }

  /** The scenario names with what each produces, for documentation and the CLI. */
  public static Map<String, String> describe() {
    Map<String, String> m = new TreeMap<>();
    SCENARIOS.forEach((k, v) -> m.put(k + "." + DOMAIN, v.description()));
    return m;
  }

  /**
   * Fills the signals for a magic address. Returns false when the domain is not a scenario (the
   * caller then treats it as an ordinary reserved {@code .test} domain).
   */
  public static boolean apply(String asciiDomain, String localPart, Signals s) {
    if (!asciiDomain.endsWith("." + DOMAIN)) {
      return false;
    }
    String name = asciiDomain.substring(0, asciiDomain.length() - DOMAIN.length() - 1);
    Scenario sc = SCENARIOS.get(name);
    if (sc == null) {
      return false;
    }
    s.dns = sc.dns();
    s.smtp = sc.smtp();
    if (sc.dns() == Outcome.MX) {
      s.mxRecords = List.of("mx1." + asciiDomain, "mx2." + asciiDomain);
      s.provider = DOMAIN;
    }
    switch (name) {
      case "disposable" -> s.disposableEntry = asciiDomain;
      case "typo" -> s.suggestion = localPart + "@valid." + DOMAIN;
      case "mailbox-not-found" -> details(s, "550", "5.1.1", "user unknown");
      case "mailbox-full" -> details(s, "552", "5.2.2", "mailbox full");
      case "greylisted" -> details(s, "451", "4.7.1", "greylisted, try again later");
      case "sender-rejected" -> details(s, "554", "5.7.1", "client host blocked");
      case "dns-error" -> s.networkDetails.put("rcode", "SERVFAIL");
      case "no-domain" -> s.networkDetails.put("rcode", "NXDOMAIN");
      default -> { }
    }
    s.context.add(new Evidence("resolve", "test_mode",
        "test mode: simulated answer for " + name + "." + DOMAIN, 0,
        Map.of("scenario", name)));
    return true;
  }

  private static void details(Signals s, String code, String enhanced, String text) {
    s.networkDetails.put("smtp_code", code);
    s.networkDetails.put("enhanced_code", enhanced);
    s.networkDetails.put("smtp_text", text);
    s.networkDetails.put("mx_host", "mx1.test-scenario." + DOMAIN);
  }
}
