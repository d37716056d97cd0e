package io.github.mailvet.bridge;

import java.lang.System.Logger.Level;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Addresses and results are personal data: what is older than the retention period goes, on a
 * schedule: stored verifications, finished batches with their items, and settled deliveries
 * (whose payloads hold results). Usage counts (no addresses) stay for the history.
 */
@Component
class RetentionPurge implements SmartLifecycle {

  private static final System.Logger LOG = System.getLogger(RetentionPurge.class.getName());

  private final JdbcClient db;
  private final BridgeProperties settings;
  private final Clock clock;
  private final RateLimits rates;
  private @Nullable ScheduledExecutorService timer;

  RetentionPurge(JdbcClient db, BridgeProperties settings, Clock clock, RateLimits rates) {
    this.rates = rates;
    this.db = db;
    this.settings = settings;
    this.clock = clock;
  }

  /** Deletes what is past retention; returns the rows removed. */
  int purge() {
    Timestamp before = Timestamp.from(clock.instant().minus(settings.getRetention()));
    int n = db.sql("delete from verification where created_at < ?").param(before).update();
    n += db.sql("delete from batch where status in ('completed', 'failed') and completed_at < ?")
        .param(before).update();
    n += db.sql("delete from webhook_delivery where status <> 'pending' and created_at < ?")
        .param(before).update();
    n += rates.purgeIdle();
    return n;
  }

  @Override
  public synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mailvet-retention");
      t.setDaemon(true);
      return t;
    });
    long every = settings.getPurgeInterval().toMillis();
    timer.scheduleWithFixedDelay(() -> {
      try {
        int n = purge();
        if (n > 0) {
          LOG.log(Level.INFO, "retention: removed " + n + " rows older than "
              + settings.getRetention());
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "retention purge: " + e);
      }
    }, 0, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
