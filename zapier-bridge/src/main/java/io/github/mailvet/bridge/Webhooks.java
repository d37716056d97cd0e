package io.github.mailvet.bridge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The webhook outbox: a delivery is a row written in the same transaction as what it reports
 * (a completed batch), then sent by {@link WebhookDispatcher}. Signatures follow Standard
 * Webhooks: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed with
 * the bytes after {@code whsec_}.
 */
@Component
class Webhooks {

  private final JdbcClient db;
  private final Clock clock;

  Webhooks(JdbcClient db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Queues a delivery; call inside the transaction of the change it reports. */
  String enqueue(String keyId, @Nullable String hookId, String url, String event, String payload) {
    String id = "msg_" + Keys.random(12);
    Timestamp now = Timestamp.from(clock.instant());
    db.sql("""
        insert into webhook_delivery (id, key_id, hook_id, target_url, event, payload, status,
          attempts, next_attempt_at, created_at)
        values (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)""")
        .params(id, keyId, hookId, url, event, payload, now, now).update();
    return id;
  }

  /** {@code v1,<signature>} for the Standard Webhooks header. */
  static String sign(String secret, String id, long timestamp, String body) {
    String key = secret.startsWith("whsec_") ? secret.substring(6) : secret;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
      byte[] sig = mac.doFinal((id + "." + timestamp + "." + body)
          .getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
