package io.github.mailvet.bridge;

import io.github.mailvet.VerificationResult;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works through batches: claims one ({@code FOR UPDATE SKIP LOCKED}, so any number of workers on
 * any number of nodes share the queue), verifies its unanswered addresses a chunk at a time
 * through the engine's bulk path, and stores each chunk's answers in one transaction that also
 * renews the claim. A worker that dies (a {@code kill -9}) leaves a claim that expires; the batch
 * is then taken up again, and only its unanswered addresses are verified. Billing happened once,
 * when the batch was accepted.
 *
 * <p>When the last address is answered the batch completes, and its webhook (if a callback was
 * given) enters the outbox in the same transaction. A batch whose work keeps failing is marked
 * failed after a few attempts, and what it did not verify is refunded.
 */
@Component
class BatchWorker implements SmartLifecycle {

  private static final System.Logger LOG = System.getLogger(BatchWorker.class.getName());

  private final JdbcClient db;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Verifier verifier;
  private final Batches batches;
  private final Views views;
  private final Webhooks webhooks;
  private final Hooks hooks;
  private final Quotas quotas;
  private final BridgeProperties settings;
  private final Clock clock;
  private final String owner;
  private final Object wake = new Object();
  private volatile boolean running;
  private @Nullable ExecutorService workers;

  BatchWorker(JdbcClient db, JdbcTemplate jdbc, TransactionTemplate tx, Verifier verifier, Batches batches,
      Views views, Webhooks webhooks, Hooks hooks, Quotas quotas, BridgeProperties settings,
      Clock clock, BridgeNode node) {
    this.owner = node.id();
    this.db = db;
    this.jdbc = jdbc;
    this.tx = tx;
    this.verifier = verifier;
    this.batches = batches;
    this.views = views;
    this.webhooks = webhooks;
    this.hooks = hooks;
    this.quotas = quotas;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    running = true;
    int n = 2;
    workers = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "mailvet-batch-worker");
      t.setDaemon(true);
      return t;
    });
    for (int i = 0; i < n; i++) {
      workers.execute(this::loop);
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (workers != null) {
      workers.shutdownNow();
      try {
        workers.awaitTermination(10, TimeUnit.SECONDS);
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
    while (running && !Thread.currentThread().isInterrupted()) {
      boolean worked;
      try {
        worked = runOne();
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.log(Level.WARNING, "batch worker: " + e);
        worked = false;
      }
      if (!worked) {
        try {
          synchronized (wake) {
            wake.wait(settings.getPollInterval().toMillis());
          }
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** A batch was just accepted on this node: an idle worker looks now, not at its next poll. */
  void nudge() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** Claims and works one batch; false when none was waiting. */
  boolean runOne() {
    Optional<Batches.Batch> claimed = claim();
    if (claimed.isEmpty()) {
      return false;
    }
    Batches.Batch b = claimed.get();
    if (b.attempts() > settings.getBatchAttempts()) {
      fail(b, "gave up after " + settings.getBatchAttempts() + " attempts");
      return true;
    }
    try {
      work(b);
    } catch (RuntimeException e) {
      if (!running) {
        throw e; // shutting down: the claim expires and another worker resumes
      }
      LOG.log(Level.WARNING, "batch " + b.id() + " attempt " + b.attempts() + " failed: " + e);
      release(b);
    }
    return true;
  }

  private Optional<Batches.Batch> claim() {
    Instant now = clock.instant();
    return tx.execute(s -> db.sql("""
        update batch set status = 'processing', lease_owner = ?, lease_until = ?,
          attempts = attempts + 1
        where id = (select id from batch
                    where status = 'pending' or (status = 'processing' and lease_until < ?)
                    order by created_at limit 1 for update skip locked)
        returning *""")
        .params(owner, Timestamp.from(now.plus(settings.getBatchLease())), Timestamp.from(now))
        .query(Batches::row).optional());
  }

  private void work(Batches.Batch b) {
    ApiKey key = new ApiKey(b.keyId(), "", null, "", b.test(), "", 0, "", null, Instant.EPOCH,
        null);
    Verifier.Options o = new Verifier.Options(b.checkSmtp(), b.allowRoleBased(), b.profile(),
        b.test());
    while (running) {
      List<Object[]> todo = db.sql("""
          select seq, email from batch_item where batch_id = ? and result is null
          order by seq limit ?""").params(b.id(), settings.getBatchChunk())
          .query((rs, i) -> new Object[] {rs.getInt(1), rs.getString(2)}).list();
      if (todo.isEmpty()) {
        complete(b);
        return;
      }
      List<String> emails = new ArrayList<>();
      todo.forEach(t -> emails.add((String) t[1]));
      List<VerificationResult> results = verifier.verify(emails, o);
      Boolean kept = tx.execute(s -> {
        List<String> ids = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (VerificationResult r : results) {
          String id = Verifier.newId();
          ids.add(id);
          answers.add(verifier.answer(r, id));
        }
        // one round trip per chunk; "result is null" keeps the first answer of each address
        int[] updated = jdbc.batchUpdate("update batch_item set result = ? where batch_id = ?"
            + " and seq = ? and result is null", new BatchPreparedStatementSetter() {
              @Override
              public void setValues(PreparedStatement ps, int i) throws SQLException {
                ps.setString(1, answers.get(i));
                ps.setString(2, b.id());
                ps.setInt(3, (Integer) todo.get(i)[0]);
              }

              @Override
              public int getBatchSize() {
                return todo.size();
              }
            });
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
          if (updated[i] != 0) { // 1, or SUCCESS_NO_INFO
            fresh.add(i);
          }
        }
        verifier.storeAll(key, fresh.stream().map(ids::get).toList(),
            fresh.stream().map(results::get).toList(),
            fresh.stream().map(answers::get).toList(), b.id());
        hooks.publish(b.keyId(), Hooks.VERIFICATION_COMPLETED,
            fresh.stream().map(answers::get).toList());
        int answered = fresh.size();
        int mine = db.sql("""
            update batch set processed_count = processed_count + ?, lease_until = ?
            where id = ? and lease_owner = ? and status = 'processing'""")
            .params(answered, Timestamp.from(clock.instant().plus(settings.getBatchLease())),
                b.id(), owner).update();
        if (mine == 0) {
          s.setRollbackOnly(); // the claim expired and another worker has the batch
          return false;
        }
        return true;
      });
      if (!Boolean.TRUE.equals(kept)) {
        return;
      }
    }
  }

  private void complete(Batches.Batch b) {
    tx.executeWithoutResult(s -> {
      int done = db.sql("""
          update batch set status = 'completed', completed_at = ?, lease_owner = null,
            lease_until = null
          where id = ? and lease_owner = ? and status = 'processing'""")
          .params(Timestamp.from(clock.instant()), b.id(), owner).update();
      if (done == 1) {
        Batches.Batch now = batches.byId(b.id()).orElseThrow();
        if (b.callbackUrl() != null) {
          webhooks.enqueue(b.keyId(), null, b.callbackUrl(), Hooks.BATCH_COMPLETED,
              views.write(views.batch(now, true)));
        }
        hooks.publish(b.keyId(), Hooks.BATCH_COMPLETED, views.write(views.summary(now)));
      }
    });
  }

  private void release(Batches.Batch b) {
    db.sql("""
        update batch set status = 'pending', lease_owner = null, lease_until = null
        where id = ? and lease_owner = ?""").params(b.id(), owner).update();
  }

  private void fail(Batches.Batch b, String why) {
    tx.executeWithoutResult(s -> {
      int done = db.sql("""
          update batch set status = 'failed', completed_at = ?, error = ?, lease_owner = null,
            lease_until = null
          where id = ? and lease_owner = ?""")
          .params(Timestamp.from(clock.instant()), why, b.id(), owner).update();
      if (done == 1) {
        Batches.Batch now = batches.byId(b.id()).orElseThrow();
        quotas.refund(b.keyId(), b.billedMonth(), now.submitted() - now.processed());
        if (b.callbackUrl() != null) {
          webhooks.enqueue(b.keyId(), null, b.callbackUrl(), "batch.completed",
              views.write(views.batch(now, true)));
        }
      }
    });
  }
}
