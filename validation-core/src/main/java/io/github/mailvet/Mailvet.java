package io.github.mailvet;

import io.github.mailvet.address.AddressParser;
import io.github.mailvet.address.EmailAddress;
import io.github.mailvet.address.ParseFailure;
import io.github.mailvet.address.ParseResult;
import io.github.mailvet.address.SyntaxPolicy;
import io.github.mailvet.dns.DomainResolver;
import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.dns.ResolverHealth;
import io.github.mailvet.dns.MxHost;
import io.github.mailvet.smtp.ProbeResult;
import io.github.mailvet.smtp.SmtpProber;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.ProviderUsage;
import io.github.mailvet.hosted.Quota;
import io.github.mailvet.internal.Delegation;
import io.github.mailvet.internal.ReservedDomains;
import io.github.mailvet.internal.Scorer;
import io.github.mailvet.internal.Signals;
import io.github.mailvet.internal.TestScenarios;
import io.github.mailvet.knowledge.KnowledgeBase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The mailvet engine: {@code parse -> classify -> resolve -> probe -> score -> decide}.
 *
 * <p>Immutable and thread-safe; build one and share it, and close it when done if SMTP is on.
 * Bad input never throws: it yields an
 * {@link Status#INVALID} result with a reason and the position of the problem.
 *
 * <pre>{@code
 * Mailvet mailvet = Mailvet.builder()
 *     .profile(Profile.builtIn("signup").orElseThrow())
 *     .build();
 * VerificationResult r = mailvet.verify("ada@gmial.com");
 * r.status();     // RISKY
 * r.suggestion(); // "ada@gmail.com"
 * r.decision();   // REVIEW
 * }</pre>
 *
 * <p>The resolve stage (DNS) runs unless {@link Builder#offline(boolean)} is set; the probe
 * stage (SMTP) runs only when enabled with {@link Builder#smtp(boolean)}.
 */
public final class Mailvet implements AutoCloseable {

  /** Inputs longer than this are echoed shortened in {@link VerificationResult#email()}. */
  private static final int MAX_ECHO = 320;

  /** Offline provider names for the most common mailbox domains. */
  private static final Map<String, String> PROVIDERS = Map.ofEntries(
      Map.entry("gmail.com", "google.com"), Map.entry("googlemail.com", "google.com"),
      Map.entry("outlook.com", "microsoft.com"), Map.entry("hotmail.com", "microsoft.com"),
      Map.entry("live.com", "microsoft.com"), Map.entry("msn.com", "microsoft.com"),
      Map.entry("yahoo.com", "yahoo.com"), Map.entry("ymail.com", "yahoo.com"),
      Map.entry("rocketmail.com", "yahoo.com"), Map.entry("aol.com", "yahoo.com"),
      Map.entry("icloud.com", "apple.com"), Map.entry("me.com", "apple.com"),
      Map.entry("mac.com", "apple.com"), Map.entry("proton.me", "proton.me"),
      Map.entry("protonmail.com", "proton.me"), Map.entry("gmx.de", "gmx.net"),
      Map.entry("gmx.net", "gmx.net"), Map.entry("gmx.com", "gmx.net"),
      Map.entry("web.de", "web.de"), Map.entry("yandex.ru", "yandex.ru"),
      Map.entry("mail.ru", "mail.ru"), Map.entry("zoho.com", "zoho.com"),
      Map.entry("fastmail.com", "fastmail.com"), Map.entry("qq.com", "tencent.com"));

  private final AddressParser parser;
  private final KnowledgeBase knowledge;
  private final boolean testMode;
  private final boolean offline;
  private final @Nullable Profile profile;
  private final Clock clock;
  private final @Nullable DomainResolver resolver;
  private final @Nullable SmtpProber prober;
  private final boolean ownsProber;
  private final int concurrency;
  private final @Nullable Delegation delegation;
  private final List<VerificationListener> listeners;
  private final boolean allowRoleBased;

  private Mailvet(Builder b) {
    this.parser = AddressParser.of(b.syntaxPolicy);
    this.knowledge = b.knowledge != null ? b.knowledge : KnowledgeBase.bundled();
    this.testMode = b.testMode;
    this.offline = b.offline;
    this.profile = b.profile;
    this.clock = b.clock;
    this.concurrency = b.concurrency;
    this.listeners = List.copyOf(b.listeners);
    this.allowRoleBased = b.allowRoleBased;
    this.delegation = b.hosted == null || b.hosted.mode() == Hosted.Mode.LOCAL ? null
        : new Delegation(b.hosted);
    if (offline) {
      this.resolver = null;
    } else if (b.resolver != null) {
      this.resolver = b.resolver;
    } else {
      DomainResolver.Builder rb = DomainResolver.builder().servers(b.dnsServers)
          .retries(b.dnsRetries);
      if (b.dnsCanaries != null) {
        rb.canaries(b.dnsCanaries);
      }
      if (b.dnsFailureTtl != null) {
        rb.failureTtl(b.dnsFailureTtl);
      }
      if (b.dnsTimeout != null) {
        rb.timeout(b.dnsTimeout);
      }
      this.resolver = rb.build();
    }
    this.ownsProber = !offline && b.smtp && b.prober == null;
    if (offline || !b.smtp) {
      this.prober = null;
    } else if (b.prober != null) {
      this.prober = b.prober;
    } else {
      SmtpProber.Builder pb = SmtpProber.builder().port(b.smtpPort).mailFrom(b.mailFrom)
          .allowPrivateAddresses(b.allowPrivateMx);
      if (b.heloName != null) {
        pb.heloName(b.heloName);
      }
      if (b.smtpTimeout != null) {
        pb.connectTimeout(b.smtpTimeout).commandTimeout(b.smtpTimeout);
      }
      if (b.greylistRetry != null) {
        pb.greylistRetry(b.greylistRetry);
      }
      pb.maxSessionsPerHost(b.sessionsPerHost).minIntervalPerHost(b.intervalPerHost);
      this.prober = pb.build();
    }
  }

  /** An engine with the defaults: practical syntax, bundled datasets, no profile. */
  public static Mailvet create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Verifies one address and applies the engine's profile, if it has one. */
  public VerificationResult verify(@Nullable String email) {
    return run(email, profile, Set.of()).join();
  }

  /** Verifies one address and applies the given profile. */
  public VerificationResult verify(@Nullable String email, Profile profile) {
    return run(email, Objects.requireNonNull(profile, "profile"), Set.of()).join();
  }

  /**
   * Verifies one address asynchronously: the calling thread does the in-memory stages, DNS
   * completes the future from its own I/O. The future never completes exceptionally for bad
   * input or network failures; those are results.
   */
  public CompletableFuture<VerificationResult> verifyAsync(@Nullable String email) {
    return run(email, profile, Set.of());
  }

  /**
   * As {@link #verifyAsync(String)}, with a profile (null: the engine's own, if it has one) and
   * without the SMTP probe when {@code smtp} is false, even if the engine has SMTP on (a signup
   * form that must answer fast).
   */
  public CompletableFuture<VerificationResult> verifyAsync(@Nullable String email,
      @Nullable Profile profile, boolean smtp) {
    return run(email, profile != null ? profile : this.profile, Set.of(), smtp);
  }

  /**
   * Verifies a stream of addresses lazily, one result per input in input order, with up to
   * {@link Builder#concurrency(int)} verifications in flight. Nothing is read further ahead than
   * that, so memory stays bounded for an unbounded stream; addresses of one domain share its DNS
   * lookup.
   */
  public Stream<VerificationResult> verifyAll(Stream<String> emails) {
    return verifyAll(emails, (done, started) -> { });
  }

  /** As {@link #verifyAll(Stream)}, reporting progress after each result. */
  public Stream<VerificationResult> verifyAll(Stream<String> emails, BulkProgress progress) {
    Objects.requireNonNull(emails, "emails");
    Objects.requireNonNull(progress, "progress");
    return ordered(emails.iterator(), progress, -1).onClose(emails::close);
  }

  /** Verifies every address of an iterable lazily, in order (see {@link #verifyAll(Stream)}). */
  public Stream<VerificationResult> verifyAll(Iterable<String> emails) {
    Objects.requireNonNull(emails, "emails");
    return ordered(emails.iterator(), (done, started) -> { },
        emails instanceof java.util.Collection<?> c ? c.size() : -1);
  }

  private Stream<VerificationResult> ordered(Iterator<String> in, BulkProgress progress,
      long size) {
    // bulk work looks at the providers' remaining quota before it starts, never half-way
    Set<String> excluded = delegation == null ? Set.of()
        : size >= 0 ? delegation.refuseForBulk(size) : refreshed(delegation);
    Iterator<VerificationResult> out = new Iterator<>() {
      private final ArrayDeque<CompletableFuture<VerificationResult>> window = new ArrayDeque<>();
      private long started;
      private long completed;

      /**
       * Refills the window when it is half empty: reads the chunk, starts it grouped by domain
       * (so a domain's addresses reach its DNS lookup and SMTP session together), and queues
       * the futures in input order.
       */
      private void fill() {
        if (window.size() > concurrency / 2 && !window.isEmpty()) {
          return;
        }
        List<String> chunk = new ArrayList<>();
        while (window.size() + chunk.size() < concurrency && in.hasNext()) {
          chunk.add(in.next());
        }
        if (chunk.isEmpty()) {
          return;
        }
        java.util.Map<String, List<Integer>> byDomain = new java.util.LinkedHashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
          String e = chunk.get(i);
          int at = e == null ? -1 : e.lastIndexOf('@');
          String key = at < 0 ? "" : e.substring(at + 1).strip().toLowerCase(java.util.Locale.ROOT);
          byDomain.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<VerificationResult>[] futures = new CompletableFuture[chunk.size()];
        for (List<Integer> group : byDomain.values()) {
          for (int i : group) {
            futures[i] = run(chunk.get(i), profile, excluded);
          }
        }
        for (CompletableFuture<VerificationResult> f : futures) {
          window.add(f);
        }
        started += chunk.size();
      }

      @Override
      public boolean hasNext() {
        fill();
        return !window.isEmpty();
      }

      @Override
      public VerificationResult next() {
        fill();
        if (window.isEmpty()) {
          throw new NoSuchElementException();
        }
        VerificationResult r = window.poll().join();
        progress.onProgress(++completed, started);
        return r;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(out, Spliterator.ORDERED),
        false);
  }

  /**
   * Releases the SMTP sessions' threads this engine created (a prober passed to the builder is
   * the caller's to close). Engines without SMTP hold nothing that needs closing.
   */
  @Override
  public void close() {
    if (ownsProber && prober != null) {
      prober.close();
    }
    if (delegation != null) {
      delegation.close();
    }
  }

  /** The knowledge base in use. */
  public KnowledgeBase knowledge() {
    return knowledge;
  }

  private static Set<String> refreshed(Delegation d) {
    d.refreshQuota();
    return Set.of();
  }

  /**
   * The hosted providers' ledger for this month (requests, credits, errors, remaining quota,
   * state); empty without hosted delegation.
   */
  public List<ProviderUsage> usage() {
    return delegation == null ? List.of() : delegation.usage();
  }

  /**
   * Asks each hosted provider's usage endpoints (where it has them) for its plan and remaining
   * quota, and remembers the answers for quota checks. Blocks up to 30 s per provider.
   */
  public Map<String, Optional<Quota>> refreshQuota() {
    return delegation == null ? Map.of() : delegation.refreshQuota();
  }

  private CompletableFuture<VerificationResult> run(@Nullable String email,
      @Nullable Profile p, Set<String> excluded) {
    return run(email, p, excluded, true);
  }

  private CompletableFuture<VerificationResult> run(@Nullable String email,
      @Nullable Profile p, Set<String> excluded, boolean smtpAllowed) {
    CompletableFuture<VerificationResult> r = decide(email, p, excluded, smtpAllowed);
    return listeners.isEmpty() ? r : r.thenApply(this::tell);
  }

  private VerificationResult tell(VerificationResult r) {
    for (VerificationListener l : listeners) {
      try {
        l.onResult(r);
      } catch (RuntimeException ignored) {
        // a listener's failure is not the caller's
      }
    }
    return r;
  }

  /** Whether this engine runs only the offline stages. */
  public boolean isOffline() {
    return offline;
  }

  /**
   * Whether DNS answers: looks the domain's mail route up (cached like any lookup) and completes
   * with true for any answer from a server, including "no such domain", false for SERVFAIL,
   * refusals and timeouts. Offline engines complete with false. For health checks.
   */
  public CompletableFuture<Boolean> dnsReachable(String domain) {
    if (resolver == null) {
      return CompletableFuture.completedFuture(false);
    }
    return resolver.resolve(domain)
        .thenApply(route -> route.outcome() != MailRoute.Outcome.ERROR);
  }

  /**
   * Whether the resolver's answers are evidence (see {@link DomainResolver#health()}): when it
   * denies names that must exist or invents answers, DNS-derived verdicts become {@code unknown}
   * with reason {@code dns_error}. Offline engines complete with {@code NOT_CHECKED}.
   */
  public CompletableFuture<ResolverHealth> resolverHealth() {
    if (resolver == null) {
      return CompletableFuture.completedFuture(new ResolverHealth(
          ResolverHealth.State.NOT_CHECKED, "offline: DNS is not used", Instant.now(clock)));
    }
    return resolver.health();
  }

  /** DNS answers reported as {@code dns_error} because the resolver was not trusted. */
  public long untrustedDnsAnswers() {
    return resolver == null ? 0 : resolver.untrustedAnswers();
  }

  private CompletableFuture<VerificationResult> decide(@Nullable String email,
      @Nullable Profile p, Set<String> excluded, boolean smtpAllowed) {
    Delegation d = delegation;
    if (d == null) {
      return local(email, p, true, smtpAllowed);
    }
    String ask = email == null ? "" : email.strip();
    CompletableFuture<VerificationResult> r;
    if (d.mode() == Hosted.Mode.ESCALATE) {
      // local first; only an unknown answer for a well-formed address goes to the providers
      r = local(email, null, true, smtpAllowed).thenCompose(l -> {
        String key = l.normalizedEmail();
        if (l.status() != Status.UNKNOWN || key == null || isTestAddress(key)) {
          return CompletableFuture.completedFuture(l);
        }
        return d.ask(ask, excluded).thenApply(o -> o.answer() != null ? o.answer()
            : o.annotate(l));
      });
    } else {
      // the free, offline stages first: a malformed or reserved address costs no credit
      VerificationResult offline = local(email, null, false, false).join();
      String key = offline.normalizedEmail();
      if (offline.status() == Status.INVALID || key == null || isTestAddress(key)) {
        return local(email, p, true, smtpAllowed);
      }
      r = d.ask(ask, excluded).thenCompose(o -> o.answer() != null
          ? CompletableFuture.completedFuture(o.answer())
          : local(email, null, true, smtpAllowed).thenApply(o::annotate));
    }
    return p == null ? r : r.thenApply(p::decide);
  }

  private boolean isTestAddress(String normalized) {
    return testMode && normalized.endsWith("." + TestScenarios.DOMAIN);
  }

  private CompletableFuture<VerificationResult> local(@Nullable String email,
      @Nullable Profile p, boolean network, boolean smtpAllowed) {
    long start = System.nanoTime();
    String raw = email == null ? "" : email;
    String input = raw.strip();
    Signals s = new Signals(input);
    if (!input.equals(raw) && !input.isEmpty()) {
      s.context.add(Evidence.of("parse", "trimmed", 0,
          "surrounding white space was removed before parsing"));
    }
    ParseResult parsed = parser.parse(input);
    String dnsDomain = null;
    if (parsed instanceof ParseFailure f) {
      s.syntaxError = f;
      suggestForBrokenDomain(input, s);
    } else {
      EmailAddress a = (EmailAddress) parsed;
      s.address = a;
      dnsDomain = classify(a, s);
    }
    if (dnsDomain == null || resolver == null || !network) {
      return CompletableFuture.completedFuture(finish(raw, s, p, start));
    }
    String domain = dnsDomain;
    return resolver.resolve(domain).thenCompose(route -> {
      // (network stages; a failure of ours below becomes an unknown result, never an exception)
      applyRoute(route, s);
      EmailAddress a = s.address;
      boolean deliverable = route.outcome() == MailRoute.Outcome.MX
          || route.outcome() == MailRoute.Outcome.IMPLICIT_MX;
      if (prober == null || !smtpAllowed || a == null || !deliverable
          || s.disposableEntry != null) {
        if (prober != null && deliverable && s.disposableEntry != null) {
          s.context.add(Evidence.of("probe", "smtp_skipped", 0,
              "SMTP was not asked: a disposable domain"));
        }
        return CompletableFuture.completedFuture(finish(raw, s, p, start));
      }
      return prober.probe(domain, route.mxHosts(), a.localPart() + "@" + domain, a.smtpUtf8())
          .thenApply(probe -> {
            applyProbe(probe, s);
            return finish(raw, s, p, start);
          });
    }).exceptionally(t -> {
      Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
          ? t.getCause() : t;
      if (s.dns == Signals.Dns.NOT_CHECKED) {
        s.dns = Signals.Dns.ERROR;
      } else {
        s.smtp = Signals.Smtp.ERROR;
      }
      s.networkDetails.put("error", c.getClass().getSimpleName());
      return finish(raw, s, p, start);
    });
  }

  private static void applyProbe(ProbeResult r, Signals s) {
    s.smtp = switch (r.verdict()) {
      case ACCEPTED -> Signals.Smtp.ACCEPTED;
      case CATCH_ALL -> Signals.Smtp.CATCH_ALL;
      case MAILBOX_NOT_FOUND -> Signals.Smtp.MAILBOX_NOT_FOUND;
      case MAILBOX_FULL -> Signals.Smtp.MAILBOX_FULL;
      case TEMPORARY -> Signals.Smtp.TEMPORARY;
      case SENDER_REJECTED -> Signals.Smtp.SENDER_REJECTED;
      case INCONCLUSIVE, UNREACHABLE, SMTPUTF8_UNSUPPORTED -> Signals.Smtp.ERROR;
    };
    if (r.code() > 0) {
      s.networkDetails.put("smtp_code", Integer.toString(r.code()));
    }
    if (!r.enhancedCode().isEmpty()) {
      s.networkDetails.put("enhanced_code", r.enhancedCode());
    }
    if (!r.text().isEmpty()) {
      s.networkDetails.put("smtp_text", r.text());
    }
    if (!r.mxHost().isEmpty()) {
      s.networkDetails.put("mx_host", r.mxHost());
    }
    s.networkDetails.put("smtp", r.detail());
  }

  private VerificationResult finish(String raw, Signals s, @Nullable Profile p, long start) {
    Scorer.Scored scored = Scorer.score(s);
    long millis = (System.nanoTime() - start) / 1_000_000;
    EmailAddress a = s.address;
    VerificationResult r = new VerificationResult(echo(raw),
        a == null ? null : a.normalized().toLowerCase(java.util.Locale.ROOT), scored.status(),
        scored.status() == Status.VALID, scored.score(),
        scored.reason(), s.suggestion, scored.checks(), s.provider, s.mxRecords, "local", false,
        Instant.now(clock), millis, scored.evidence(), null, null);
    return p == null ? r : p.decide(r);
  }

  private static void applyRoute(MailRoute route, Signals s) {
    s.dns = switch (route.outcome()) {
      case MX -> Signals.Dns.MX;
      case IMPLICIT_MX -> Signals.Dns.IMPLICIT_MX;
      case NXDOMAIN -> Signals.Dns.NXDOMAIN;
      case NO_MX -> Signals.Dns.NO_MX;
      case NULL_MX -> Signals.Dns.NULL_MX;
      case ERROR -> Signals.Dns.ERROR;
    };
    List<String> hosts = new ArrayList<>();
    for (MxHost h : route.mxHosts()) {
      hosts.add(h.host());
    }
    s.mxRecords = hosts;
    if (route.provider() != null) {
      s.provider = route.provider();
    }
    s.networkDetails.put("rcode", route.rcode());
    s.networkDetails.put("dns", route.detail());
  }

  /** The classify stage; returns the domain to resolve, or null when DNS cannot help. */
  private @Nullable String classify(EmailAddress a, Signals s) {
    // cheap local signals are known whatever the domain turns out to be
    s.roleAccount = knowledge.isRoleAccount(a.localPart());
    s.roleIsRisky = !allowRoleBased;
    s.freeProvider = false;
    if (a.domainLiteral()) {
      s.dnsSkipped = "address literal";
      if (io.github.mailvet.internal.PublicAddresses.isPublicLiteral(a.asciiDomain())) {
        s.addressLiteral = true;
        s.context.add(Evidence.of("classify", "domain_literal", 0,
            "the domain is an address literal; domain lists and DNS do not apply"));
      } else {
        s.reservedDomain = "the address literal " + a.asciiDomain() + " is a loopback, private"
            + " or reserved address: no mail from the internet reaches it";
      }
      return null;
    }
    String domain = a.asciiDomain();
    if (testMode && TestScenarios.apply(domain, a.localPart(), s)) {
      return null;
    }
    String reserved = ReservedDomains.why(domain);
    if (reserved != null) {
      s.reservedDomain = reserved;
      return null;
    }
    String tld = domain.substring(domain.lastIndexOf('.') + 1);
    s.tldKnown = domain.indexOf('.') < 0 ? null : knowledge.isKnownTld(tld);
    s.disposableEntry = knowledge.disposableEntry(domain);
    s.deniedByUser = s.disposableEntry != null && knowledge.isDenied(domain);
    s.provider = PROVIDERS.get(domain);
    boolean allowed = knowledge.isAllowed(domain);
    // Typo-squat domains (gmial.com) are often on disposable lists too; the suggestion wins.
    if (!allowed && !s.deniedByUser) {
      Optional<String> fix = knowledge.suggestDomain(domain);
      fix.ifPresent(d -> s.suggestion = a.localPart() + '@' + d);
    }
    // The free-provider lists contain disposable and typo domains; neither counts as a provider.
    s.freeProvider = knowledge.isFreeProvider(domain) && s.disposableEntry == null
        && s.suggestion == null;
    s.knownProvider = (allowed || s.freeProvider) && s.suggestion == null;
    if (offline) {
      s.dnsSkipped = "offline mode was requested";
    } else if (Boolean.FALSE.equals(s.tldKnown)) {
      s.dnsSkipped = "the top-level domain does not exist";
    } else if (s.disposableEntry != null && s.suggestion == null) {
      s.dnsSkipped = "a disposable domain: DNS cannot change the answer";
    } else {
      return domain;
    }
    s.context.add(Evidence.of("resolve", "dns_skipped", 0,
        "DNS was not checked (" + s.dnsSkipped + ")"));
    return null;
  }

  /** "ada@gmail,com" is invalid, but the user surely meant ada@gmail.com. */
  private void suggestForBrokenDomain(String input, Signals s) {
    int at = input.lastIndexOf('@');
    if (at <= 0 || at == input.length() - 1 || input.indexOf('@') != at || input.length() > 254) {
      return;
    }
    String local = input.substring(0, at);
    String domain = input.substring(at + 1).replace(',', '.');
    Optional<String> fix = knowledge.suggestDomain(domain);
    if (fix.isPresent() && parser.isValid(local + '@' + fix.get())) {
      s.suggestion = local + '@' + fix.get();
    } else if (!domain.equals(input.substring(at + 1)) && parser.isValid(local + '@' + domain)) {
      s.suggestion = local + '@' + domain.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String echo(String raw) {
    if (raw.length() <= MAX_ECHO) {
      return raw;
    }
    return raw.substring(0, 64) + "... (" + raw.length() + " characters)";
  }

  /** Builds a {@link Mailvet}; every setting has a safe default. */
  public static final class Builder {
    private SyntaxPolicy syntaxPolicy = SyntaxPolicy.PRACTICAL;
    private @Nullable KnowledgeBase knowledge;
    private boolean testMode;
    private boolean offline;
    private @Nullable Profile profile;
    private Clock clock = Clock.systemUTC();
    private final List<String> dnsServers = new ArrayList<>();
    private @Nullable Duration dnsTimeout;
    private int dnsRetries = 1;
    private @Nullable List<String> dnsCanaries;
    private @Nullable Duration dnsFailureTtl;
    private @Nullable DomainResolver resolver;
    private int concurrency = 64;
    private @Nullable Hosted hosted;
    private final List<VerificationListener> listeners = new ArrayList<>();
    private boolean allowRoleBased = true;
    private boolean smtp;
    private int smtpPort = 25;
    private @Nullable String heloName;
    private String mailFrom = "";
    private boolean allowPrivateMx;
    private @Nullable Duration smtpTimeout;
    private @Nullable Duration greylistRetry;
    private @Nullable SmtpProber prober;
    private int sessionsPerHost = 2;
    private Duration intervalPerHost = Duration.ZERO;

    private Builder() {
    }

    /** The syntax policy (default {@link SyntaxPolicy#PRACTICAL}). */
    public Builder syntaxPolicy(SyntaxPolicy policy) {
      this.syntaxPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The datasets and user allow/deny lists (default {@link KnowledgeBase#bundled()}). */
    public Builder knowledgeBase(KnowledgeBase knowledgeBase) {
      this.knowledge = Objects.requireNonNull(knowledgeBase, "knowledgeBase");
      return this;
    }

    /**
     * Test mode: addresses at {@code <scenario>.mailvet.test} get deterministic answers for every
     * status without any network (see {@link #testScenarios()}). Off by default, so that such
     * addresses are rejected as reserved in production.
     */
    public Builder testMode(boolean enabled) {
      this.testMode = enabled;
      return this;
    }

    /** Offline mode: no network at all, whatever else is configured (default false). */
    public Builder offline(boolean enabled) {
      this.offline = enabled;
      return this;
    }

    /** The profile applied by {@link Mailvet#verify(String)} (default none: no decision). */
    public Builder profile(@Nullable Profile profile) {
      this.profile = profile;
      return this;
    }

    /** The profile applied by default, by built-in name; fails for an unknown name. */
    public Builder profile(String builtInName) {
      Objects.requireNonNull(builtInName, "builtInName");
      this.profile = Profile.builtIn(builtInName).orElseThrow(() -> new IllegalArgumentException(
          "unknown profile '" + builtInName + "'; built-in profiles: " + Profile.builtInNames()
              + "; for a profile of your own, pass Profile.builder(\"" + builtInName
              + "\")...build()"));
      return this;
    }

    /** DNS servers as {@code host[:port]} (default: the system's resolvers). */
    public Builder dnsServers(List<String> hostPorts) {
      Objects.requireNonNull(hostPorts, "hostPorts");
      for (String hp : hostPorts) {
        DomainResolver.builder().servers(List.of(hp)); // checks the form eagerly
        dnsServers.add(hp);
      }
      return this;
    }

    /** Timeout of one DNS query attempt (default 3 s). */
    public Builder dnsTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      DomainResolver.builder().timeout(timeout);
      this.dnsTimeout = timeout;
      return this;
    }

    /** DNS retries after the first attempt (default 1). */
    public Builder dnsRetries(int retries) {
      DomainResolver.builder().retries(retries);
      this.dnsRetries = retries;
      return this;
    }

    /**
     * Names that must exist, asked to check that the resolver does not lie (default gmail.com,
     * outlook.com, yahoo.com); an empty list turns the check off. See
     * {@link DomainResolver.Builder#canaries(List)}.
     */
    public Builder dnsCanaries(List<String> names) {
      DomainResolver.builder().canaries(names);
      this.dnsCanaries = List.copyOf(names);
      return this;
    }

    /**
     * How long a failed DNS lookup is remembered (default 30 s), so that every address at the
     * domain gets the same answer meanwhile. See {@link DomainResolver.Builder#failureTtl}.
     */
    public Builder dnsFailureTtl(Duration ttl) {
      DomainResolver.builder().failureTtl(ttl);
      this.dnsFailureTtl = ttl;
      return this;
    }

    /** A resolver to share between engines (its cache too); overrides the DNS settings. */
    public Builder domainResolver(DomainResolver domainResolver) {
      this.resolver = Objects.requireNonNull(domainResolver, "domainResolver");
      return this;
    }

    /**
     * What a role address (info@, support@) is (default true): {@code valid} with
     * {@code checks.role_based} set, as APIddress's {@code allow_role_based} defaults to; false
     * makes it {@code risky} with reason {@code role_based}. A profile can still review or reject
     * role addresses ({@link Profile.Builder#reviewRole(boolean)}).
     */
    public Builder allowRoleBased(boolean allow) {
      this.allowRoleBased = allow;
      return this;
    }

    /**
     * Probe mailboxes over SMTP (default false). Needs outbound port 25 and a sending identity
     * that receivers trust: set {@link #heloName(String)} to a name whose DNS matches your IP.
     */
    public Builder smtp(boolean enabled) {
      this.smtp = enabled;
      return this;
    }

    /** The SMTP port (default 25). */
    public Builder smtpPort(int port) {
      SmtpProber.builder().port(port);
      this.smtpPort = port;
      return this;
    }

    /** The EHLO name (default this machine's host name; never somebody else's domain). */
    public Builder heloName(String name) {
      SmtpProber.builder().heloName(name);
      this.heloName = name;
      return this;
    }

    /** The MAIL FROM address (default the null reverse-path {@code <>}). */
    public Builder mailFrom(String address) {
      SmtpProber.builder().mailFrom(address);
      this.mailFrom = address;
      return this;
    }

    /** Allow probing MX hosts at loopback or private addresses (tests, intranets). */
    public Builder allowPrivateMx(boolean allow) {
      this.allowPrivateMx = allow;
      return this;
    }

    /** Connect and reply timeout of SMTP (default 10 s and 15 s). */
    public Builder smtpTimeout(Duration timeout) {
      SmtpProber.builder().connectTimeout(timeout);
      this.smtpTimeout = timeout;
      return this;
    }

    /** Re-check a greylisted address once after this delay (default no re-check). */
    public Builder greylistRetry(Duration delay) {
      SmtpProber.builder().greylistRetry(delay);
      this.greylistRetry = delay;
      return this;
    }

    /**
     * Politeness towards each MX host: sessions at once (default 2) and the minimum interval
     * between session starts (default none).
     */
    public Builder smtpPerHost(int maxSessions, Duration minInterval) {
      SmtpProber.builder().maxSessionsPerHost(maxSessions).minIntervalPerHost(minInterval);
      this.sessionsPerHost = maxSessions;
      this.intervalPerHost = minInterval;
      return this;
    }

    /** A prober to share between engines; overrides the SMTP settings (not the switch). */
    public Builder smtpProber(SmtpProber smtpProber) {
      this.prober = Objects.requireNonNull(smtpProber, "smtpProber");
      return this;
    }

    /**
     * Hosted delegation: which providers, when to ask them, budgets and retries (default: none,
     * everything local). The engine closes the providers when it is closed.
     */
    public Builder hosted(Hosted value) {
      this.hosted = Objects.requireNonNull(value, "hosted");
      return this;
    }

    /** Adds a listener told about every finished verification (metrics, audit). */
    public Builder listener(VerificationListener value) {
      listeners.add(Objects.requireNonNull(value, "listener"));
      return this;
    }

    /**
     * How many verifications {@link Mailvet#verifyAll} keeps in flight (default 64): the bulk
     * window. Addresses of one domain within the window share a DNS lookup and SMTP sessions, so
     * a larger window groups better for unsorted lists; memory grows with it (about 1 KB each).
     */
    public Builder concurrency(int value) {
      if (value < 1 || value > 1_000_000) {
        throw new IllegalArgumentException("concurrency must be within 1..1000000: " + value);
      }
      this.concurrency = value;
      return this;
    }

    /** The clock for {@code verified_at} (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The engine. */
    public Mailvet build() {
      return new Mailvet(this);
    }
  }

  /** The test-mode magic domains and what each produces. */
  public static Map<String, String> testScenarios() {
    return TestScenarios.describe();
  }
}
