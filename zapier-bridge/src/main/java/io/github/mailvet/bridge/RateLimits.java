package io.github.mailvet.bridge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Per-key, per-minute request limits: a token bucket per key (Bucket4j), refilled each minute. */
@Component
class RateLimits {

  private final BridgeProperties settings;
  /**
   * Buckets by key id, or by client address for key-less requests: bounded, and a bucket idle
   * for ten minutes is full again anyway, so it can go (many client addresses cannot fill memory).
   */
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterAccess(Duration.ofMinutes(10)).build();

  RateLimits(BridgeProperties settings) {
    this.settings = settings;
  }

  /** What a request left: the limit, what remains of it, and when it is whole again. */
  record Window(long limit, long remaining, long resetEpochSecond, long retryAfterSeconds,
      boolean allowed) {
  }

  Window take(ApiKey key) {
    long limit = limit(key);
    Bucket bucket = buckets.get(key.id(), k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(limit)
            .refillIntervally(limit, Duration.ofMinutes(1)).build())
        .build());
    ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
    long now = System.currentTimeMillis() / 1000;
    long toRefill = Math.max(1, (p.getNanosToWaitForReset() + 999_999_999L) / 1_000_000_000L);
    long retry = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    return new Window(limit, p.getRemainingTokens(), now + toRefill, retry, p.isConsumed());
  }

  private long limit(ApiKey key) {
    return settings.getRatePerMinute().getOrDefault(key.plan(), 60L);
  }
}
