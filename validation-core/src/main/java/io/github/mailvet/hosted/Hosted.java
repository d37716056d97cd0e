package io.github.mailvet.hosted;

import static io.github.mailvet.internal.Args.positive;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of hosted delegation: which providers in which failover order, when to ask them, and
 * how hard to try. Pass to {@code Mailvet.builder().hosted(...)}.
 *
 * <pre>{@code
 * Hosted hosted = Hosted.builder()
 *     .mode(Hosted.Mode.ESCALATE)
 *     .provider(Providers.fromEnvironment("apiddress").orElseThrow().build(), 1_500)
 *     .provider(Providers.fromEnvironment("killbounce").orElseThrow().build())
 *     .build();
 * }</pre>
 *
 * <p>What the engine does with a provider's failures: no retry on a bad request or a bad key
 * (the provider is then unusable until restart); a quota or credit error suspends the provider
 * until its reset; rate limits, 5xx, timeouts and malformed bodies get a bounded retry with
 * jittered backoff that honours {@code Retry-After}, and outages open a circuit breaker. Then
 * the next provider, then the local pipeline. Nothing is thrown to the caller.
 */
public final class Hosted {

  /** When providers are asked. */
  public enum Mode {
    /** Never (the default): no network traffic to any provider. */
    LOCAL,
    /** The providers first, in order; the local pipeline when none can answer. */
    HOSTED_FIRST,
    /** The local pipeline first; the providers only when it ends {@code unknown} (DNS errors,
     *  greylisting, port 25 blocked, ...). */
    ESCALATE;

    /** Parses {@code local}, {@code hosted-first}, {@code escalate}. */
    public static Mode parse(String value) {
      String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Mode m : values()) {
        if (m.name().equals(v)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown mode '" + value
          + "'; expected local, hosted-first or escalate");
    }
  }

  /** What bulk work does when a provider's remaining quota is smaller than the job. */
  public enum BulkQuota {
    /** The provider takes none of the job (the next provider or the local pipeline does). */
    REFUSE_WHOLE,
    /** The provider takes what fits; the rest goes to the next provider or the local pipeline. */
    SEND_WHAT_FITS
  }

  private final Mode mode;
  private final List<HostedProvider> providers;
  private final Map<String, Long> budgets;
  private final boolean checkSmtp;
  private final Duration cacheTtl;
  private final long cacheSize;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration maxRetryWait;
  private final Duration timeBudget;
  private final Duration breakerOpen;
  private final BulkQuota bulkQuota;
  private final Duration batchLinger;
  private final Clock clock;

  private Hosted(Builder b) {
    this.mode = b.mode;
    this.providers = List.copyOf(b.providers);
    this.budgets = Map.copyOf(b.budgets);
    this.checkSmtp = b.checkSmtp;
    this.cacheTtl = b.cacheTtl;
    this.cacheSize = b.cacheSize;
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.maxRetryWait = b.maxRetryWait;
    this.timeBudget = b.timeBudget;
    this.breakerOpen = b.breakerOpen;
    this.bulkQuota = b.bulkQuota;
    this.batchLinger = b.batchLinger;
    this.clock = b.clock;
  }

  /** A builder; mode {@link Mode#LOCAL} and no providers until set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mode. */
  public Mode mode() {
    return mode;
  }

  /** The providers in failover order. */
  public List<HostedProvider> providers() {
    return providers;
  }

  /** The monthly budget of a provider, in credits, or null. */
  public @Nullable Long budget(String providerId) {
    return budgets.get(providerId);
  }

  /** Whether providers are asked to run their SMTP check. */
  public boolean checkSmtp() {
    return checkSmtp;
  }

  /** How long a provider's answer is reused. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /** How many answers the cache keeps. */
  public long cacheSize() {
    return cacheSize;
  }

  /** Attempts per request, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The first retry's backoff (doubling, with jitter). */
  public Duration backoff() {
    return backoff;
  }

  /** The longest {@code Retry-After} worth waiting for; longer means fall back now. */
  public Duration maxRetryWait() {
    return maxRetryWait;
  }

  /**
   * The longest one address waits for the providers, every attempt, backoff and
   * {@code Retry-After} included; then the local pipeline answers.
   */
  public Duration timeBudget() {
    return timeBudget;
  }

  /** How long an open circuit stays open. */
  public Duration breakerOpen() {
    return breakerOpen;
  }

  /** The bulk quota policy. */
  public BulkQuota bulkQuota() {
    return bulkQuota;
  }

  /** How long a bulk endpoint's batch waits to fill. */
  public Duration batchLinger() {
    return batchLinger;
  }

  /** The clock (months of the ledger, suspensions). */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    List<String> ids = new ArrayList<>();
    providers.forEach(p -> ids.add(p.id()));
    return "Hosted[mode=" + mode + ", providers=" + ids + ", budgets=" + budgets + "]";
  }

  /** Builds {@link Hosted} settings. */
  public static final class Builder {
    private Mode mode = Mode.LOCAL;
    private final List<HostedProvider> providers = new ArrayList<>();
    private final Map<String, Long> budgets = new LinkedHashMap<>();
    private boolean checkSmtp;
    private Duration cacheTtl = Duration.ofHours(24);
    private long cacheSize = 100_000;
    private int maxAttempts = 3;
    private Duration backoff = Duration.ofMillis(500);
    private Duration maxRetryWait = Duration.ofSeconds(30);
    private Duration timeBudget = Duration.ofSeconds(30);
    private Duration breakerOpen = Duration.ofSeconds(30);
    private BulkQuota bulkQuota = BulkQuota.SEND_WHAT_FITS;
    private Duration batchLinger = Duration.ofMillis(10);
    private Clock clock = Clock.systemUTC();

    private Builder() {
    }

    /** When providers are asked (default {@link Mode#LOCAL}). */
    public Builder mode(Mode value) {
      this.mode = Objects.requireNonNull(value, "mode");
      return this;
    }

    /** Adds a provider; the order of calls is the failover order. */
    public Builder provider(HostedProvider value) {
      Objects.requireNonNull(value, "provider");
      for (HostedProvider p : providers) {
        if (p.id().equals(value.id())) {
          throw new IllegalArgumentException("provider '" + value.id() + "' added twice");
        }
      }
      providers.add(value);
      return this;
    }

    /** Adds a provider with a monthly budget of our own, in credits. */
    public Builder provider(HostedProvider value, long monthlyBudget) {
      if (monthlyBudget < 0) {
        throw new IllegalArgumentException("monthlyBudget must not be negative: "
            + monthlyBudget);
      }
      provider(value);
      budgets.put(value.id(), monthlyBudget);
      return this;
    }

    /** Ask providers for their SMTP check (slower, sometimes dearer; default false). */
    public Builder checkSmtp(boolean value) {
      this.checkSmtp = value;
      return this;
    }

    /** How long a provider's answer is reused instead of paid for again (default 24 h). */
    public Builder cacheTtl(Duration value) {
      this.cacheTtl = positive(value, "cacheTtl");
      return this;
    }

    /** How many answers the cache keeps (default 100,000; 0 turns it off). */
    public Builder cacheSize(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative: " + value);
      }
      this.cacheSize = value;
      return this;
    }

    /** Attempts per request, the first included (1..10, default 3). */
    public Builder maxAttempts(int value) {
      if (value < 1 || value > 10) {
        throw new IllegalArgumentException("maxAttempts must be within 1..10: " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /** The first retry's backoff; doubles each time, with jitter (default 500 ms). */
    public Builder backoff(Duration value) {
      this.backoff = positive(value, "backoff");
      return this;
    }

    /**
     * The longest one address waits for the providers, whatever they answer: every attempt,
     * backoff, slow body and {@code Retry-After} included (default 30 s). Past it, the local
     * pipeline answers, with evidence {@code time_budget}.
     */
    public Builder timeBudget(Duration value) {
      this.timeBudget = positive(value, "timeBudget");
      return this;
    }

    /** The longest {@code Retry-After} to wait for before falling back (default 30 s). */
    public Builder maxRetryWait(Duration value) {
      this.maxRetryWait = positive(value, "maxRetryWait");
      return this;
    }

    /** How long a provider's circuit stays open after repeated outages (default 30 s). */
    public Builder breakerOpen(Duration value) {
      this.breakerOpen = positive(value, "breakerOpen");
      return this;
    }

    /** The bulk quota policy (default {@link BulkQuota#SEND_WHAT_FITS}). */
    public Builder bulkQuota(BulkQuota value) {
      this.bulkQuota = Objects.requireNonNull(value, "bulkQuota");
      return this;
    }

    /** How long addresses wait to share a bulk request (default 10 ms). */
    public Builder batchLinger(Duration value) {
      this.batchLinger = positive(value, "batchLinger");
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The settings. */
    public Hosted build() {
      if (mode != Mode.LOCAL && providers.isEmpty()) {
        throw new IllegalStateException("mode " + mode + " needs at least one provider");
      }
      return new Hosted(this);
    }

  }
}
