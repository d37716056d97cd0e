package io.github.mailvet.hosted;

import io.github.mailvet.Checks;
import io.github.mailvet.Evidence;
import io.github.mailvet.Reason;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.hosted.ProviderException.Kind;
import io.github.mailvet.internal.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The common part of the HTTP adapters: one attempt per call on OkHttp, the key added only to
 * requests for the provider's own host, redirects not followed (a redirect could carry the key
 * elsewhere), error classification across the services' inconsistent conventions, and the
 * mapping helpers.
 */
abstract class HttpProvider implements HostedProvider {

  static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_RAW = 2_000;

  final String id;
  final HttpUrl base;
  private final String key;
  private final OkHttpClient client;
  private final boolean ownsClient;
  final Clock clock;

  /** A reply: status, headers and the whole body. */
  record Reply(int status, Headers headers, String body) { }

  HttpProvider(Providers.Builder b, String defaultBaseUrl) {
    this.id = b.id;
    String url = b.baseUrl != null ? b.baseUrl : defaultBaseUrl;
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(b.id + ": not an http(s) URL: " + url);
    }
    this.base = parsed;
    this.key = b.apiKey == null ? "" : b.apiKey;
    this.clock = b.clock;
    OkHttpClient.Builder cb = b.client != null ? b.client.newBuilder() : new OkHttpClient.Builder();
    this.client = cb.callTimeout(b.timeout.toMillis(), TimeUnit.MILLISECONDS)
        .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false).build();
    this.ownsClient = b.client == null;
  }

  @Override
  public String id() {
    return id;
  }

  /** The header carrying the key, and its value. */
  abstract String authHeader();

  String authValue(String apiKey) {
    return "Bearer " + apiKey;
  }

  /** Whether the key is configured (not whether it is right). */
  boolean hasKey() {
    return !key.isEmpty();
  }

  /** The key's prefix, for adapters that tell test keys from live ones; never the key itself. */
  boolean keyStartsWith(String prefix) {
    return key.startsWith(prefix);
  }

  HttpUrl.Builder url(String path) {
    HttpUrl u = base.resolve(path.startsWith("/") ? path.substring(1) : path);
    if (u == null) {
      throw new IllegalArgumentException(id + ": bad path " + path);
    }
    return u.newBuilder();
  }

  static RequestBody jsonBody(Object value) {
    return RequestBody.create(Json.mapper().writeValueAsString(value), JSON);
  }

  /** Sends one request; completes with any HTTP reply, or a provider error if there was none. */
  CompletableFuture<Reply> send(Request request) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    if (!request.url().host().equals(base.host()) || request.url().port() != base.port()) {
      // the key is for the provider's host only
      f.completeExceptionally(new ProviderException(id, Kind.BAD_REQUEST, 0, "foreign_host",
          "refused to send the key to " + request.url().host(), null, null));
      return f;
    }
    Request withKey = hasKey() ? request.newBuilder().header(authHeader(), authValue(key)).build()
        : request;
    client.newCall(withKey).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        boolean timeout = e instanceof InterruptedIOException;
        f.completeExceptionally(new ProviderException(id, Kind.UNAVAILABLE, 0,
            timeout ? "timeout" : "connection_failed",
            (timeout ? "no answer in time" : "the connection failed") + " ("
                + e.getClass().getSimpleName() + ")", null, null));
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          f.complete(new Reply(response.code(), response.headers(), bounded(response)));
        } catch (ProviderException e) {
          f.completeExceptionally(e);
        } catch (IOException | RuntimeException e) {
          f.completeExceptionally(new ProviderException(id, Kind.UNAVAILABLE, response.code(),
              "truncated_body", "the answer was cut off (" + e.getClass().getSimpleName() + ")",
              null, null));
        }
      }
    });
    return f;
  }

  /**
   * The most a provider's answer may hold. A 100-address bulk answer is about 100 KB; a server
   * that sends more is broken or hostile, and reading it whole could exhaust memory.
   */
  static final long MAX_BODY = 4L << 20;

  private String bounded(Response response) throws IOException {
    okhttp3.ResponseBody body = response.body();
    long declared = body.contentLength();
    okio.BufferedSource source = body.source();
    if (declared > MAX_BODY || source.request(MAX_BODY + 1)) {
      throw new ProviderException(id, Kind.UNAVAILABLE, response.code(), "oversize_body",
          "the answer is larger than " + (MAX_BODY >> 20) + " MB; not read", null, null);
    }
    return source.readString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The text with every occurrence of the configured key replaced (services that echo it). */
  String redact(String text) {
    return key.isEmpty() || !text.contains(key) ? text : text.replace(key, "[redacted]");
  }

  /** The body as JSON; a malformed or empty body is a provider error. */
  JsonNode json(Reply r) {
    try {
      JsonNode n = Json.mapper().readTree(r.body());
      if (n == null || n.isMissingNode() || n.isNull()) {
        throw malformed(r, "an empty body");
      }
      return n;
    } catch (JacksonException e) {
      throw malformed(r, "a body that is not JSON");
    }
  }

  ProviderException malformed(Reply r, String what) {
    return new ProviderException(id, Kind.UNAVAILABLE, r.status(), "malformed_body",
        "the service sent " + what, null, quota(r));
  }

  /** Quota revealed by a reply's headers; {@link Quota#UNKNOWN} by default. */
  Quota quota(Reply r) {
    return Quota.UNKNOWN;
  }

  /**
   * The error for a non-2xx reply (or a 2xx whose body is an error), from its status and the
   * service's error code. The services disagree (402 vs 403 vs 429 for credits), so the code
   * wins over the status where it says "quota".
   */
  ProviderException error(Reply r, @Nullable String code, @Nullable String message) {
    // a code is a short token; anything else from the wire is not trusted as one
    String c = code == null || code.isBlank() ? "http_" + r.status()
        : code.matches("[A-Za-z0-9_.-]{1,64}") && (key.isEmpty() || !code.contains(key)) ? code
        : "unrecognized_code";
    String lc = c.toLowerCase(Locale.ROOT);
    Kind kind;
    if (lc.contains("quota") || lc.contains("plan_limit") || lc.contains("credit")
        || lc.contains("balance") || lc.contains("payment") || r.status() == 402) {
      kind = Kind.QUOTA;
    } else if (r.status() == 401 || r.status() == 403 || lc.contains("api_key")
        || lc.contains("unauthorized")) {
      kind = Kind.AUTH;
    } else if (r.status() == 429 || lc.contains("rate_limit")) {
      kind = Kind.RATE_LIMITED;
    } else if (r.status() >= 400 && r.status() < 500) {
      kind = Kind.BAD_REQUEST;
    } else {
      kind = Kind.UNAVAILABLE;
    }
    Quota q = quota(r);
    Instant retryAt = retryAfter(r.headers());
    if (retryAt == null) {
      retryAt = q.resetAt();
    }
    if (kind == Kind.QUOTA && retryAt == null) {
      retryAt = startOfNextMonth(); // monthly plans reset then; prepaid credits are re-checked
    }
    if (kind == Kind.QUOTA) {
      q = new Quota(q.plan(), q.limit(), q.used(), 0L, retryAt);
    }
    return new ProviderException(id, kind, r.status(), c,
        message == null || message.isBlank() ? "HTTP " + r.status()
            : clip(redact(message), 200),
        retryAt, q);
  }

  Instant startOfNextMonth() {
    LocalDate d = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1).plusMonths(1);
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** {@code Retry-After} in seconds or as an HTTP date. */
  @Nullable Instant retryAfter(Headers h) {
    String v = h.get("Retry-After");
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return clock.instant().plusSeconds(Math.max(0, Long.parseLong(v.strip())));
    } catch (NumberFormatException e) {
      try {
        return ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException bad) {
        return null;
      }
    }
  }

  /** {@code X-RateLimit-Reset}: epoch seconds, or seconds from now when small. */
  @Nullable Instant resetHeader(Headers h, String name) {
    Long v = number(h.get(name));
    if (v == null) {
      return null;
    }
    return v > 1_000_000_000L ? Instant.ofEpochSecond(v) : clock.instant().plusSeconds(v);
  }

  static @Nullable Long number(@Nullable String v) {
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return null; // "unlimited"
    }
  }

  static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isString() ? v.asString() : v.isNumber() || v.isBoolean() ? v.asString() : null;
  }

  static @Nullable Boolean bool(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isBoolean() ? v.asBoolean() : null;
  }

  static @Nullable Double num(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNumber() ? v.asDouble() : null;
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  /** A result in mailvet's shape from what a service answered. */
  VerificationResult result(String email, @Nullable String normalized, Status status,
      double score, @Nullable Reason reason, @Nullable String suggestion, Checks checks,
      @Nullable String provider, List<String> mx, @Nullable Instant verifiedAt, Reply raw,
      long millis) {
    Reason why = reason != null ? reason : defaultReason(status, checks);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("provider", id);
    data.put("http_status", Integer.toString(raw.status()));
    data.put("raw", clip(redact(raw.body()), MAX_RAW));
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(new Evidence("hosted", "provider_answer",
        id + " answered " + status.wireName() + " (" + why.wireName() + ")", 0, data));
    double s = Math.max(0, Math.min(1, score));
    // What comes from outside is checked: a normalized form that names another address is not
    // ours to store, and nothing the service echoes may carry the key.
    String asked = email.strip().toLowerCase(Locale.ROOT);
    String norm = normalized != null && normalized.strip().equalsIgnoreCase(asked)
        ? normalized.strip().toLowerCase(Locale.ROOT) : asked;
    List<String> hosts = new ArrayList<>();
    mx.forEach(h -> hosts.add(redact(h)));
    return VerificationResult.builder(email, status, why, checks, id).normalizedEmail(norm)
        .score(s).suggestion(suggestion == null ? null : redact(suggestion))
        .provider(provider == null ? null : redact(provider)).mxRecords(hosts)
        .verifiedAt(verifiedAt != null ? verifiedAt : clock.instant()).durationMs(millis)
        .evidence(evidence).build();
  }

  /** A reason where the service gives none, from its status and checks. */
  static Reason defaultReason(Status status, Checks c) {
    return switch (status) {
      case VALID -> Reason.ACCEPTED_EMAIL;
      case DISPOSABLE -> Reason.DISPOSABLE_PROVIDER;
      case UNKNOWN -> Reason.TEMPORARILY_UNAVAILABLE;
      case INVALID -> Boolean.FALSE.equals(c.syntax()) ? Reason.INVALID_SYNTAX
          : Boolean.FALSE.equals(c.domainExists()) ? Reason.NO_DOMAIN
          : Boolean.FALSE.equals(c.mx()) ? Reason.NO_MX_RECORD
          : Reason.MAILBOX_NOT_FOUND;
      case RISKY -> Boolean.TRUE.equals(c.catchAll()) ? Reason.CATCH_ALL
          : Boolean.TRUE.equals(c.roleBased()) ? Reason.ROLE_BASED
          : Boolean.TRUE.equals(c.typo()) ? Reason.LIKELY_TYPO
          : Boolean.TRUE.equals(c.disposable()) ? Reason.DISPOSABLE_PROVIDER
          : Reason.ACCEPTED_EMAIL;
    };
  }

  /** A reason from a service's reason text, when it names one of mailvet's. */
  static @Nullable Reason reason(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    for (Reason r : Reason.values()) {
      if (r.name().equals(t)) {
        return r;
      }
    }
    return null;
  }

  /** A status from a service's status text ({@code valid}, {@code VALID}, {@code catch-all}...). */
  static @Nullable Status status(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "valid", "deliverable", "ok", "safe" -> Status.VALID;
      case "invalid", "undeliverable", "bad" -> Status.INVALID;
      case "risky", "catch-all", "catch_all", "catchall", "accept_all", "accept-all" -> Status.RISKY;
      case "disposable", "temporary" -> Status.DISPOSABLE;
      case "unknown" -> Status.UNKNOWN;
      default -> null;
    };
  }

  long elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", baseUrl=" + base
        + ", key=" + (hasKey() ? "(set, redacted)" : "(none)") + "]";
  }
}
