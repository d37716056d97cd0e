package io.github.mailvet.dns;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.mailvet.dns.MailRoute.Outcome;
import io.github.mailvet.internal.AsyncLimiter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves where mail for a domain goes: MX records in preference order, the implicit MX of
 * RFC 5321 section 5.1 when there are none, null MX (RFC 7505), NXDOMAIN, and DNS failures,
 * which are reported as {@link Outcome#ERROR} and never as a verdict on the domain.
 *
 * <p>Asynchronous (dnsjava over UDP, with TCP when an answer is truncated). Answers are cached
 * for their TTL, negative answers for their SOA minimum up to a cap, failures for a short while
 * (so that one domain gets one answer within a run); however many addresses ask for a domain at
 * once, one lookup is in flight.
 *
 * <p>A resolver that lies is not believed: canary names that must exist (by default the mail
 * domains of Gmail, Outlook and Yahoo) and a random name that cannot exist are looked up before
 * the first answer is given and again every {@link Builder#canaryInterval(Duration) interval}. A
 * resolver that denies a canary has its negative answers (NXDOMAIN, no mail route) reported as
 * {@link Outcome#ERROR}; one that answers for the random name has answers of that kind reported
 * as {@link Outcome#ERROR}. {@link #health()} says which, in words.
 *
 * <pre>{@code
 * DomainResolver dns = DomainResolver.builder()
 *     .servers(List.of("127.0.0.1:5353")).timeout(Duration.ofSeconds(2)).build();
 * MailRoute route = dns.resolve("example.org").join();
 * }</pre>
 */
public final class DomainResolver {

  /** Where dnsjava completes its futures (and so where the stages after a DNS answer run). */
  private static final java.util.concurrent.Executor CALLBACKS =
      io.github.mailvet.internal.Callbacks.POOL;

  private final @Nullable Resolver resolver;
  private final Duration negativeTtlCap;
  private final Duration maxTtl;
  private final AsyncCache<String, MailRoute> routes;
  private final AsyncCache<String, HostAddresses> hosts;
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong lookups = new AtomicLong();
  private final Duration failureTtl;
  private final List<String> canaries;
  private final String canaryTld;
  private final Duration canaryInterval;
  private final AtomicLong untrusted = new AtomicLong();
  private volatile @Nullable Check check;
  private final AsyncLimiter queriesInFlight;

  private record HostAddresses(List<String> addresses, Duration ttl) { }

  /**
   * A canary check: its answer, when it started, and the verdict before it (which stands while
   * the check runs).
   */
  private record Check(CompletableFuture<Trust> trust, long startedNanos,
      @Nullable CompletableFuture<Trust> previous) {

    CompletableFuture<Trust> current() {
      return previous != null && !trust.isDone() ? previous : trust;
    }
  }

  /** What the canaries showed: the verdict, and which kinds of answer are not evidence. */
  private record Trust(ResolverHealth health, boolean negatives, boolean implicitMx, boolean mx) { }

  private DomainResolver(Builder b) {
    List<InetSocketAddress> servers = b.servers.isEmpty()
        ? ResolverConfig.getCurrentConfig().servers() : b.servers;
    List<Resolver> simple = new ArrayList<>();
    for (InetSocketAddress s : servers) {
      SimpleResolver r = new SimpleResolver(s);
      r.setTimeout(b.timeout);
      simple.add(r);
    }
    if (simple.isEmpty()) {
      this.resolver = null; // every lookup becomes an ERROR route: unknown, never invalid
    } else {
      ExtendedResolver ext = new ExtendedResolver(simple);
      ext.setRetries(b.retries);
      ext.setTimeout(b.timeout);
      this.resolver = ext;
    }
    this.negativeTtlCap = b.negativeTtlCap;
    this.maxTtl = b.maxTtl;
    this.queriesInFlight = AsyncLimiter.of(b.maxInFlight, CALLBACKS);
    this.failureTtl = b.failureTtl;
    this.canaries = List.copyOf(b.canaries);
    this.canaryTld = b.canaryTld;
    this.canaryInterval = b.canaryInterval;
    this.routes = Caffeine.newBuilder().maximumSize(b.cacheSize)
        .expireAfter(new TtlExpiry<MailRoute>(MailRoute::ttl)).buildAsync();
    this.hosts = Caffeine.newBuilder().maximumSize(b.cacheSize)
        .expireAfter(new TtlExpiry<HostAddresses>(HostAddresses::ttl)).buildAsync();
  }

  /** A builder; every setting has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where mail for the domain (ASCII form) goes. Never completes exceptionally: failures are
   * {@link Outcome#ERROR} routes.
   */
  public CompletableFuture<MailRoute> resolve(String asciiDomain) {
    String d = normalize(asciiDomain);
    CompletableFuture<MailRoute> route = routes.get(d, (k, executor) -> {
      lookups.incrementAndGet();
      return lookup(k);
    });
    if (canaries.isEmpty()) {
      return route;
    }
    return route.thenCombine(trust(), this::vouch);
  }

  /**
   * Whether this resolver's answers are evidence, from the canary checks (started now if none ran
   * yet or the last one is older than the interval; while a re-check runs, the last verdict
   * stands, so only the very first lookups wait for the canaries). Never completes
   * exceptionally.
   */
  public CompletableFuture<ResolverHealth> health() {
    if (canaries.isEmpty()) {
      return done(new ResolverHealth(ResolverHealth.State.NOT_CHECKED,
          "canary checks are turned off", java.time.Instant.now()));
    }
    return trust().thenApply(Trust::health);
  }

  /** Answers given as {@link Outcome#ERROR} because the resolver was not trusted. */
  public long untrustedAnswers() {
    return untrusted.get();
  }

  private CompletableFuture<Trust> trust() {
    Check c = check;
    long now = System.nanoTime();
    if (c != null && (!c.trust().isDone() || now - c.startedNanos() < canaryInterval.toNanos())) {
      return c.current();
    }
    synchronized (this) {
      Check again = check;
      if (again != null && again != c) {
        return again.current();
      }
      check = new Check(askCanaries(), now, c == null ? null : c.trust());
      return check.current();
    }
  }

  private CompletableFuture<Trust> askCanaries() {
    List<CompletableFuture<MailRoute>> must = new ArrayList<>();
    for (String name : canaries) {
      must.add(lookup(name));
    }
    String ghost = "mailvet-canary-" + Long.toHexString(
        java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "."
        + canaryTld;
    CompletableFuture<MailRoute> none = lookup(ghost);
    List<CompletableFuture<MailRoute>> all = new ArrayList<>(must);
    all.add(none);
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
      java.time.Instant at = java.time.Instant.now();
      String denied = null;
      int answered = 0;
      for (int i = 0; i < canaries.size(); i++) {
        MailRoute r = must.get(i).join();
        if (r.outcome() != Outcome.ERROR) {
          answered++;
        }
        if (denied == null && (r.outcome() == Outcome.NXDOMAIN || r.outcome() == Outcome.NO_MX)) {
          denied = "the resolver answers " + (r.outcome() == Outcome.NXDOMAIN ? "NXDOMAIN"
              : "no mail route") + " for " + canaries.get(i) + ", which must exist";
        }
      }
      MailRoute g = none.join();
      boolean invented = g.outcome() == Outcome.MX || g.outcome() == Outcome.IMPLICIT_MX;
      String invention = !invented ? null : "the resolver answers for " + ghost
          + ", a random name that cannot exist (" + (g.mxHosts().isEmpty() ? "?"
              : g.mxHosts().get(0).addresses()) + ")";
      ResolverHealth h;
      if (denied != null || invented) {
        String why = denied != null && invented ? denied + ", and " + invention
            : denied != null ? denied : invention;
        h = new ResolverHealth(denied != null ? ResolverHealth.State.DENIES_EXISTING
            : ResolverHealth.State.INVENTS_ANSWERS, why + "; its "
            + (denied != null && invented ? "" : denied != null ? "negative " : "positive ")
            + "answers are not evidence", at);
      } else if (answered == 0 && g.outcome() == Outcome.ERROR) {
        h = new ResolverHealth(ResolverHealth.State.UNREACHABLE,
            "no DNS answer for " + String.join(", ", canaries) + ": " + g.detail(), at);
      } else {
        h = new ResolverHealth(ResolverHealth.State.TRUSTED, "names that must exist resolve and"
            + " a random name does not", at);
      }
      return new Trust(h, denied != null, invented,
          invented && g.outcome() == Outcome.MX);
    });
  }

  /** A route as evidence, or as an ERROR when the resolver is not trusted with its kind. */
  private MailRoute vouch(MailRoute route, Trust t) {
    boolean distrusted = switch (route.outcome()) {
      case NXDOMAIN, NO_MX -> t.negatives();
      case IMPLICIT_MX -> t.implicitMx();
      case MX -> t.mx();
      default -> false;
    };
    if (!distrusted) {
      return route;
    }
    untrusted.incrementAndGet();
    return new MailRoute(Outcome.ERROR, List.of(), route.rcode(), Duration.ZERO,
        "not evidence: " + t.health().detail(), null);
  }

  /** DNS queries sent so far (every retry and TCP fallback counted once per query). */
  public long queriesSent() {
    return queries.get();
  }

  /** Domain lookups started (cache misses). */
  public long lookupsStarted() {
    return lookups.get();
  }

  private static String normalize(String d) {
    String n = d.strip().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private CompletableFuture<MailRoute> lookup(String domain) {
    return query(domain, Type.MX)
        .thenCompose(m -> classify(domain, m))
        .exceptionally(t -> failure(domain, t));
  }

  private CompletableFuture<Message> query(String name, int type) {
    Resolver r = resolver;
    if (r == null) {
      return CompletableFuture.failedFuture(
          new java.io.IOException("no DNS servers configured and none found on the system"));
    }
    Message q;
    try {
      q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
    } catch (TextParseException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Message> result = new CompletableFuture<>();
    Runnable send = () -> {
      queries.incrementAndGet();
      r.sendAsync(q, CALLBACKS).whenComplete((m, t) -> {
        queriesInFlight.release();
        if (t != null) {
          result.completeExceptionally(t);
        } else {
          result.complete(m);
        }
      });
    };
    queriesInFlight.run(send);
    return result;
  }

  private CompletableFuture<MailRoute> classify(String domain, Message m) {
    int rcode = m.getRcode();
    String rc = Rcode.string(rcode);
    if (rcode == Rcode.NXDOMAIN) {
      return done(new MailRoute(Outcome.NXDOMAIN, List.of(), rc, negativeTtl(m),
          "the domain does not exist", null));
    }
    if (rcode != Rcode.NOERROR) {
      return done(new MailRoute(Outcome.ERROR, List.of(), rc, failureTtl,
          "the DNS server answered " + rc, null));
    }
    List<MXRecord> mx = new ArrayList<>();
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof MXRecord x) {
        mx.add(x);
      }
    }
    if (mx.isEmpty()) {
      // RFC 5321 section 5.1: no MX, so the domain's own address records act as one.
      Duration negative = negativeTtl(m);
      return hostAddresses(domain).thenApply(h -> h.addresses().isEmpty()
          ? new MailRoute(Outcome.NO_MX, List.of(), rc, negative,
              "the domain has neither MX nor address records", null)
          : new MailRoute(Outcome.IMPLICIT_MX, List.of(new MxHost(0, domain, h.addresses())), rc,
              min(h.ttl(), negative), "no MX records; the domain's address is its mail exchanger",
              null));
    }
    boolean nullMx = mx.stream().anyMatch(x -> x.getTarget().equals(Name.root));
    Duration ttl = Duration.ofSeconds(mx.stream().mapToLong(Record::getTTL).min().orElse(0));
    if (nullMx && mx.size() == 1) {
      return done(new MailRoute(Outcome.NULL_MX, List.of(), rc, cap(ttl),
          "the domain publishes a null MX (RFC 7505): it accepts no mail", null));
    }
    mx.removeIf(x -> x.getTarget().equals(Name.root));
    mx.sort(Comparator.comparingInt(MXRecord::getPriority));
    // RFC 1035 section 3.3.9: servers add the MX targets' addresses to the additional section;
    // using them saves a query per MX host.
    java.util.Map<String, List<String>> glue = new java.util.HashMap<>();
    long glueTtl = Long.MAX_VALUE;
    for (Record r : m.getSection(Section.ADDITIONAL)) {
      String ip = r instanceof ARecord a ? a.getAddress().getHostAddress()
          : r instanceof AAAARecord a6 ? a6.getAddress().getHostAddress() : null;
      if (ip != null) {
        glue.computeIfAbsent(normalize(r.getName().toString()), k -> new ArrayList<>()).add(ip);
        glueTtl = Math.min(glueTtl, r.getTTL());
      }
    }
    List<CompletableFuture<HostAddresses>> lookupsOfHosts = new ArrayList<>();
    for (MXRecord x : mx) {
      String host = normalize(x.getTarget().toString());
      List<String> known = glue.get(host);
      lookupsOfHosts.add(known != null
          ? done(new HostAddresses(known, cap(Duration.ofSeconds(glueTtl))))
          : hostAddresses(host));
    }
    return CompletableFuture.allOf(lookupsOfHosts.toArray(CompletableFuture[]::new))
        .thenApply(v -> {
          List<MxHost> usable = new ArrayList<>();
          Duration t = ttl;
          for (int i = 0; i < mx.size(); i++) {
            HostAddresses h = lookupsOfHosts.get(i).join();
            if (!h.addresses().isEmpty()) {
              usable.add(new MxHost(mx.get(i).getPriority(),
                  normalize(mx.get(i).getTarget().toString()), h.addresses()));
              t = min(t, h.ttl());
            }
          }
          if (usable.isEmpty()) {
            return new MailRoute(Outcome.NO_MX, List.of(), rc, cap(ttl),
                "none of the MX hosts resolves to an address", null);
          }
          return new MailRoute(Outcome.MX, usable, rc, cap(t), usable.size() + " of " + mx.size()
              + " MX hosts resolve", MailProviders.identify(usable));
        });
  }

  /** A, then AAAA when there is no A record; failures give no addresses (the host is skipped). */
  private CompletableFuture<HostAddresses> hostAddresses(String host) {
    return hosts.get(host, (k, executor) -> query(k, Type.A)
        .thenCompose(a -> {
          HostAddresses v4 = addresses(a);
          if (!v4.addresses().isEmpty() || a.getRcode() == Rcode.NXDOMAIN) {
            return done(v4);
          }
          return query(k, Type.AAAA).thenApply(this::addresses);
        })
        .exceptionally(t -> new HostAddresses(List.of(), Duration.ZERO)));
  }

  private HostAddresses addresses(Message m) {
    List<String> out = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        out.add(a.getAddress().getHostAddress());
        ttl = Math.min(ttl, r.getTTL());
      } else if (r instanceof AAAARecord a) {
        out.add(a.getAddress().getHostAddress());
        ttl = Math.min(ttl, r.getTTL());
      }
    }
    return new HostAddresses(out, out.isEmpty() ? negativeTtl(m)
        : cap(Duration.ofSeconds(ttl)));
  }

  /** RFC 2308 section 5: the SOA's TTL and MINIMUM, whichever is lower, capped. */
  private Duration negativeTtl(Message m) {
    for (Record r : m.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        return min(Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum())), negativeTtlCap);
      }
    }
    return min(Duration.ofSeconds(60), negativeTtlCap);
  }

  private MailRoute failure(String domain, Throwable t) {
    Throwable c = io.github.mailvet.internal.Futures.unwrap(t);
    boolean timeout = c instanceof TimeoutException
        || c instanceof java.net.SocketTimeoutException
        || String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("timed out");
    return new MailRoute(Outcome.ERROR, List.of(), timeout ? "TIMEOUT" : "ERROR", failureTtl,
        (timeout ? "DNS timed out" : "DNS failed: " + c.getClass().getSimpleName()) + " for "
            + domain, null);
  }

  private Duration cap(Duration d) {
    return min(d, maxTtl);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  /** Entries live for their DNS TTL. */
  private static final class TtlExpiry<V> implements Expiry<String, V> {
    private final java.util.function.Function<V, Duration> ttl;

    TtlExpiry(java.util.function.Function<V, Duration> ttl) {
      this.ttl = ttl;
    }

    @Override
    public long expireAfterCreate(String key, V value, long currentTime) {
      return ttl.apply(value).toNanos();
    }

    @Override
    public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
      return ttl.apply(value).toNanos();
    }

    @Override
    public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Builds a {@link DomainResolver}. */
  public static final class Builder {
    private final List<InetSocketAddress> servers = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(3);
    private int retries = 1;
    private Duration negativeTtlCap = Duration.ofMinutes(5);
    private Duration maxTtl = Duration.ofHours(1);
    private long cacheSize = 100_000;
    private int maxInFlight = 256;
    private Duration failureTtl = Duration.ofSeconds(30);
    private List<String> canaries = List.of("gmail.com", "outlook.com", "yahoo.com");
    private String canaryTld = "com";
    private Duration canaryInterval = Duration.ofMinutes(5);

    private Builder() {
    }

    /**
     * Names that must exist and receive mail (default gmail.com, outlook.com, yahoo.com); an empty
     * list turns the canary checks off (then every answer is taken as evidence).
     */
    public Builder canaries(List<String> names) {
      List<String> n = new ArrayList<>();
      for (String name : Objects.requireNonNull(names, "names")) {
        if (name == null || name.isBlank() || name.contains("@")) {
          throw new IllegalArgumentException("canary: not a domain name: '" + name + "'");
        }
        n.add(normalize(name));
      }
      this.canaries = n;
      return this;
    }

    /**
     * The top-level domain under which a random, non-existent name is asked (default
     * {@code com}); a resolver that answers for it invents answers.
     */
    public Builder canaryTld(String tld) {
      if (tld == null || tld.isBlank() || tld.contains(".")) {
        throw new IllegalArgumentException("canaryTld: not a top-level domain: '" + tld + "'");
      }
      this.canaryTld = tld.strip().toLowerCase(Locale.ROOT);
      return this;
    }

    /** How often the canaries are asked again (default 5 min). */
    public Builder canaryInterval(Duration value) {
      this.canaryInterval = io.github.mailvet.internal.Args.positive(value, "canaryInterval");
      return this;
    }

    /**
     * How long a failed lookup (timeout, SERVFAIL) is remembered before the domain is asked again
     * (default 30 s): within that time every address at the domain gets the same answer. A
     * batch run may set the length of the run.
     */
    public Builder failureTtl(Duration value) {
      Objects.requireNonNull(value, "failureTtl");
      if (value.isNegative()) {
        throw new IllegalArgumentException("failureTtl must not be negative: " + value);
      }
      this.failureTtl = value;
      return this;
    }

    /**
     * DNS queries in flight at once (default 256); more wait their turn. A burst of thousands of
     * UDP queries overflows resolvers' receive buffers and turns into timeouts.
     */
    public Builder maxInFlight(int value) {
      if (value < 1 || value > 100_000) {
        throw new IllegalArgumentException("maxInFlight must be within 1..100000: " + value);
      }
      this.maxInFlight = value;
      return this;
    }

    /**
     * DNS servers as {@code host}, {@code host:port}, {@code [ipv6]:port}; default: the system's.
     */
    public Builder servers(List<String> hostPorts) {
      Objects.requireNonNull(hostPorts, "hostPorts");
      for (String hp : hostPorts) {
        servers.add(parseServer(hp));
      }
      return this;
    }

    /** Timeout per query attempt (default 3 s). */
    public Builder timeout(Duration value) {
      this.timeout = io.github.mailvet.internal.Args.positive(value, "timeout");
      return this;
    }

    /** Retries per query after the first attempt (default 1). */
    public Builder retries(int value) {
      if (value < 0 || value > 10) {
        throw new IllegalArgumentException("retries must be within 0..10: " + value);
      }
      this.retries = value;
      return this;
    }

    /** The longest a negative answer (NXDOMAIN, no records) is cached (default 5 min). */
    public Builder negativeTtlCap(Duration value) {
      this.negativeTtlCap = Objects.requireNonNull(value, "negativeTtlCap");
      return this;
    }

    /** The longest any answer is cached, whatever its TTL (default 1 h). */
    public Builder maxTtl(Duration value) {
      this.maxTtl = Objects.requireNonNull(value, "maxTtl");
      return this;
    }

    /** How many domains (and, separately, MX hosts) the cache holds (default 100,000). */
    public Builder cacheSize(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative: " + value);
      }
      this.cacheSize = value;
      return this;
    }

    /** The resolver. */
    public DomainResolver build() {
      return new DomainResolver(this);
    }

    static InetSocketAddress parseServer(String hp) {
      if (hp == null || hp.isBlank()) {
        throw new IllegalArgumentException("DNS server: empty");
      }
      String s = hp.strip();
      String host = s;
      int port = 53;
      try {
        if (s.startsWith("[")) {
          int close = s.indexOf(']');
          host = s.substring(1, close);
          if (close + 1 < s.length()) {
            port = Integer.parseInt(s.substring(close + 2));
          }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
          host = s.substring(0, s.indexOf(':'));
          port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("DNS server: not host[:port]: '" + hp + "'");
      }
      if (port < 1 || port > 65535 || host.isEmpty()) {
        throw new IllegalArgumentException("DNS server: not host[:port]: '" + hp + "'");
      }
      InetSocketAddress a = new InetSocketAddress(host, port);
      if (a.isUnresolved()) {
        throw new IllegalArgumentException("DNS server: cannot find the address of '" + host
            + "' (give an IP address, or a name the system can resolve)");
      }
      return a;
    }
  }

  /** For diagnostics. */
  @Override
  public String toString() {
    return "DomainResolver[queries=" + queries.get() + ", lookups=" + lookups.get() + "]";
  }
}
