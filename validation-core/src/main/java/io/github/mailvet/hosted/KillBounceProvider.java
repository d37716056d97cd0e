package io.github.mailvet.hosted;

import io.github.mailvet.Checks;
import io.github.mailvet.Status;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * KillBounce ({@code ../shared/seeds/003_*}): Bearer key; {@code POST /v1/verify/single};
 * status {@code VALID / RISKY / INVALID / UNKNOWN}, score 0..100, flat booleans,
 * {@code credits_used}; errors {@code {"detail": ...}} with 401, 402 (credits), 429 with
 * {@code Retry-After}, 500 (no credit deducted). Its bulk endpoint takes a CSV upload and returns
 * results only by callback or dashboard download, so bulk work uses the single endpoint.
 */
final class KillBounceProvider extends HttpProvider {

  KillBounceProvider(Providers.Builder b) {
    super(b, "https://api.getkillbounce.com");
  }

  @Override
  String authHeader() {
    return "Authorization";
  }

  @Override
  public CompletableFuture<HostedAnswer> verify(String email, boolean checkSmtp) {
    long t0 = System.nanoTime();
    Request req = new Request.Builder().url(url("/v1/verify/single").build())
        .post(jsonBody(Map.of("email", email, "check_smtp", checkSmtp))).build();
    return send(req).thenApply(r -> {
      if (r.status() / 100 != 2) {
        String detail = null;
        try {
          detail = text(json(r), "detail");
        } catch (ProviderException ignored) {
          // no JSON body: the status decides
        }
        throw error(r, null, detail);
      }
      JsonNode n = json(r);
      Status status = status(text(n, "status"));
      Double score = num(n, "score");
      if (status == null || score == null) {
        throw malformed(r, "an answer without status or score");
      }
      Boolean disposable = bool(n, "is_disposable");
      if (Boolean.TRUE.equals(disposable) && status != Status.INVALID) {
        status = Status.DISPOSABLE;
      }
      Boolean domain = bool(n, "domain_exists");
      Checks checks = new Checks(bool(n, "syntax_valid"), domain, null, bool(n, "smtp_valid"),
          disposable, bool(n, "is_role_based"), bool(n, "is_free_email"), null, null, null);
      List<String> mx = new ArrayList<>();
      n.path("mx_records").values().forEach(v -> mx.add(v.asString()));
      Instant at = null;
      try {
        String v = text(n, "verified_at");
        at = v == null ? null : Instant.parse(v);
      } catch (DateTimeParseException ignored) {
        // keep our own time
      }
      Double credits = num(n, "credits_used");
      return new HostedAnswer(result(email, null, status, score / 100.0, reason(text(n, "reason")),
          null, checks, text(n, "smtp_provider"), mx, at, r, elapsed(t0)), true,
          credits == null ? 1 : credits.intValue(), null);
    });
  }
}
