package io.github.mailvet.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * API keys: {@code mv_live_} or {@code mv_test_} and 32 hex digits (128 random bits). Only the
 * SHA-256 of a key is stored (a slow hash would add nothing for 128 random bits and would prevent
 * the lookup by hash); the raw key and its webhook secret are shown once, at creation.
 */
@Component
class Keys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final JdbcClient db;
  private final BridgeProperties settings;
  private final Clock clock;

  Keys(JdbcClient db, BridgeProperties settings, Clock clock) {
    this.db = db;
    this.settings = settings;
    this.clock = clock;
  }

  /** A new key and, shown this once, its raw value and webhook secret. */
  record Created(ApiKey key, String rawKey) {
  }

  Created create(String name, @Nullable String email, String plan, @Nullable Long monthlyLimit,
      boolean test, @Nullable String profile) {
    Long planLimit = settings.getPlans().get(plan);
    if (planLimit == null) {
      throw new IllegalArgumentException("unknown plan '" + plan + "' (plans: "
          + String.join(", ", settings.getPlans().keySet()) + ")");
    }
    if (monthlyLimit != null && monthlyLimit < 0) {
      throw new IllegalArgumentException("the monthly limit must not be negative");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("a key needs a name");
    }
    String raw = (test ? "mv_test_" : "mv_live_") + random(16);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(bytes(24));
    ApiKey key = new ApiKey("key_" + random(8), name, email, raw.substring(0, 12), test, plan,
        monthlyLimit != null ? monthlyLimit : planLimit, secret, profile,
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), null);
    db.sql("""
        insert into api_key (id, name, email, key_hash, key_prefix, test, plan, monthly_limit,
          webhook_secret, profile, created_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(key.id(), name, email, hash(raw), key.prefix(), test, plan, key.monthlyLimit(),
            secret, profile, Timestamp.from(key.createdAt()))
        .update();
    return new Created(key, raw);
  }

  /** The active or revoked key with this raw value. */
  Optional<ApiKey> byRawKey(String raw) {
    return db.sql("select * from api_key where key_hash = ?").param(hash(raw))
        .query(Keys::row).optional();
  }

  Optional<ApiKey> byId(String id) {
    return db.sql("select * from api_key where id = ?").param(id).query(Keys::row).optional();
  }

  List<ApiKey> list() {
    return db.sql("select * from api_key order by created_at").query(Keys::row).list();
  }

  /** Revokes a key; false when no such key exists. Revoking twice is not an error. */
  boolean revoke(String id) {
    return db.sql("update api_key set revoked_at = coalesce(revoked_at, ?) where id = ?")
        .params(Timestamp.from(clock.instant()), id).update() == 1;
  }

  /** Records that the key was used, at most once a minute per key (a write per request costs). */
  void touch(ApiKey key) {
    long minute = clock.millis() / 60_000;
    Long last = touched.put(key.id(), minute);
    if (last == null || last != minute) {
      db.sql("update api_key set last_used_at = ? where id = ?")
          .params(Timestamp.from(clock.instant()), key.id()).update();
    }
  }

  private final java.util.concurrent.ConcurrentMap<String, Long> touched =
      new java.util.concurrent.ConcurrentHashMap<>();

  static String hash(String raw) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256")
          .digest(raw.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String random(int bytes) {
    return HEX.formatHex(bytes(bytes));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static ApiKey row(ResultSet rs, int n) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("email"),
        rs.getString("key_prefix"), rs.getBoolean("test"), rs.getString("plan"),
        rs.getLong("monthly_limit"), rs.getString("webhook_secret"), rs.getString("profile"),
        rs.getTimestamp("created_at").toInstant(), revoked == null ? null : revoked.toInstant());
  }

  static @Nullable Instant instant(@Nullable Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
