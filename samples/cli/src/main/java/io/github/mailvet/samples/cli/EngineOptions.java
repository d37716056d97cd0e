package io.github.mailvet.samples.cli;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import io.github.mailvet.address.SyntaxPolicy;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.HostedProvider;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The engine options shared by {@code check} and {@code clean}. */
final class EngineOptions {

    @Option(names = "--offline", description = "Run only the offline stages: no network at all.")
    boolean offline;

    @Option(names = "--profile", paramLabel = "NAME",
        description = "Apply a profile and add decision and rule: default, signup, b2b,"
            + " newsletter.")
    String profile;

    @Option(names = "--syntax", paramLabel = "POLICY", defaultValue = "practical",
        description = "Syntax policy: practical, rfc5321 or rfc5322. Default: ${DEFAULT-VALUE}.")
    String syntax;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
        description = "A DNS server to ask (repeatable; default: the system's resolvers).")
    List<String> dnsServers = new java.util.ArrayList<>();

    @Option(names = "--dns-timeout", paramLabel = "MS", defaultValue = "3000",
        description = "Timeout of one DNS query attempt in milliseconds. Default: ${DEFAULT-VALUE}.")
    long dnsTimeoutMs;

    @Option(names = "--smtp", description = "Also ask the mail servers (port 25) whether the"
        + " mailbox exists. Needs outbound port 25 and a --helo name that matches your IP.")
    boolean smtp;

    @Option(names = "--smtp-port", paramLabel = "N", defaultValue = "25",
        description = "The SMTP port. Default: ${DEFAULT-VALUE}.")
    int smtpPort;

    @Option(names = "--helo", paramLabel = "NAME",
        description = "The EHLO name (default: this machine's host name).")
    String helo;

    @Option(names = "--mail-from", paramLabel = "ADDR", defaultValue = "",
        description = "The MAIL FROM address (default: the null sender <>).")
    String mailFrom;

    @Option(names = "--allow-private-mx",
        description = "Allow SMTP to MX hosts at loopback or private addresses.")
    boolean allowPrivateMx;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1000",
        description = "Verifications in flight at once for stdin input."
            + " Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--read-ahead", paramLabel = "N",
        description = "Addresses read past the oldest unanswered one, so that a domain's"
            + " addresses anywhere in that span share one DNS lookup and one SMTP session."
            + " Default: what an eighth of the heap holds, 10,000 to 100,000.")
    Integer readAhead;

    @Option(names = "--smtp-sessions", paramLabel = "N", defaultValue = "32",
        description = "SMTP sessions at once over all mail servers (at most 2 per MX host)."
            + " Default: ${DEFAULT-VALUE}.")
    int smtpSessions;

    @Option(names = "--test-mode",
        description = "Deterministic answers for <scenario>.mailvet.test addresses.")
    boolean testMode;

    @Option(names = "--mode", paramLabel = "MODE",
        description = "When to ask hosted providers: local (never), hosted-first, escalate"
            + " (only when the local answer is unknown). Default: hosted-first when --provider"
            + " is given, else local.")
    String mode;

    @CommandLine.Mixin
    ProviderOptions providers = new ProviderOptions();

  /** The engine these options describe; usage errors as IllegalArgumentException. */
  Mailvet build() {
    MailvetCli.Syntax policy = MailvetCli.Check.parseEnum(MailvetCli.Syntax.class, syntax,
        "--syntax");
    if (dnsTimeoutMs < 1) {
      throw new IllegalArgumentException("--dns-timeout must be a positive number of"
          + " milliseconds: " + dnsTimeoutMs);
    }
    Mailvet.Builder b = Mailvet.builder().offline(offline).testMode(testMode)
        .dnsServers(dnsServers).dnsTimeout(Duration.ofMillis(dnsTimeoutMs))
        // a run gives one domain one answer: a lookup that failed is not asked again mid-run
        .dnsFailureTtl(Duration.ofHours(1))
        .concurrency(concurrency)
        .smtp(smtp).smtpPort(smtpPort).mailFrom(mailFrom).allowPrivateMx(allowPrivateMx)
        .syntaxPolicy(switch (policy) {
          case PRACTICAL -> SyntaxPolicy.PRACTICAL;
          case RFC5321 -> SyntaxPolicy.RFC5321;
          case RFC5322 -> SyntaxPolicy.RFC5322_LENIENT;
        });
    if (helo != null) {
      b.heloName(helo);
    }
    if (readAhead != null) {
      b.readAhead(readAhead);
    }
    if (smtp && !offline) {
      b.smtpSessions(smtpSessions);
    }
    List<HostedProvider> hosted = providers.build();
    Hosted.Mode m = mode != null ? Hosted.Mode.parse(mode)
        : hosted.isEmpty() ? Hosted.Mode.LOCAL : Hosted.Mode.HOSTED_FIRST;
    if (m != Hosted.Mode.LOCAL && hosted.isEmpty()) {
      throw new IllegalArgumentException("--mode " + mode + " needs at least one --provider");
    }
    if (!hosted.isEmpty()) {
      Hosted.Builder hb = Hosted.builder().mode(m).checkSmtp(smtp);
      hosted.forEach(hb::provider);
      b.hosted(hb.build());
    }
    if (profile != null) {
      b.profile(profile());
    }
    return b.build();
  }

  /**
   * Says once, on standard error, when the resolver's answers are not evidence (it denies names
   * that must exist, or invents answers): DNS-derived verdicts then come out as unknown.
   */
  static void warnIfResolverLies(Mailvet mailvet, java.io.PrintWriter err) {
    if (mailvet.isOffline()) {
      return;
    }
    io.github.mailvet.dns.ResolverHealth h = mailvet.resolverHealth().join();
    if (!h.trusted() && h.state() != io.github.mailvet.dns.ResolverHealth.State.UNREACHABLE) {
      err.println("mailvet: DNS answers are not used as evidence: " + h.detail() + ". Results"
          + " that depend on DNS are 'unknown' (dns_error). Name a resolver that tells the"
          + " truth with --dns-server, or use --offline.");
    } else if (h.state() == io.github.mailvet.dns.ResolverHealth.State.UNREACHABLE) {
      err.println("mailvet: no DNS server answers (" + h.detail() + "). Results that depend on"
          + " DNS are 'unknown' (dns_error); use --dns-server or --offline.");
    }
    err.flush();
  }

  /** The profile named by --profile. */
  Profile profile() {
    return Profile.builtIn(profile).orElseThrow(() -> new IllegalArgumentException(
        "unknown profile '" + profile + "'; choose one of " + Profile.builtInNames()));
  }
}
