package io.github.mailvet.bridge;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An answer in the APIddress error envelope, {@code {"error": {"code", "message", "details"}}}.
 * Codes are the seed's and never change; messages may be reworded.
 */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;
  private final transient Map<String, Object> details;
  private final transient Map<String, String> headers;

  ApiException(HttpStatus status, String code, String message, Map<String, Object> details,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  static ApiException invalid(String field, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", message,
        Map.of("field", field), Map.of());
  }

  static ApiException unauthorized(String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", message, Map.of(),
        Map.of());
  }

  static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", message, Map.of(), Map.of());
  }

  static ApiException quotaExceeded(long limit, long used, long asked) {
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "quota_exceeded",
        "the monthly quota of " + limit + " validations would be exceeded: " + used
            + " used, " + asked + " asked; it resets at the start of next month (UTC)",
        Map.of("requests_limit", limit, "requests_used", used, "requested", asked), Map.of());
  }

  static ApiException rateLimited(long retryAfterSeconds) {
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
        "too many requests this minute; retry after " + retryAfterSeconds + " s",
        Map.of("retry_after", retryAfterSeconds),
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  HttpStatus status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, Object> details() {
    return details;
  }

  Map<String, String> headers() {
    return headers;
  }
}
