package io.github.mailvet.hosted;

import io.github.mailvet.Checks;
import io.github.mailvet.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An adapter configured by a {@link JsonMapping} (ValidMail and Mailerio presets). Rate-limit
 * headers {@code X-RateLimit-Limit / -Remaining / -Reset} are read where present. A 2xx body
 * that carries an error code instead of a status is treated as that error, since several
 * services report errors with HTTP 200.
 */
final class JsonMappingProvider extends HttpProvider {

  private final JsonMapping m;
  private final boolean testKey;

  JsonMappingProvider(Providers.Builder b, JsonMapping mapping) {
    super(b, b.baseUrl != null ? b.baseUrl : mapping.defaultBaseUrl() == null ? "http://invalid"
        : mapping.defaultBaseUrl());
    this.m = mapping;
    this.testKey = mapping.testKeyPrefix() != null && keyStartsWith(mapping.testKeyPrefix());
  }

  @Override
  String authHeader() {
    return m.authHeader();
  }

  @Override
  String authValue(String apiKey) {
    return m.authPrefix() + apiKey;
  }

  @Override
  public boolean spendsCredits() {
    return !testKey;
  }

  @Override
  Quota quota(Reply r) {
    return new Quota(null, number(r.headers().get("X-RateLimit-Limit")), null,
        number(r.headers().get("X-RateLimit-Remaining")),
        resetHeader(r.headers(), "X-RateLimit-Reset"));
  }

  @Override
  public CompletableFuture<HostedAnswer> verify(String email, boolean checkSmtp) {
    long t0 = System.nanoTime();
    Request.Builder rb = new Request.Builder();
    if (m.get()) {
      rb.url(url(m.path()).addQueryParameter(m.emailParameter(), email).build()).get();
    } else {
      rb.url(url(m.path()).build()).post(jsonBody(Map.of(m.emailParameter(), email)));
    }
    return send(rb.build()).thenApply(r -> {
      JsonNode n = null;
      try {
        n = json(r);
      } catch (ProviderException e) {
        if (r.status() / 100 == 2) {
          throw e;
        }
      }
      String code = n == null ? null : at(n, m.errorCodeField());
      if (r.status() / 100 != 2 || (code != null && at(n, m.statusField()) == null)) {
        throw error(r, code, n == null ? null : at(n, m.errorMessageField()));
      }
      Status status = status(at(n, m.statusField()));
      String scoreText = at(n, m.scoreField());
      Double score = null;
      try {
        score = scoreText == null ? null : Double.parseDouble(scoreText) / m.scoreScale();
      } catch (NumberFormatException ignored) {
        // treated as missing
      }
      if (status == null) {
        throw malformed(r, "an answer without a status this mapping understands");
      }
      Boolean disposable = flag(n, m.disposableField());
      if (Boolean.TRUE.equals(disposable) && status != Status.INVALID) {
        status = Status.DISPOSABLE;
      }
      Checks checks = new Checks(null, null, null, null, disposable, flag(n, m.roleField()),
          flag(n, m.freeField()), null, null, null);
      double s = score != null ? score : switch (status) {
        case VALID -> 0.9;
        case RISKY -> 0.6;
        case UNKNOWN -> 0.5;
        case DISPOSABLE -> 0.1;
        case INVALID -> 0.0;
      };
      return new HostedAnswer(result(email, null, status, s, reason(at(n, m.reasonField())),
          at(n, m.suggestionField()), checks, null, List.of(), null, r, elapsed(t0)), true,
          testKey ? 0 : 1, quota(r));
    });
  }

  private static @Nullable String at(@Nullable JsonNode n, String dotted) {
    if (n == null || dotted.isEmpty()) {
      return null;
    }
    JsonNode v = n.at("/" + dotted.replace('.', '/'));
    return v.isString() || v.isNumber() || v.isBoolean() ? v.asString() : null;
  }

  private static @Nullable Boolean flag(@Nullable JsonNode n, String dotted) {
    String v = at(n, dotted);
    return v == null ? null : Boolean.parseBoolean(v);
  }
}
