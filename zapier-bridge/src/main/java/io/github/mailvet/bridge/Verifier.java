package io.github.mailvet.bridge;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.spring.MailvetProfiles;
import io.github.mailvet.spring.MailvetProperties;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine behind the API: the starter's {@link Mailvet}, and engines derived from it (sharing
 * its resolver, prober, caches and lists) for what a request may change: no SMTP probe, role
 * addresses as risky, test mode for test keys.
 */
@Component
class Verifier {

  /** What a request asks for. */
  record Options(boolean checkSmtp, boolean allowRoleBased, @Nullable String profile,
      boolean test) {
  }

  private final Mailvet base;
  private final boolean smtpConfigured;
  private final MailvetProfiles profiles;
  private final JdbcClient db;
  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final Map<List<Boolean>, Mailvet> derived = new ConcurrentHashMap<>();

  Verifier(Mailvet base, MailvetProperties properties, MailvetProfiles profiles, JdbcClient db,
      JdbcTemplate jdbc, JsonMapper json) {
    this.base = base;
    this.smtpConfigured = properties.getSmtp().isEnabled() && !properties.isOffline();
    this.profiles = profiles;
    this.db = db;
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The profile named by a request or by the key; unknown names are the caller's error. */
  @Nullable Profile profile(@Nullable String name, String field) {
    if (name == null) {
      return null;
    }
    return profiles.find(name).orElseThrow(() -> ApiException.invalid(field,
        "unknown profile '" + name + "'; built in: " + Profile.builtInNames()
            + (profiles.names().isEmpty() ? "" : ", configured: " + profiles.names())));
  }

  Mailvet engine(Options o) {
    boolean smtp = smtpConfigured && o.checkSmtp();
    boolean sameSmtp = smtp == smtpConfigured;
    if (sameSmtp && o.allowRoleBased() && !o.test()) {
      return base;
    }
    return derived.computeIfAbsent(List.of(smtp, o.allowRoleBased(), o.test()),
        k -> base.newBuilder().smtp(smtp).allowRoleBased(o.allowRoleBased())
            .testMode(o.test()).build());
  }

  /** Verifies addresses (in input order, through the engine's bulk path when more than one). */
  List<VerificationResult> verify(List<String> emails, Options o) {
    Mailvet engine = engine(o);
    Profile profile = profile(o.profile(), "profile");
    if (emails.size() == 1) {
      String e = emails.get(0);
      return List.of(profile == null ? engine.verify(e) : engine.verify(e, profile));
    }
    if (profile == null) {
      return engine.verifyAll(emails).toList();
    }
    List<VerificationResult> out = new ArrayList<>(emails.size());
    engine.verifyAll(emails).forEach(r -> out.add(profile.decide(r)));
    return out;
  }

  /** The seed's result shape plus {@code id} and {@code created_at}. */
  String answer(VerificationResult r, String id) {
    ObjectNode n = (ObjectNode) json.readTree(r.toJson());
    ObjectNode out = json.createObjectNode();
    out.put("id", id);
    out.setAll(n);
    out.put("created_at", r.verifiedAt().toString());
    return json.writeValueAsString(out);
  }

  /** Keeps an answer for {@code GET /verifications} (within the retention period). */
  void store(ApiKey key, String id, VerificationResult r, String answer,
      @Nullable String batchId) {
    db.sql("""
        insert into verification (id, key_id, email, normalized_email, batch_id, result, created_at)
        values (?, ?, ?, ?, ?, ?, ?)""")
        .params(id, key.id(), r.email(), r.normalizedEmail(), batchId, answer,
            Timestamp.from(r.verifiedAt()))
        .update();
  }

  /** Keeps many answers in one round trip (a batch chunk). */
  void storeAll(ApiKey key, List<String> ids, List<VerificationResult> rs, List<String> answers,
      @Nullable String batchId) {
    jdbc.batchUpdate("""
        insert into verification (id, key_id, email, normalized_email, batch_id, result, created_at)
        values (?, ?, ?, ?, ?, ?, ?)""", new BatchPreparedStatementSetter() {
          @Override
          public void setValues(PreparedStatement ps, int i) throws SQLException {
            VerificationResult r = rs.get(i);
            ps.setString(1, ids.get(i));
            ps.setString(2, key.id());
            ps.setString(3, r.email());
            ps.setString(4, r.normalizedEmail());
            ps.setString(5, batchId);
            ps.setString(6, answers.get(i));
            ps.setTimestamp(7, Timestamp.from(r.verifiedAt()));
          }

          @Override
          public int getBatchSize() {
            return ids.size();
          }
        });
  }

  static String newId() {
    return "ver_" + Keys.random(12);
  }
}
