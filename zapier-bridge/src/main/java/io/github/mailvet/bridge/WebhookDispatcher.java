package io.github.mailvet.bridge;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox: claims due deliveries ({@code FOR UPDATE SKIP LOCKED}, pushing their next
 * attempt out first, so that two senders never send one attempt twice), POSTs them with Standard
 * Webhooks headers, never following a redirect, and records what came back.
 *
 * <ul>
 *   <li>2xx: delivered.
 *   <li>410 Gone: the target asks to be forgotten: the delivery stops and its hook is disabled;
 *       deliveries still queued for a disabled or unsubscribed hook are cancelled, not sent.
 *   <li>Anything else (3xx included), a timeout or a refused connection: the next attempt after
 *       the configured wait (about a day in all by default) with up to 20% jitter, or
 *       {@code Retry-After} when the target sends a longer one; after the last, failed.
 * </ul>
 *
 * A failed delivery never re-verifies anything: the payload was written once, with the results.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

  private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

  private final JdbcClient db;
  private final TransactionTemplate tx;
  private final Keys keys;
  private final CallbackUrls urls;
  private final BridgeProperties settings;
  private final Clock clock;
  private final HttpClient http;
  private final ConcurrentMap<String, Long> lastSend = new ConcurrentHashMap<>();
  private volatile boolean running;
  private @Nullable Thread thread;

  WebhookDispatcher(JdbcClient db, TransactionTemplate tx, Keys keys, CallbackUrls urls,
      BridgeProperties settings, Clock clock) {
    this.db = db;
    this.tx = tx;
    this.keys = keys;
    this.urls = urls;
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.getWebhookTimeout()).build();
  }

  private record Due(String id, String keyId, @Nullable String hookId, String url, String event,
      String payload, int attempts) {
  }

  @Override
  public synchronized void start() {
    running = true;
    Thread t = new Thread(this::loop, "mailvet-webhooks");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void loop() {
    while (running) {
      int sent = 0;
      try {
        sent = sendDue();
      } catch (RuntimeException e) {
        if (running) {
          LOG.log(Level.WARNING, "webhook sender: " + e);
        }
      }
      if (sent == 0) {
        try {
          Thread.sleep(settings.getPollInterval().toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Sends what is due now; returns how many attempts were made. */
  int sendDue() {
    Instant now = clock.instant();
    List<Due> due = tx.execute(s -> db.sql("""
        update webhook_delivery set next_attempt_at = ?
        where id in (select id from webhook_delivery
                     where status = 'pending' and next_attempt_at <= ?
                     order by next_attempt_at limit 20 for update skip locked)
        returning id, key_id, hook_id, target_url, event, payload, attempts""")
        .params(Timestamp.from(now.plus(settings.getWebhookTimeout()).plusSeconds(60)),
            Timestamp.from(now))
        .query((rs, i) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)))
        .list());
    if (due == null) {
      return 0;
    }
    for (Due d : due) {
      if (!running) {
        break;
      }
      attempt(d);
    }
    return due.size();
  }

  private void attempt(Due d) {
    if (d.hookId() != null && !hookActive(d.hookId())) {
      // unsubscribed, or the target said 410 to an earlier delivery: nothing more goes there
      db.sql("update webhook_delivery set status = 'cancelled' where id = ?").param(d.id())
          .update();
      return;
    }
    pace(d.url());
    int attempt = d.attempts() + 1;
    URI uri = URI.create(d.url());
    String refusal = urls.refusal(uri);
    Integer status = null;
    String error = null;
    Duration retryAfter = null;
    if (refusal != null) {
      error = "not sent: the target " + refusal;
    } else {
      String secret = keys.byId(d.keyId()).map(ApiKey::webhookSecret).orElse(null);
      long ts = clock.instant().getEpochSecond();
      HttpRequest.Builder rq = HttpRequest.newBuilder(uri).timeout(settings.getWebhookTimeout())
          .header("content-type", "application/json")
          .header("user-agent", "mailvet-bridge")
          .header("webhook-id", d.id())
          .header("webhook-timestamp", Long.toString(ts))
          .POST(HttpRequest.BodyPublishers.ofString(d.payload()));
      if (secret != null) {
        rq.header("webhook-signature", Webhooks.sign(secret, d.id(), ts, d.payload()));
      }
      try {
        HttpResponse<Void> r = http.send(rq.build(), HttpResponse.BodyHandlers.discarding());
        status = r.statusCode();
        retryAfter = r.headers().firstValue("retry-after").flatMap(WebhookDispatcher::seconds)
            .orElse(null);
      } catch (IOException e) {
        error = e.getClass().getSimpleName() + (e.getMessage() == null ? ""
            : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // shutting down: the attempt is made again after the claim's wait
      }
    }
    record(d, attempt, status, error, retryAfter);
  }

  private void record(Due d, int attempt, @Nullable Integer status, @Nullable String error,
      @Nullable Duration retryAfter) {
    Timestamp now = Timestamp.from(clock.instant());
    if (status != null && status >= 200 && status < 300) {
      db.sql("""
          update webhook_delivery set status = 'delivered', attempts = ?, last_status = ?,
            last_error = null, delivered_at = ? where id = ?""")
          .params(attempt, status, now, d.id()).update();
      return;
    }
    if (status != null && status == 410) {
      tx.executeWithoutResult(s -> {
        db.sql("""
            update webhook_delivery set status = 'gone', attempts = ?, last_status = 410
            where id = ?""").params(attempt, d.id()).update();
        if (d.hookId() != null) {
          db.sql("update hook set disabled_at = ? where id = ? and disabled_at is null")
              .params(now, d.hookId()).update();
        }
      });
      return;
    }
    String why = error != null ? error : "the target answered " + status;
    List<Duration> waits = settings.getWebhookRetries();
    if (attempt > waits.size()) {
      db.sql("""
          update webhook_delivery set status = 'failed', attempts = ?, last_status = ?,
            last_error = ? where id = ?""").params(attempt, status, why, d.id()).update();
      LOG.log(Level.WARNING, "webhook " + d.id() + " (" + d.event() + ") failed for good after "
          + attempt + " attempts: " + why);
      return;
    }
    Duration wait = waits.get(attempt - 1);
    wait = wait.plusMillis((long) (wait.toMillis() * 0.2 * ThreadLocalRandom.current()
        .nextDouble()));
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter;
    }
    db.sql("""
        update webhook_delivery set attempts = ?, last_status = ?, last_error = ?,
          next_attempt_at = ? where id = ?""")
        .params(attempt, status, why, Timestamp.from(clock.instant().plus(wait)), d.id())
        .update();
  }

  private boolean hookActive(String hookId) {
    return db.sql("select count(*) from hook where id = ? and disabled_at is null")
        .param(hookId).query(Long.class).single() > 0;
  }

  /** At most the configured deliveries per second to one target. */
  private void pace(String url) {
    long gapNanos = 1_000_000_000L / Math.max(1, settings.getWebhookRatePerTarget());
    long now = System.nanoTime();
    Long last = lastSend.put(url, now);
    if (last != null && now - last < gapNanos) {
      try {
        Thread.sleep((gapNanos - (now - last)) / 1_000_000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (lastSend.size() > 10_000) {
      lastSend.clear();
    }
  }

  private static java.util.Optional<Duration> seconds(String v) {
    try {
      long s = Long.parseLong(v.strip());
      return s >= 0 ? java.util.Optional.of(Duration.ofSeconds(Math.min(s, 86_400)))
          : java.util.Optional.empty();
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }
}
