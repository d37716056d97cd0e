package io.github.mailvet.bridge;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/** Per-key, per-minute request limits: a token bucket per key (Bucket4j), refilled each minute. */
@Component
class RateLimits {

  private final BridgeProperties settings;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimits(BridgeProperties settings) {
    this.settings = settings;
  }

  /** What a request left: the limit, what remains of it, and when it is whole again. */
  record Window(long limit, long remaining, long resetEpochSecond, long retryAfterSeconds,
      boolean allowed) {
  }

  Window take(ApiKey key) {
    long limit = limit(key);
    Bucket bucket = buckets.computeIfAbsent(key.id(), k -> Bucket.builder()
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
