package io.github.mailvet.bridge;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Per-key, per-minute request limits: a token bucket per key, refilled each minute, kept in
 * PostgreSQL by Bucket4j ({@code rate_bucket}), so that the nodes sharing a database allow
 * together exactly what one node would. A bucket idle for two minutes is full again anyway; its
 * row expires and {@link RetentionPurge} removes it, so many client addresses cannot fill the
 * table.
 */
@Component
class RateLimits {

  private final BridgeProperties settings;
  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

  RateLimits(BridgeProperties settings, DataSource dataSource) {
    this.settings = settings;
    this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_bucket")
        .expirationAfterWrite(ExpirationAfterWriteStrategy
            .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
        .build();
  }

  /** What a request left: the limit, what remains of it, and when it is whole again. */
  record Window(long limit, long remaining, long resetEpochSecond, long retryAfterSeconds,
      boolean allowed) {
  }

  Window take(ApiKey key) {
    long limit = limit(key);
    // the limit is part of the bucket's name: a key moved to another plan starts a new bucket
    ConsumptionProbe p = buckets.builder()
        .build(key.id() + "/" + limit, () -> BucketConfiguration.builder()
            .addLimit(l -> l.capacity(limit).refillIntervally(limit, Duration.ofMinutes(1)))
            .build())
        .tryConsumeAndReturnRemaining(1);
    long now = System.currentTimeMillis() / 1000;
    long toRefill = Math.max(1, (p.getNanosToWaitForReset() + 999_999_999L) / 1_000_000_000L);
    long retry = Math.max(1, (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    return new Window(limit, p.getRemainingTokens(), now + toRefill, retry, p.isConsumed());
  }

  /** Removes buckets idle long enough to be full again; returns how many. */
  int purgeIdle() {
    int n = 0;
    for (int i = 0; i < 100; i++) { // bounded: at most 100,000 rows a pass
      int removed = buckets.removeExpired(1000);
      n += removed;
      if (removed < 1000) {
        break;
      }
    }
    return n;
  }

  private long limit(ApiKey key) {
    return settings.getRatePerMinute().getOrDefault(key.plan(), 60L);
  }
}
