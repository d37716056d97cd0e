package io.github.mailvet.hosted;

import io.github.mailvet.Checks;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * APIddress ({@code ../shared/seeds/001_*}): {@code x-api-key}; {@code POST
 * /api/v1/validate-email}; {@code POST /api/v1/validate-emails} for up to 100 addresses;
 * {@code GET /api/v1/usage} and {@code /api/v1/me}; errors in one envelope
 * {@code {"error":{"code","message","details"}}}, {@code 429 quota_exceeded} (monthly, resets at
 * the start of the next month) apart from {@code 429 rate_limited}.
 */
final class ApiddressProvider extends HttpProvider {

  ApiddressProvider(Providers.Builder b) {
    super(b, "https://api.apiddress.com");
  }

  @Override
  String authHeader() {
    return "x-api-key";
  }

  @Override
  String authValue(String apiKey) {
    return apiKey;
  }

  @Override
  public int maxBatch() {
    return 100;
  }

  @Override
  public CompletableFuture<HostedAnswer> verify(String email, boolean checkSmtp) {
    long t0 = System.nanoTime();
    Request req = new Request.Builder().url(url("/api/v1/validate-email").build())
        .post(jsonBody(Map.of("email", email, "check_smtp", checkSmtp))).build();
    return send(req).thenApply(r -> {
      JsonNode body = ok(r);
      return new HostedAnswer(map(email, body, r, elapsed(t0)), true, 1, null);
    });
  }

  @Override
  public CompletableFuture<List<HostedAnswer>> verifyBatch(List<String> emails,
      boolean checkSmtp) {
    long t0 = System.nanoTime();
    Request req = new Request.Builder().url(url("/api/v1/validate-emails").build())
        .post(jsonBody(Map.of("emails", emails, "check_smtp", checkSmtp))).build();
    return send(req).thenApply(r -> {
      JsonNode body = ok(r);
      JsonNode results = body.path("results");
      if (!results.isArray() || results.size() != emails.size()) {
        throw malformed(r, "a bulk answer with " + (results.isArray() ? results.size() : 0)
            + " results for " + emails.size() + " addresses");
      }
      List<HostedAnswer> out = new ArrayList<>(emails.size());
      for (int i = 0; i < emails.size(); i++) {
        out.add(new HostedAnswer(map(emails.get(i), results.get(i), r, elapsed(t0)), true, 1,
            null));
      }
      return out;
    });
  }

  @Override
  public CompletableFuture<Optional<Quota>> usage() {
    Request me = new Request.Builder().url(url("/api/v1/me").build()).get().build();
    Request usage = new Request.Builder().url(url("/api/v1/usage").build()).get().build();
    return send(me).thenCombine(send(usage), (m, u) -> {
      JsonNode mb = ok(m);
      JsonNode ub = ok(u);
      // (boxed on purpose: a ternary of long and null unboxes, and a missing number was an NPE)
      Long limit = number(ub, "requests_limit") != null ? number(ub, "requests_limit")
          : number(mb, "requests_limit");
      Long used = number(ub, "requests_used");
      Long remaining = number(ub, "remaining") != null ? number(ub, "remaining")
          : limit != null && used != null ? Long.valueOf(limit - used) : null;
      return Optional.of(new Quota(text(mb, "plan"), limit, used, remaining,
          startOfNextMonth()));
    });
  }

  private static @Nullable Long number(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNumber() ? Long.valueOf(v.asLong()) : null;
  }

  /** The body of a 2xx reply, or the error its envelope describes. */
  private JsonNode ok(Reply r) {
    if (r.status() / 100 != 2) {
      JsonNode err = r.body().isBlank() ? null : tryJson(r);
      JsonNode e = err == null ? null : err.path("error");
      throw error(r, e == null ? null : text(e, "code"), e == null ? null : text(e, "message"));
    }
    return json(r);
  }

  private @Nullable JsonNode tryJson(Reply r) {
    try {
      return json(r);
    } catch (ProviderException e) {
      return null;
    }
  }

  private VerificationResult map(String email, JsonNode n, Reply r, long millis) {
    Status status = status(text(n, "status"));
    Double score = num(n, "score");
    if (status == null || score == null) {
      throw malformed(r, "an answer without status or score");
    }
    JsonNode c = n.path("checks");
    String trap = text(c, "spam_trap_risk");
    Checks checks = new Checks(bool(c, "syntax"), bool(c, "domain_exists"), bool(c, "mx"),
        bool(c, "smtp"), bool(c, "disposable"), bool(c, "role_based"), bool(c, "free_provider"),
        bool(c, "catch_all"), bool(c, "typo"),
        trap == null ? null : !"low".equalsIgnoreCase(trap));
    Instant at = null;
    String created = text(n, "created_at");
    if (created != null) {
      try {
        at = Instant.parse(created);
      } catch (DateTimeParseException ignored) {
        // keep our own time
      }
    }
    return result(email, text(n, "normalized_email"), status, score, reason(text(n, "reason")),
        text(n, "suggestion"), checks, text(n, "provider"), List.of(), at, r, millis);
  }
}
