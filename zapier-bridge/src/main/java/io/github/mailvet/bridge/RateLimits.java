package io.github.mailvet.bridge;

import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-key, per-minute request limits: a fixed window per key and UTC minute, counted in
 * PostgreSQL ({@code rate_window}) by one conditional upsert per request, so that the nodes
 * sharing a database allow together exactly what one node would, at the cost of one short
 * statement. A request over the limit changes nothing. Old windows are purged by
 * {@link RetentionPurge}.
 *
 * <p>Bucket4j's PostgreSQL buckets were tried first: they lock the key's row for a transaction of
 * three statements, and one key's concurrent requests queued behind it (541 to 269 requests a
 * second at 64 clients in {@code BridgeHarness}).
 */
@Component
class RateLimits {

  private final BridgeProperties settings;
  private final JdbcClient db;
  private final Clock clock;

  RateLimits(BridgeProperties settings, JdbcClient db, Clock clock) {
    this.settings = settings;
    this.db = db;
    this.clock = clock;
  }

  /** What a request left: the limit, what remains of it, and when it is whole again. */
  record Window(long limit, long remaining, long resetEpochSecond, long retryAfterSeconds,
      boolean allowed) {
  }

  Window take(ApiKey key) {
    long limit = limit(key);
    long nowMs = clock.millis();
    long minute = nowMs / 60_000;
    long reset = (minute + 1) * 60;
    long retry = Math.max(1, reset - nowMs / 1000);
    Integer used = db.sql("""
        insert into rate_window as w (id, window_start, used) values (?, ?, 1)
        on conflict (id, window_start) do update set used = w.used + 1 where w.used < ?
        returning used""").params(key.id(), minute, limit).query(Integer.class).optional()
        .orElse(null);
    if (used == null || used > limit) {
      return new Window(limit, 0, reset, retry, false);
    }
    return new Window(limit, limit - used, reset, retry, true);
  }

  /** Removes windows that are over; returns how many. */
  int purgeIdle() {
    return db.sql("delete from rate_window where window_start < ?")
        .param(clock.millis() / 60_000 - 1).update();
  }

  private long limit(ApiKey key) {
    return settings.getRatePerMinute().getOrDefault(key.plan(), 60L);
  }
}
