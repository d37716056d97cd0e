package io.github.mailvet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.HostedAnswer;
import io.github.mailvet.hosted.HostedLedger;
import io.github.mailvet.hosted.HostedProvider;
import io.github.mailvet.hosted.ProviderException;
import io.github.mailvet.hosted.ProviderException.Kind;
import io.github.mailvet.hosted.ProviderUsage;
import io.github.mailvet.hosted.Quota;
import io.github.mailvet.internal.Futures;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The runtime of hosted delegation (not API): the failover chain, retries and circuit breakers
 * (Resilience4j), quota and budget bookkeeping, the answer cache, bulk batching and the ledger.
 */
final class Delegation implements AutoCloseable {

  /** What the providers made of one address. */
  public record Outcome(@Nullable VerificationResult answer, List<Evidence> notes,
      boolean failed) {

    /** The local result with the providers' notes; {@code provider_error} if all failed. */
    public VerificationResult annotate(VerificationResult local) {
      if (notes.isEmpty()) {
        return local;
      }
      List<Evidence> ev = new ArrayList<>(local.evidence());
      ev.addAll(notes);
      Reason reason = failed && local.status() == Status.UNKNOWN ? Reason.PROVIDER_ERROR
          : local.reason();
      return local.toBuilder().reason(reason).evidence(ev).build();
    }
  }

  private final Hosted settings;
  private final @Nullable HostedLedger ledger;
  private final List<State> states = new ArrayList<>();
  /** Distinct error codes a month's ledger keeps per provider; the rest count as "other". */
  static final int MAX_ERROR_CODES = 32;
  private final @Nullable Cache<String, VerificationResult> cache;
  private final Map<String, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "mailvet-hosted");
        t.setDaemon(true);
        return t;
      });

  /** The runtime for these settings. */
  public Delegation(Hosted settings, @Nullable HostedLedger ledger) {
    this.settings = settings;
    this.ledger = ledger;
    for (HostedProvider p : settings.providers()) {
      states.add(new State(p, settings.budget(p.id())));
    }
    this.cache = settings.cacheSize() == 0 ? null : Caffeine.newBuilder()
        .maximumSize(settings.cacheSize()).expireAfterWrite(settings.cacheTtl()).build();
  }

  /** The mode. */
  public Hosted.Mode mode() {
    return settings.mode();
  }

  /**
   * Asks the providers about an address (already known to be well-formed), in failover order,
   * skipping the excluded ones. Never completes exceptionally.
   */
  public CompletableFuture<Outcome> ask(String email, Set<String> excluded) {
    // cached under exactly what is sent: an answer is never served for another string that
    // merely normalizes the same way
    String key = email + (settings.checkSmtp() ? "|smtp" : "");
    VerificationResult hit = cache == null ? null : cache.getIfPresent(key);
    if (hit != null) {
      for (State s : states) {
        if (s.provider.id().equals(hit.source())) {
          s.month().cacheHits.incrementAndGet();
        }
      }
      return CompletableFuture.completedFuture(new Outcome(fromCache(hit, email), List.of(),
          false));
    }
    // one paid request per address in flight, however many callers ask at once
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    CompletableFuture<Outcome> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.thenApply(o -> o.answer() == null ? o
          : new Outcome(fromCache(o.answer(), email), o.notes(), o.failed()));
    }
    chain(email, 0, excluded, new ArrayList<>(), false)
        .orTimeout(settings.timeBudget().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .whenComplete((o, t) -> {
      Outcome out = t instanceof java.util.concurrent.TimeoutException
          ? new Outcome(null, List.of(Evidence.of("hosted", "time_budget", "the providers"
              + " took longer than the time budget of " + settings.timeBudget().toMillis()
              + " ms", 0)), true)
          : t != null ? new Outcome(null, List.of(Evidence.of("hosted", "internal_error",
          "delegation failed: " + t.getClass().getSimpleName(), 0)), true) : o;
      if (out.answer() != null && cache != null) {
        cache.put(key, out.answer());
      }
      inFlight.remove(key, mine);
      mine.complete(out);
    });
    return mine;
  }

  private CompletableFuture<Outcome> chain(String email, int index, Set<String> excluded,
      List<Evidence> notes, boolean failed) {
    if (index >= states.size()) {
      return CompletableFuture.completedFuture(new Outcome(null, List.copyOf(notes), failed));
    }
    State s = states.get(index);
    String id = s.provider.id();
    String skip = excluded.contains(id) ? "the job is larger than its remaining quota"
        : s.skipReason(now());
    if (skip == null && !s.tryReserve(1)) {
      skip = "no quota or budget left this month";
    }
    if (skip != null) {
      // a provider that cannot be asked has not answered either: if nothing else answers, the
      // result is provider_error like after a failed request
      notes.add(note(id, "provider_skipped", id + " not asked: " + skip, Map.of()));
      return chain(email, index + 1, excluded, notes, true);
    }
    return s.answer(email).handle((a, t) -> {
      if (t == null) {
        s.settle(1, a);
        if (a.conclusive()) {
          // the answer carries what happened before it (providers skipped or failed)
          VerificationResult answer = new Outcome(null, List.copyOf(notes), false)
              .annotate(a.result());
          return CompletableFuture.completedFuture(new Outcome(answer, List.copyOf(notes),
              false));
        }
        notes.addAll(a.result().evidence());
        return chain(email, index + 1, excluded, notes, failed);
      }
      s.release(1);
      Throwable c = unwrap(t);
      if (c instanceof Skipped skipped) {
        notes.add(note(id, "provider_skipped", id + " not asked: " + skipped.getMessage(),
            Map.of()));
        return chain(email, index + 1, excluded, notes, true);
      }
      notes.add(s.failure(c));
      return chain(email, index + 1, excluded, notes, true);
    }).thenCompose(f -> f);
  }

  /**
   * Providers that cannot take a bulk job of {@code size} addresses under
   * {@link Hosted.BulkQuota#REFUSE_WHOLE}; empty under {@link Hosted.BulkQuota#SEND_WHAT_FITS}.
   * Asks the usage endpoints first so the remaining quota is fresh.
   */
  public Set<String> refuseForBulk(long size) {
    refreshQuota();
    Set<String> out = new HashSet<>();
    if (settings.bulkQuota() == Hosted.BulkQuota.REFUSE_WHOLE) {
      for (State s : states) {
        if (s.provider.spendsCredits() && s.available() < size) {
          out.add(s.provider.id());
        }
      }
    }
    return out;
  }

  /** Asks every provider's usage endpoint (where it has one) and records the quota. */
  public Map<String, Optional<Quota>> refreshQuota() {
    Map<String, Optional<Quota>> out = new LinkedHashMap<>();
    for (State s : states) {
      try {
        Optional<Quota> q = s.provider.usage().get(30, TimeUnit.SECONDS);
        q.ifPresent(s::observe);
        out.put(s.provider.id(), q);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.put(s.provider.id(), Optional.empty());
      } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
        Throwable c = unwrap(e);
        if (c instanceof ProviderException pe) {
          s.failure(pe);
        }
        out.put(s.provider.id(), Optional.empty());
      }
    }
    return out;
  }

  /** The ledger of this month, one entry per provider. */
  public List<ProviderUsage> usage() {
    List<ProviderUsage> out = new ArrayList<>();
    for (State s : states) {
      out.add(s.usage());
    }
    return out;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    for (State s : states) {
      s.provider.close();
    }
  }

  private Instant now() {
    return settings.clock().instant();
  }

  private static Throwable unwrap(Throwable t) {
    return Futures.unwrap(t);
  }

  private static Evidence note(String provider, String code, String message,
      Map<String, String> extra) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("provider", provider);
    data.putAll(extra);
    return new Evidence("hosted", code, message, 0, data);
  }

  private static VerificationResult fromCache(VerificationResult r, String email) {
    return r.toBuilder().email(email).fromCache(true).durationMs(0).decision(null, null).build();
  }

  /** A batch not sent because its provider was suspended while the batch filled. */
  private static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped(String why) {
      super(why, null, false, false);
    }
  }

  /** A month of one provider's ledger. */
  private static final class Month {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong credits = new AtomicLong();
    final AtomicLong answers = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  }

  /** One provider: its resilience, quota and ledger. */
  private final class State {
    final HostedProvider provider;
    final @Nullable Long budget;
    final Retry retry;
    final CircuitBreaker breaker;
    final Map<YearMonth, Month> months = new ConcurrentHashMap<>();
    final @Nullable Batcher batcher;
    volatile boolean unusable;
    volatile @Nullable Instant suspendedUntil;
    /** When the shared ledger's suspension was last read (nanoTime), so it is read once a second. */
    private volatile long sharedCheckedAt;
    private volatile boolean sharedChecked;
    // guarded by this
    private @Nullable Long remaining;
    private @Nullable Instant resetAt;
    private long reserved;

    State(HostedProvider provider, @Nullable Long budget) {
      this.provider = provider;
      this.budget = budget;
      IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
          settings.backoff(), 2.0, 0.5);
      this.retry = Retry.of(provider.id(), RetryConfig.<Object>custom()
          .maxAttempts(settings.maxAttempts())
          .retryOnException(t -> retryable(unwrap(t)))
          .intervalBiFunction((attempt, either) -> {
            if (either.isLeft() && unwrap(either.getLeft()) instanceof ProviderException pe
                && pe.retryAt() != null) {
              return Math.max(0, Duration.between(now(), pe.retryAt()).toMillis());
            }
            return backoff.apply(attempt);
          })
          .build());
      this.breaker = CircuitBreaker.of(provider.id(), CircuitBreakerConfig.custom()
          .slidingWindowSize(10).minimumNumberOfCalls(5).failureRateThreshold(50)
          .waitDurationInOpenState(settings.breakerOpen())
          .permittedNumberOfCallsInHalfOpenState(1)
          .recordException(t -> unwrap(t) instanceof ProviderException pe
              && pe.kind() == Kind.UNAVAILABLE)
          .build());
      this.batcher = provider.maxBatch() > 1 ? new Batcher(this) : null;
    }

    boolean retryable(Throwable t) {
      if (!(t instanceof ProviderException pe)) {
        return false;
      }
      if (pe.kind() != Kind.RATE_LIMITED && pe.kind() != Kind.UNAVAILABLE) {
        return false;
      }
      return pe.retryAt() == null
          || Duration.between(now(), pe.retryAt()).compareTo(settings.maxRetryWait()) <= 0;
    }

    Month month() {
      return months.computeIfAbsent(YearMonth.now(settings.clock().withZone(ZoneOffset.UTC)),
          k -> new Month());
    }

    /** One resilient call: retries around the circuit breaker around one attempt. */
    <T> CompletableFuture<T> resilient(Supplier<CompletableFuture<T>> attempt) {
      Supplier<java.util.concurrent.CompletionStage<T>> counted = () -> {
        month().requests.incrementAndGet();
        return attempt.get();
      };
      return Retry.decorateCompletionStage(retry, scheduler,
          CircuitBreaker.decorateCompletionStage(breaker, counted)).get().toCompletableFuture();
    }

    CompletableFuture<HostedAnswer> answer(String email) {
      if (batcher != null) {
        return batcher.submit(email);
      }
      return resilient(() -> provider.verify(email, settings.checkSmtp()));
    }

    @Nullable String skipReason(Instant now) {
      if (unusable) {
        return "its API key was refused";
      }
      Instant until = suspendedUntil;
      if (ledger != null && (until == null || !now.isBefore(until))) {
        until = sharedSuspension();
      }
      if (until != null && now.isBefore(until)) {
        return "suspended until " + until + " (quota exhausted)";
      }
      if (breaker.getState() == CircuitBreaker.State.OPEN) {
        return "its circuit is open after repeated failures";
      }
      return null;
    }

    /** The suspension another engine put in the shared ledger, read at most once a second. */
    private @Nullable Instant sharedSuspension() {
      HostedLedger l = ledger;
      long t = System.nanoTime();
      if (l == null || (sharedChecked && t - sharedCheckedAt < 1_000_000_000L)) {
        return suspendedUntil;
      }
      sharedCheckedAt = t;
      sharedChecked = true;
      try {
        Instant shared = l.suspendedUntil(provider.id());
        if (shared != null) {
          suspendedUntil = shared;
        }
        return shared;
      } catch (RuntimeException e) {
        return suspendedUntil; // the ledger is unreachable: go by what this engine knows
      }
    }

    private YearMonth thisMonth() {
      return YearMonth.now(settings.clock().withZone(ZoneOffset.UTC));
    }

    synchronized long available() {
      long left = Long.MAX_VALUE;
      if (budget != null && ledger == null) {
        left = budget - month().credits.get() - reserved;
      }
      Instant reset = resetAt;
      if (remaining != null && (reset == null || now().isBefore(reset))) {
        left = Math.min(left, remaining - reserved);
      }
      return left;
    }

    synchronized boolean tryReserve(int n) {
      if (!provider.spendsCredits()) {
        return true;
      }
      if (available() < n) {
        return false;
      }
      if (ledger != null && budget != null) {
        try {
          if (!ledger.tryTake(provider.id(), thisMonth(), budget, n)) {
            return false;
          }
        } catch (RuntimeException e) {
          return false; // the shared budget cannot be checked: spend nothing
        }
      }
      reserved += n;
      return true;
    }

    synchronized void release(int n) {
      if (provider.spendsCredits()) {
        reserved -= n;
        shared(-n);
      }
    }

    /** Corrects the shared budget; a failure leaves it counting more than was spent (safe). */
    private void shared(long correction) {
      if (ledger != null && budget != null && correction != 0) {
        try {
          ledger.adjust(provider.id(), thisMonth(), correction);
        } catch (RuntimeException e) {
          // over-counted, never over-spent
        }
      }
    }

    synchronized void settle(int reservedN, HostedAnswer a) {
      Month m = month();
      m.answers.incrementAndGet();
      int spent = provider.spendsCredits() ? a.credits() : 0;
      if (provider.spendsCredits()) {
        reserved -= reservedN;
        shared((long) spent - reservedN);
      }
      m.credits.addAndGet(spent);
      if (a.quota() != null && a.quota().remaining() != null) {
        observe(a.quota());
      } else if (remaining != null) {
        remaining = remaining - spent;
      }
    }

    synchronized void observe(Quota q) {
      if (q.remaining() != null) {
        remaining = q.remaining();
        resetAt = q.resetAt();
      }
    }

    /** Records a failure and what follows from it; returns the evidence. */
    Evidence failure(Throwable t) {
      Map<String, String> data = new LinkedHashMap<>();
      String code;
      String message;
      if (t instanceof ProviderException pe) {
        code = pe.code();
        message = Objects.requireNonNullElse(pe.getMessage(), pe.code());
        data.put("kind", pe.kind().name().toLowerCase(java.util.Locale.ROOT));
        data.put("http_status", Integer.toString(pe.httpStatus()));
        data.put("error_code", pe.code());
        switch (pe.kind()) {
          case AUTH -> unusable = true;
          case QUOTA -> {
            Instant until = pe.retryAt();
            suspendedUntil = until;
            if (ledger != null && until != null) {
              try {
                ledger.suspend(provider.id(), until);
              } catch (RuntimeException e) {
                // the other engines find out from the provider themselves
              }
            }
            synchronized (this) {
              remaining = 0L;
              resetAt = until;
            }
            if (until != null) {
              data.put("suspended_until", until.toString());
            }
          }
          default -> { }
        }
      } else if (t instanceof CallNotPermittedException) {
        code = "circuit_open";
        message = provider.id() + ": not asked, its circuit is open after repeated failures";
      } else {
        code = "internal_error";
        message = provider.id() + ": " + t.getClass().getSimpleName();
      }
      Map<String, AtomicLong> errors = month().errors;
      // codes come from outside: a provider inventing one per request must not grow the ledger
      String counted = errors.containsKey(code) || errors.size() < MAX_ERROR_CODES ? code
          : "other";
      errors.computeIfAbsent(counted, k -> new AtomicLong()).incrementAndGet();
      return note(provider.id(), "provider_failed", message, data);
    }

    ProviderUsage usage() {
      Month m = month();
      Map<String, Long> errors = new LinkedHashMap<>();
      m.errors.forEach((k, v) -> errors.put(k, v.get()));
      Long rem;
      Instant reset;
      synchronized (this) {
        rem = remaining;
        reset = resetAt;
      }
      String skip = skipReason(now());
      String state = skip == null ? "active" : unusable ? "unusable"
          : breaker.getState() == CircuitBreaker.State.OPEN ? "circuit_open" : "suspended";
      return new ProviderUsage(provider.id(),
          YearMonth.now(settings.clock().withZone(ZoneOffset.UTC)).toString(),
          m.requests.get(), m.credits.get(), m.answers.get(), m.cacheHits.get(), errors, budget,
          rem, reset, state, "suspended".equals(state) ? suspendedUntil : null);
    }
  }

  /**
   * Collects addresses for a provider's bulk endpoint: a batch goes out when full or when the
   * linger time has passed since its first address.
   */
  private final class Batcher {
    private final State state;
    private final int max;
    private List<String> emails = new ArrayList<>();
    private List<CompletableFuture<HostedAnswer>> futures = new ArrayList<>();

    Batcher(State state) {
      this.state = state;
      this.max = state.provider.maxBatch();
    }

    CompletableFuture<HostedAnswer> submit(String email) {
      CompletableFuture<HostedAnswer> f = new CompletableFuture<>();
      boolean first;
      boolean full;
      synchronized (this) {
        first = emails.isEmpty();
        emails.add(email);
        futures.add(f);
        full = emails.size() >= max;
      }
      if (full) {
        flush();
      } else if (first) {
        scheduler.schedule(this::flush, settings.batchLinger().toMillis(),
            TimeUnit.MILLISECONDS);
      }
      return f;
    }

    void flush() {
      List<String> batch;
      List<CompletableFuture<HostedAnswer>> waiting;
      synchronized (this) {
        if (emails.isEmpty()) {
          return;
        }
        batch = emails;
        waiting = futures;
        emails = new ArrayList<>();
        futures = new ArrayList<>();
      }
      String skip = state.skipReason(now());
      if (skip != null) {
        Skipped s = new Skipped(skip);
        waiting.forEach(f -> f.completeExceptionally(s));
        return;
      }
      CompletableFuture<List<HostedAnswer>> call = batch.size() == 1
          ? state.resilient(() -> state.provider.verify(batch.get(0), settings.checkSmtp())
              .thenApply(List::of))
          : state.resilient(() -> state.provider.verifyBatch(batch, settings.checkSmtp()));
      call.whenComplete((answers, t) -> {
        for (int i = 0; i < waiting.size(); i++) {
          if (t != null) {
            waiting.get(i).completeExceptionally(t);
          } else {
            waiting.get(i).complete(answers.get(i));
          }
        }
      });
    }
  }
}
