package io.github.mailvet.bridge;

import io.github.mailvet.smtp.MxOwnership;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One node at a time per mail server: the engine's {@link MxOwnership} kept in PostgreSQL, so
 * that however many bridge nodes probe, each mail server (by its owner key: the provider such as
 * {@code google.com}, else its first MX host) sees one client with the engine's per-host limits.
 *
 * <p>A node claims a key with one conditional upsert into {@code mx_lease}; the claim lasts
 * {@code mailvet.bridge.mx.lease-ttl} and is renewed while the node holds it, so a node that dies
 * loses its keys within that time. Within a node, every domain on the same servers shares the
 * claim. A node that finds a key taken marks it wanted and tries again (backing off up to half a
 * second); the holder hands it over once it has held it for {@code fair-share} while others
 * wait: new domains then queue behind the handover instead of joining, and the holder does not
 * ask for the key again for two seconds, so the node that waited gets it. An address that waits
 * longer than {@code max-wait} is answered inconclusive by the engine, never guessed.
 */
@Component
class MxLeases implements MxOwnership, SmartLifecycle {

  private static final System.Logger LOG = System.getLogger(MxLeases.class.getName());
  /** Longer than a waiting node's longest pause between tries (500 ms and jitter). */
  private static final long HANDOVER_GRACE_NANOS = 2_000_000_000L;

  private final JdbcClient db;
  private final String node;
  private final BridgeProperties.Mx settings;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mailvet-mx-lease");
    t.setDaemon(true);
    return t;
  });
  // guarded by this
  private final Map<String, Held> held = new HashMap<>();
  private final Map<String, Waiting> waiting = new HashMap<>();
  /** Keys this node handed over (nanoTime): it lets the other node take them before it asks. */
  private final Map<String, Long> handedOver = new HashMap<>();
  private boolean running;

  /** A key this node holds. */
  private static final class Held {
    final long since = System.nanoTime();
    int count;
    /** Others wait and this node has had its share: no new domain joins; release when idle. */
    boolean yielding;
    /** The claim lapsed and another node took it: no new domain joins. */
    boolean lost;
    long idleSince;
  }

  /** Domains of this node waiting for a key another node holds. */
  private static final class Waiting {
    final List<CompletableFuture<Lease>> futures = new ArrayList<>();
    final long deadline;
    long backoffMs = 20;

    Waiting(long deadline) {
      this.deadline = deadline;
    }
  }

  MxLeases(JdbcClient db, BridgeNode node, BridgeProperties settings) {
    this.db = db;
    this.node = node.id();
    this.settings = settings.getMx();
  }

  @Override
  public CompletableFuture<Lease> acquire(String ownerKey) {
    synchronized (this) {
      Held h = held.get(ownerKey);
      if (h != null && !h.yielding && !h.lost) {
        h.count++;
        return CompletableFuture.completedFuture(lease(ownerKey));
      }
      CompletableFuture<Lease> f = new CompletableFuture<>();
      Waiting w = waiting.get(ownerKey);
      if (w == null) {
        w = new Waiting(System.nanoTime() + settings.getMaxWait().toNanos());
        waiting.put(ownerKey, w);
        timer.execute(() -> attempt(ownerKey));
      }
      w.futures.add(f);
      return f;
    }
  }

  /** Keys this node holds now (tests, the dashboard). */
  synchronized List<String> held() {
    return List.copyOf(held.keySet());
  }

  private Lease lease(String key) {
    boolean[] released = new boolean[1];
    return () -> {
      synchronized (this) {
        if (released[0]) {
          return;
        }
        released[0] = true;
        Held h = held.get(key);
        if (h == null || --h.count > 0) {
          return;
        }
        h.idleSince = System.nanoTime();
        long linger = h.yielding || h.lost ? 0 : settings.getLinger().toMillis();
        timer.schedule(() -> releaseIfIdle(key), linger, TimeUnit.MILLISECONDS);
      }
    };
  }

  private void releaseIfIdle(String key) {
    synchronized (this) {
      Held h = held.get(key);
      if (h == null || h.count > 0) {
        return;
      }
      held.remove(key);
      if (h.yielding) {
        handedOver.put(key, System.nanoTime());
      }
    }
    try {
      db.sql("delete from mx_lease where owner_key = ? and node = ?").params(key, node).update();
    } catch (RuntimeException e) {
      // the claim lapses on its own after the TTL
      LOG.log(Level.DEBUG, "mx lease release: " + e);
    }
  }

  /** One try at claiming a key for the domains waiting for it; runs on the timer thread. */
  private void attempt(String key) {
    synchronized (this) {
      Long gaveUp = handedOver.get(key);
      if (gaveUp != null && System.nanoTime() - gaveUp > HANDOVER_GRACE_NANOS) {
        handedOver.remove(key);
        gaveUp = null;
      }
      if (held.containsKey(key) || gaveUp != null) {
        // still held here while handing over, or just handed over: the node that waited takes
        // it first (it asks at least every 750 ms); ask again after that
        retryLater(key);
        return;
      }
    }
    boolean won;
    try {
      won = db.sql("""
          insert into mx_lease as l (owner_key, node, held_since, expires_at)
          values (?, ?, now(), now() + make_interval(secs => ?))
          on conflict (owner_key) do update set node = excluded.node,
            held_since = excluded.held_since, expires_at = excluded.expires_at, wanted_at = null
          where l.node = excluded.node or l.expires_at < now()
          returning l.node""")
          .params(key, node, settings.getLeaseTtl().toMillis() / 1000.0)
          .query(String.class).optional().isPresent();
      if (!won) {
        db.sql("update mx_lease set wanted_at = now() where owner_key = ? and node <> ?")
            .params(key, node).update();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "mx lease claim: " + e);
      won = false;
    }
    List<CompletableFuture<Lease>> grant = new ArrayList<>();
    List<CompletableFuture<Lease>> fail = new ArrayList<>();
    synchronized (this) {
      Waiting w = waiting.get(key);
      if (w == null) {
        return;
      }
      if (won) {
        waiting.remove(key);
        Held h = new Held();
        h.count = w.futures.size();
        held.put(key, h);
        grant.addAll(w.futures);
      } else if (!running || System.nanoTime() > w.deadline) {
        waiting.remove(key);
        fail.addAll(w.futures);
      } else {
        retryLater(key);
      }
    }
    for (CompletableFuture<Lease> f : grant) {
      f.complete(lease(key));
    }
    for (CompletableFuture<Lease> f : fail) {
      f.completeExceptionally(new TimeoutException("mail servers '" + key
          + "' not handed over within " + settings.getMaxWait()));
    }
  }

  private void retryLater(String key) {
    Waiting w = waiting.get(key);
    if (w == null) {
      return;
    }
    long delay = w.backoffMs + ThreadLocalRandom.current().nextLong(w.backoffMs / 2 + 1);
    w.backoffMs = Math.min(500, w.backoffMs * 3 / 2);
    timer.schedule(() -> attempt(key), delay, TimeUnit.MILLISECONDS);
  }

  /** Renews what this node holds; hands over keys others want once it has had its share. */
  private void renew() {
    List<String> keys;
    synchronized (this) {
      keys = List.copyOf(held.keySet());
    }
    if (keys.isEmpty()) {
      return;
    }
    Map<String, Boolean> renewed = new HashMap<>();
    try {
      db.sql("""
          update mx_lease set expires_at = now() + make_interval(secs => ?)
          where node = ? and owner_key = any(?)
          returning owner_key, wanted_at is not null and wanted_at > now() - make_interval(secs => ?)""")
          .params(settings.getLeaseTtl().toMillis() / 1000.0, node, keys.toArray(new String[0]),
              settings.getLeaseTtl().toMillis() / 1000.0)
          .query((rs, i) -> Map.entry(rs.getString(1), rs.getBoolean(2))).list()
          .forEach(e -> renewed.put(e.getKey(), e.getValue()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "mx lease renewal failed (claims lapse after "
          + settings.getLeaseTtl() + " unless renewed): " + e);
      return;
    }
    long share = settings.getFairShare().toNanos();
    synchronized (this) {
      for (String key : keys) {
        Held h = held.get(key);
        if (h == null) {
          continue;
        }
        Boolean wanted = renewed.get(key);
        if (wanted == null) {
          h.lost = true; // lapsed and taken: what runs finishes, nothing new joins
        } else if (wanted && System.nanoTime() - h.since > share) {
          h.yielding = true;
        }
        if (h.count == 0 && (h.lost || h.yielding)) {
          timer.execute(() -> releaseIfIdle(key));
        }
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    long every = Math.max(100, Math.min(settings.getLeaseTtl().toMillis() / 3,
        settings.getFairShare().toMillis()));
    timer.scheduleWithFixedDelay(() -> {
      try {
        renew();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "mx lease renewal: " + e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    synchronized (this) {
      running = false;
    }
    timer.shutdownNow();
    try {
      db.sql("delete from mx_lease where node = ?").param(node).update();
    } catch (RuntimeException e) {
      // they lapse on their own
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // stops after the batch worker and the web server (higher phases stop first)
    return Integer.MIN_VALUE + 100;
  }

  /** For log lines. */
  @Override
  public String toString() {
    return "MxLeases[node=" + node + "]";
  }
}
