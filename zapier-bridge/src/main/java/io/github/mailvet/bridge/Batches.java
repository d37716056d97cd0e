package io.github.mailvet.bridge;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batches as stored: the batch row and one row per address, written together when the batch is
 * accepted, so that a batch survives any crash after its 202. Results are written once per
 * address ({@code where result is null}), whatever the number of workers or restarts.
 */
@Component
class Batches {

  /** A batch row. */
  record Batch(String id, String keyId, String status, int submitted, int processed,
      boolean checkSmtp, boolean allowRoleBased, @Nullable String profile, boolean test,
      @Nullable String callbackUrl, String billedMonth, int attempts, Instant createdAt,
      @Nullable Instant completedAt, @Nullable String error) {
  }

  private final JdbcClient db;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  Batches(JdbcClient db, JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
    this.db = db;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  Batch create(ApiKey key, List<String> emails, Verifier.Options o, @Nullable String callbackUrl,
      String billedMonth) {
    String id = "bat_" + Keys.random(12);
    Instant now = clock.instant();
    tx.executeWithoutResult(s -> {
      db.sql("""
          insert into batch (id, key_id, status, submitted_count, check_smtp, allow_role_based,
            profile, test, callback_url, billed_month, created_at)
          values (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(id, key.id(), emails.size(), o.checkSmtp(), o.allowRoleBased(), o.profile(),
              o.test(), callbackUrl, billedMonth, Timestamp.from(now))
          .update();
      jdbc.batchUpdate("insert into batch_item (batch_id, seq, email) values (?, ?, ?)",
          new BatchPreparedStatementSetter() {
        @Override
        public void setValues(PreparedStatement p, int i) throws SQLException {
          p.setString(1, id);
          p.setInt(2, i);
          p.setString(3, emails.get(i));
        }

        @Override
        public int getBatchSize() {
          return emails.size();
        }
      });
    });
    return find(key.id(), id).orElseThrow();
  }

  /** The key's batch; another key's batch is not found, as the seed says. */
  Optional<Batch> find(String keyId, String id) {
    return db.sql("select * from batch where id = ? and key_id = ?").params(id, keyId)
        .query(Batches::row).optional();
  }

  Optional<Batch> byId(String id) {
    return db.sql("select * from batch where id = ?").param(id).query(Batches::row).optional();
  }

  List<Batch> list(String keyId, @Nullable String status, int limit) {
    return status == null
        ? db.sql("select * from batch where key_id = ? order by created_at desc, id limit ?")
            .params(keyId, limit).query(Batches::row).list()
        : db.sql("select * from batch where key_id = ? and status = ? order by created_at desc,"
            + " id limit ?").params(keyId, status, limit).query(Batches::row).list();
  }

  /** Result JSON of a page of a batch, in submission order (null for unanswered items). */
  List<@Nullable String> results(String id, int offset, int limit) {
    return db.sql("select result from batch_item where batch_id = ? order by seq offset ? limit ?")
        .params(id, offset, limit).query((rs, i) -> rs.getString(1)).list();
  }

  /** The submitted addresses of a page, in order (for CSV pages of unfinished work). */
  List<String> emails(String id, int offset, int limit) {
    return db.sql("select email from batch_item where batch_id = ? order by seq offset ? limit ?")
        .params(id, offset, limit).query((rs, i) -> rs.getString(1)).list();
  }

  /** How many of the batch's answers have each status. */
  java.util.Map<String, Integer> statusCounts(String id) {
    java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
    db.sql("""
        select cast(result as jsonb) ->> 'status', count(*) from batch_item
        where batch_id = ? and result is not null group by 1""").param(id)
        .query((rs, i) -> out.put(rs.getString(1), rs.getInt(2))).list();
    return out;
  }

  static Batch row(ResultSet rs, int n) throws SQLException {
    return new Batch(rs.getString("id"), rs.getString("key_id"), rs.getString("status"),
        rs.getInt("submitted_count"), rs.getInt("processed_count"), rs.getBoolean("check_smtp"),
        rs.getBoolean("allow_role_based"), rs.getString("profile"), rs.getBoolean("test"),
        rs.getString("callback_url"), rs.getString("billed_month"), rs.getInt("attempts"),
        rs.getTimestamp("created_at").toInstant(), Keys.instant(rs.getTimestamp("completed_at")),
        rs.getString("error"));
  }
}
