package io.github.mailvet.bridge;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * REST hook subscriptions (Zapier's instant triggers): a key subscribes a URL to an event, and
 * every such event of the key is delivered there through the signed, retried outbox. A 410 from
 * the target disables the subscription.
 */
@Component
class Hooks {

  static final String VERIFICATION_COMPLETED = "verification.completed";
  static final String BATCH_COMPLETED = "batch.completed";
  static final Set<String> EVENTS = Set.of(VERIFICATION_COMPLETED, BATCH_COMPLETED);

  record Hook(String id, String keyId, String url, String event, Instant createdAt) {
  }

  private final JdbcClient db;
  private final Webhooks webhooks;
  private final JsonMapper json;
  private final Clock clock;

  Hooks(JdbcClient db, Webhooks webhooks, JsonMapper json, Clock clock) {
    this.db = db;
    this.webhooks = webhooks;
    this.json = json;
    this.clock = clock;
  }

  Hook subscribe(ApiKey key, String url, String event) {
    Hook h = new Hook("hook_" + Keys.random(10), key.id(), url, event, clock.instant());
    db.sql("insert into hook (id, key_id, url, event, created_at) values (?, ?, ?, ?, ?)")
        .params(h.id(), key.id(), url, event, Timestamp.from(h.createdAt())).update();
    return h;
  }

  List<Hook> active(String keyId, @Nullable String event) {
    return db.sql("""
        select id, key_id, url, event, created_at from hook
        where key_id = ? and disabled_at is null and (cast(? as text) is null or event = ?)
        order by created_at""").params(keyId, event, event)
        .query((rs, i) -> new Hook(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getTimestamp(5).toInstant())).list();
  }

  /** Removes the key's subscription; removing one that is gone is not an error. */
  void unsubscribe(ApiKey key, String id) {
    db.sql("delete from hook where id = ? and key_id = ?").params(id, key.id()).update();
  }

  /**
   * Queues an event for every active subscription of the key; call inside the transaction that
   * stores what the event reports. The body is {@code {"type", "timestamp", "data"}} (Standard
   * Webhooks' shape).
   */
  void publish(String keyId, String event, String data) {
    publish(keyId, event, List.of(data));
  }

  /** As {@link #publish(String, String, String)}, for many events of one kind at once. */
  void publish(String keyId, String event, List<String> data) {
    if (data.isEmpty()) {
      return;
    }
    List<Hook> hooks = active(keyId, event);
    if (hooks.isEmpty()) {
      return;
    }
    for (String d : data) {
      ObjectNode body = json.createObjectNode();
      body.put("type", event);
      body.put("timestamp", clock.instant().toString());
      body.set("data", json.readTree(d));
      String payload = json.writeValueAsString(body);
      for (Hook h : hooks) {
        webhooks.enqueue(keyId, h.id(), h.url(), event, payload);
      }
    }
  }
}
