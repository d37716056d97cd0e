package io.github.mailvet;

import io.github.mailvet.address.AddressParser;
import io.github.mailvet.address.SyntaxPolicy;
import io.github.mailvet.dns.DomainResolver;
import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.dns.ResolverHealth;
import io.github.mailvet.smtp.SmtpProber;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.ProviderUsage;
import io.github.mailvet.hosted.Quota;
import io.github.mailvet.knowledge.KnowledgeBase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private static final System.Logger LOG = System.getLogger(Mailvet.class.getName());


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
  private final int readAhead;
  private final @Nullable Delegation delegation;
  private final List<VerificationListener> listeners;
  private final LocalPipeline pipeline;
  private final SyntaxPolicy syntaxPolicy;
  private final boolean allowRoleBased;
  private final @Nullable Hosted hosted;
  private final io.github.mailvet.hosted.@Nullable HostedLedger hostedLedger;

  private Mailvet(Builder b) {
    this.parser = AddressParser.of(b.syntaxPolicy);
    this.syntaxPolicy = b.syntaxPolicy;
    this.allowRoleBased = b.allowRoleBased;
    this.hosted = b.hosted;
    this.knowledge = b.knowledge != null ? b.knowledge : KnowledgeBase.bundled();
    this.testMode = b.testMode;
    this.offline = b.offline;
    this.profile = b.profile;
    this.clock = b.clock;
    this.concurrency = b.concurrency;
    this.readAhead = b.readAhead != null ? b.readAhead : defaultReadAhead(b.concurrency);
    this.listeners = List.copyOf(b.listeners);
    this.delegation = b.hosted == null || b.hosted.mode() == Hosted.Mode.LOCAL ? null
        : new Delegation(b.hosted, b.hostedLedger);
    this.hostedLedger = b.hostedLedger;
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
      if (b.smtpSessions != null) {
        pb.maxSessions(b.smtpSessions);
      }
      if (b.mxOwnership != null) {
        pb.ownership(b.mxOwnership);
      }
      pb.ownerKeySlots(b.ownerKeySlots);
      this.prober = pb.build();
    }
    this.pipeline = new LocalPipeline(parser,
        new Classifier(knowledge, parser, testMode, offline, b.allowRoleBased), resolver, prober,
        clock);
  }

  /** The read-ahead when none is set: an eighth of the heap at 8 KB an address, bounded. */
  static int defaultReadAhead(int concurrency) {
    long byHeap = Runtime.getRuntime().maxMemory() / 8 / 8192;
    return (int) Math.max(concurrency, Math.max(10_000, Math.min(100_000, byHeap)));
  }

  /** An engine with the defaults: practical syntax, bundled datasets, no profile. */
  public static Mailvet create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder for an engine derived from this one: the same settings, sharing this engine's
   * resolver (and its DNS cache), its SMTP prober (closed by this engine only), its knowledge base
   * (datasets, allow and deny lists) and its listeners. Hosted settings are copied; the derived
   * engine keeps its own ledger, unless a shared {@link io.github.mailvet.hosted.HostedLedger}
   * was given, which is shared too.
   *
   * <pre>{@code
   * Mailvet forImports = mailvet.newBuilder().profile("b2b").build();
   * }</pre>
   */
  public Builder newBuilder() {
    Builder b = new Builder().syntaxPolicy(syntaxPolicy).knowledgeBase(knowledge)
        .testMode(testMode).offline(offline).profile(profile).clock(clock)
        .concurrency(concurrency).readAhead(readAhead).allowRoleBased(allowRoleBased);
    if (resolver != null) {
      b.domainResolver(resolver);
    }
    if (prober != null) {
      b.smtp(true).smtpProber(prober);
    }
    if (hosted != null) {
      b.hosted(hosted);
    }
    if (hostedLedger != null) {
      b.hostedLedger(hostedLedger);
    }
    listeners.forEach(b::listener);
    return b;
  }

  /** Whether this engine probes mailboxes over SMTP (SMTP on, and not offline). */
  public boolean smtpEnabled() {
    return prober != null;
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
   * {@link Builder#concurrency(int)} verifications in flight. It reads up to
   * {@link Builder#readAhead(int)} addresses past the oldest unanswered one and starts a domain's
   * addresses together, so that they share its DNS lookup and one SMTP session however the list
   * is ordered; memory stays bounded by the read-ahead for an unbounded stream.
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
    Iterator<VerificationResult> out = new BulkWindow(in, concurrency, readAhead,
        e -> run(e, profile, excluded), progress);
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
      } catch (RuntimeException e) {
        // a listener's failure is not the caller's, but it is not silent either
        LOG.log(System.Logger.Level.WARNING, "a VerificationListener threw; the result is"
            + " delivered all the same", e);
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
      return pipeline.run(email, p, true, smtpAllowed);
    }
    String ask = email == null ? "" : email.strip();
    CompletableFuture<VerificationResult> r;
    if (d.mode() == Hosted.Mode.ESCALATE) {
      // local first; only an unknown answer for a well-formed address goes to the providers
      r = pipeline.run(email, null, true, smtpAllowed).thenCompose(l -> {
        String key = l.normalizedEmail();
        if (l.status() != Status.UNKNOWN || key == null || isTestAddress(key)) {
          return CompletableFuture.completedFuture(l);
        }
        return d.ask(ask, excluded).thenApply(o -> o.answer() != null ? o.answer()
            : o.annotate(l));
      });
    } else {
      // the free, offline stages first: a malformed or reserved address costs no credit
      VerificationResult offline = pipeline.run(email, null, false, false).join();
      String key = offline.normalizedEmail();
      if (offline.status() == Status.INVALID || key == null || isTestAddress(key)) {
        return pipeline.run(email, p, true, smtpAllowed);
      }
      r = d.ask(ask, excluded).thenCompose(o -> o.answer() != null
          ? CompletableFuture.completedFuture(o.answer())
          : pipeline.run(email, null, true, smtpAllowed).thenApply(o::annotate));
    }
    return p == null ? r : r.thenApply(p::decide);
  }

  private boolean isTestAddress(String normalized) {
    return testMode && normalized.endsWith("." + TestScenarios.DOMAIN);
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
    private @Nullable Integer readAhead;
    private @Nullable Hosted hosted;
    private io.github.mailvet.hosted.@Nullable HostedLedger hostedLedger;
    private final List<VerificationListener> listeners = new ArrayList<>();
    private boolean allowRoleBased = true;
    private boolean smtp;
    private int smtpPort = 25;
    private @Nullable String heloName;
    private String mailFrom = "";
    private boolean allowPrivateMx;
    private @Nullable Duration smtpTimeout;
    private @Nullable Duration greylistRetry;
    private io.github.mailvet.smtp.@Nullable MxOwnership mxOwnership;
    private int ownerKeySlots = 1;
    private @Nullable Integer smtpSessions;
    private @Nullable SmtpProber prober;
    private int sessionsPerHost = 2;
    private Duration intervalPerHost = Duration.ZERO;
    /** DNS and SMTP settings given one by one: a shared resolver or prober would ignore them. */
    private final java.util.Set<String> dnsSettings = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> smtpSettings = new java.util.LinkedHashSet<>();

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
      dnsSettings.add("dnsServers");
      Objects.requireNonNull(hostPorts, "hostPorts");
      for (String hp : hostPorts) {
        DomainResolver.builder().servers(List.of(hp)); // checks the form eagerly
        dnsServers.add(hp);
      }
      return this;
    }

    /** Timeout of one DNS query attempt (default 3 s). */
    public Builder dnsTimeout(Duration timeout) {
      dnsSettings.add("dnsTimeout");
      Objects.requireNonNull(timeout, "timeout");
      DomainResolver.builder().timeout(timeout);
      this.dnsTimeout = timeout;
      return this;
    }

    /** DNS retries after the first attempt (default 1). */
    public Builder dnsRetries(int retries) {
      dnsSettings.add("dnsRetries");
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
      dnsSettings.add("dnsCanaries");
      DomainResolver.builder().canaries(names);
      this.dnsCanaries = List.copyOf(names);
      return this;
    }

    /**
     * How long a failed DNS lookup is remembered (default 30 s), so that every address at the
     * domain gets the same answer meanwhile. See {@link DomainResolver.Builder#failureTtl}.
     */
    public Builder dnsFailureTtl(Duration ttl) {
      dnsSettings.add("dnsFailureTtl");
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
      smtpSettings.add("smtpPort");
      SmtpProber.builder().port(port);
      this.smtpPort = port;
      return this;
    }

    /** The EHLO name (default this machine's host name; never somebody else's domain). */
    public Builder heloName(String name) {
      smtpSettings.add("heloName");
      SmtpProber.builder().heloName(name);
      this.heloName = name;
      return this;
    }

    /** The MAIL FROM address (default the null reverse-path {@code <>}). */
    public Builder mailFrom(String address) {
      smtpSettings.add("mailFrom");
      SmtpProber.builder().mailFrom(address);
      this.mailFrom = address;
      return this;
    }

    /** Allow probing MX hosts at loopback or private addresses (tests, intranets). */
    public Builder allowPrivateMx(boolean allow) {
      smtpSettings.add("allowPrivateMx");
      this.allowPrivateMx = allow;
      return this;
    }

    /** Connect and reply timeout of SMTP (default 10 s and 15 s). */
    public Builder smtpTimeout(Duration timeout) {
      smtpSettings.add("smtpTimeout");
      SmtpProber.builder().connectTimeout(timeout);
      this.smtpTimeout = timeout;
      return this;
    }

    /** Re-check a greylisted address once after this delay (default no re-check). */
    public Builder greylistRetry(Duration delay) {
      smtpSettings.add("greylistRetry");
      SmtpProber.builder().greylistRetry(delay);
      this.greylistRetry = delay;
      return this;
    }

    /**
     * SMTP sessions at once over all mail servers (default 32): the engine's connection budget.
     */
    public Builder smtpSessions(int value) {
      smtpSettings.add("smtpSessions");
      SmtpProber.builder().maxSessions(value);
      this.smtpSessions = value;
      return this;
    }

    /**
     * Politeness towards each MX host: sessions at once (default 2) and the minimum interval
     * between session starts (default none).
     */
    public Builder smtpPerHost(int maxSessions, Duration minInterval) {
      smtpSettings.add("smtpPerHost");
      SmtpProber.builder().maxSessionsPerHost(maxSessions).minIntervalPerHost(minInterval);
      this.sessionsPerHost = maxSessions;
      this.intervalPerHost = minInterval;
      return this;
    }

    /**
     * Who may open sessions to a mail server when several processes probe (default: this
     * process alone). See {@link io.github.mailvet.smtp.MxOwnership}.
     */
    public Builder mxOwnership(io.github.mailvet.smtp.MxOwnership value) {
      smtpSettings.add("mxOwnership");
      this.mxOwnership = Objects.requireNonNull(value, "mxOwnership");
      return this;
    }

    /**
     * Splits each known mail provider's owner key into this many by address (default 1), when
     * several processes, each with its own egress IP, share an {@link #mxOwnership}: a provider
     * whose limits are per sending IP (Google, Microsoft, Yahoo) then sees up to this many polite
     * clients instead of one; other mail servers keep one key. See
     * {@link io.github.mailvet.dns.MailRoute#slot(java.util.List, String, int)}.
     */
    public Builder ownerKeySlots(int value) {
      io.github.mailvet.dns.MailRoute.requireSlots(value);
      smtpSettings.add("ownerKeySlots");
      this.ownerKeySlots = value;
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

    /**
     * Keeps the hosted providers' budgets and quota suspensions in a ledger shared with other
     * engines (default: in this engine's memory). See {@link io.github.mailvet.hosted.HostedLedger}.
     */
    public Builder hostedLedger(io.github.mailvet.hosted.HostedLedger value) {
      this.hostedLedger = Objects.requireNonNull(value, "hostedLedger");
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

    /**
     * How many addresses {@link Mailvet#verifyAll} reads past the oldest unanswered one (at
     * least the concurrency). The read-ahead is what lets a domain's addresses, scattered over
     * an unsorted list, meet in one DNS lookup and one SMTP session; each costs memory until its
     * result is handed out (about 2 KB with its result). Default: what an eighth of the maximum
     * heap holds at 8 KB each, between 10,000 and 100,000.
     */
    public Builder readAhead(int value) {
      if (value < 1 || value > 10_000_000) {
        throw new IllegalArgumentException("readAhead must be within 1..10000000: " + value);
      }
      this.readAhead = value;
      return this;
    }

    /** The clock for {@code verified_at} (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The engine. */
    public Mailvet build() {
      // contradictory settings fail instead of one silently winning
      requireState(resolver == null || dnsSettings.isEmpty(), "domainResolver(...) brings its"
          + " own DNS settings; " + dnsSettings + " would be ignored: set them on its builder");
      requireState(prober == null || smtpSettings.isEmpty(), "smtpProber(...) brings its own SMTP"
          + " settings; " + smtpSettings + " would be ignored: set them on its builder");
      requireState(!(offline && smtp), "offline(true) and smtp(true): an offline engine does not"
          + " probe mail servers");
      return new Mailvet(this);
    }

    private static void requireState(boolean ok, String message) {
      if (!ok) {
        throw new IllegalStateException(message);
      }
    }
  }

  /** The test-mode magic domains and what each produces. */
  public static Map<String, String> testScenarios() {
    return TestScenarios.describe();
  }
}
