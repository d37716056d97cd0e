package io.github.mailvet.bridge;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A key as stored: never the raw key, only its hash (which this record does not carry). */
record ApiKey(String id, String name, @Nullable String email, String prefix, boolean test,
    String plan, long monthlyLimit, String webhookSecret, @Nullable String profile,
    Instant createdAt, @Nullable Instant revokedAt) {

  boolean active() {
    return revokedAt == null;
  }
}
