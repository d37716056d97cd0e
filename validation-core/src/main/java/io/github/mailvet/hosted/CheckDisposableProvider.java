package io.github.mailvet.hosted;

import io.github.mailvet.Checks;
import io.github.mailvet.Reason;
import io.github.mailvet.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * CheckDisposable ({@code ../shared/seeds/004_*}): Bearer key; {@code GET /v1/check?email=};
 * answers only whether the domain is disposable, so "disposable" is conclusive and "not
 * disposable" is not (the next provider or the local pipeline decides, with this answer kept as
 * evidence). {@code X-RateLimit-Remaining} is the monthly cap ({@code unlimited} on paid plans);
 * {@code 429 rate_limit_exceeded} is a burst limit with {@code Retry-After}, {@code 429
 * plan_limit} the monthly cap, {@code 502 upstream_error} an outage.
 */
final class CheckDisposableProvider extends HttpProvider {

  CheckDisposableProvider(Providers.Builder b) {
    super(b, "https://api.checkdisposable.email");
  }

  @Override
  String authHeader() {
    return "Authorization";
  }

  @Override
  Quota quota(Reply r) {
    Long limit = number(r.headers().get("X-RateLimit-Limit"));
    return new Quota(r.headers().get("X-RateLimit-Plan"), limit, null,
        number(r.headers().get("X-RateLimit-Remaining")),
        limit == null ? null : startOfNextMonth()); // a monthly cap
  }

  @Override
  public CompletableFuture<HostedAnswer> verify(String email, boolean checkSmtp) {
    long t0 = System.nanoTime();
    Request req = new Request.Builder()
        .url(url("/v1/check").addQueryParameter("email", email).build()).get().build();
    return send(req).thenApply(r -> {
      if (r.status() / 100 != 2) {
        String code = null;
        String message = null;
        try {
          JsonNode n = json(r);
          JsonNode e = n.path("error");
          code = e.isObject() ? text(e, "code") : text(n, "error");
          message = e.isObject() ? text(e, "message") : text(n, "message");
          if (code == null) {
            code = text(n, "code");
          }
        } catch (ProviderException ignored) {
          // the status decides
        }
        throw error(r, code, message);
      }
      JsonNode n = json(r);
      Boolean disposable = bool(n, "is_disposable");
      if (disposable == null) {
        throw malformed(r, "an answer without is_disposable");
      }
      Quota q = quota(r);
      Checks checks = new Checks(null, null, null, null, disposable, null, null, null, null, null);
      if (disposable) {
        return new HostedAnswer(result(email, null, Status.DISPOSABLE, 0.1,
            Reason.DISPOSABLE_PROVIDER, null, checks, null, List.of(), null, r, elapsed(t0)),
            true, 1, q);
      }
      return new HostedAnswer(result(email, null, Status.UNKNOWN, 0.5, Reason.ACCEPTED_EMAIL,
          null, checks, null, List.of(), null, r, elapsed(t0)), false, 1, q);
    });
  }
}
