package io.github.mailvet.hosted;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider could not answer. Raised by {@link HostedProvider} implementations to the engine,
 * which turns it into a retry, a suspension, a fallback or, when nothing else can answer, an
 * {@code unknown} result with reason {@code provider_error}; it never reaches the caller of
 * {@code verify}. The message never contains an API key.
 */
public final class ProviderException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure, which decides what the engine does next. */
  public enum Kind {
    /** 400: our request was wrong. Not retried. */
    BAD_REQUEST,
    /** 401 / 403: missing, wrong or revoked key. Not retried; the provider is marked unusable. */
    AUTH,
    /** Quota or credits exhausted (402, {@code quota_exceeded}, {@code plan_limit}, ...):
     *  suspended until the reset. */
    QUOTA,
    /** 429 rate limit: retried after {@code Retry-After} or a backoff. */
    RATE_LIMITED,
    /** 5xx, timeout, connection failure, malformed body: retried with backoff; counts toward
     *  the circuit breaker. */
    UNAVAILABLE
  }

  private final String provider;
  private final Kind kind;
  private final int httpStatus;
  private final String code;
  private final transient @Nullable Instant retryAt;
  private final transient @Nullable Quota quota;

  /**
   * A failure.
   *
   * @param provider   the provider's id
   * @param kind       the kind of failure
   * @param httpStatus the HTTP status, 0 when there was no response
   * @param code       the service's error code ({@code quota_exceeded}, ...) or a mailvet one
   *                   ({@code timeout}, {@code malformed_body}, ...)
   * @param message    what happened, for evidence and logs (no secrets)
   * @param retryAt    when to try again ({@code Retry-After}, {@code X-RateLimit-Reset}), if known
   * @param quota      quota the response revealed, if any
   */
  public ProviderException(String provider, Kind kind, int httpStatus, String code,
      String message, @Nullable Instant retryAt, @Nullable Quota quota) {
    super(provider + ": " + message + " (" + (httpStatus > 0 ? "HTTP " + httpStatus + ", " : "")
        + code + ")");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
    this.code = Objects.requireNonNull(code, "code");
    this.retryAt = retryAt;
    this.quota = quota;
  }

  /** The provider's id. */
  public String provider() {
    return provider;
  }

  /** The kind of failure. */
  public Kind kind() {
    return kind;
  }

  /** The HTTP status, 0 when there was no response. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The error code. */
  public String code() {
    return code;
  }

  /** When to try again, if the service said. */
  public @Nullable Instant retryAt() {
    return retryAt;
  }

  /** Quota the response revealed, if any. */
  public @Nullable Quota quota() {
    return quota;
  }
}
