package io.github.mailvet.bridge;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every non-2xx answer is the seed's envelope {@code {"error": {"code", "message", "details"}}}:
 * the API's own errors, malformed JSON, unknown routes and whatever fails outside a controller.
 */
final class Errors {

  private static final System.Logger LOG = System.getLogger(Errors.class.getName());

  private Errors() {
  }

  static ResponseEntity<Map<String, Object>> envelope(HttpStatus status, String code,
      String message, Map<String, ?> details, Map<String, String> headers) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", details);
    HttpHeaders h = new HttpHeaders();
    headers.forEach(h::set);
    return ResponseEntity.status(status).headers(h).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", error));
  }

  static ResponseEntity<Map<String, Object>> envelope(ApiException e) {
    return envelope(e.status(), e.code(), e.getMessage(), e.details(), e.headers());
  }

  static String json(JsonMapper json, ApiException e) {
    return json.writeValueAsString(envelope(e).getBody());
  }

  /** The API's exception handlers. */
  @RestControllerAdvice
  static class Advice {

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
      return envelope(e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
      return envelope(ApiException.invalid("body", "the request body is not valid JSON"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
      return envelope(ApiException.invalid("content-type",
          "send the body as application/json"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
      return envelope(ApiException.invalid(e.getParameterName(),
          e.getParameterName() + " is required"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
      return envelope(ApiException.invalid(e.getName(), e.getName() + " has the wrong type"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noRoute(NoResourceFoundException e) {
      return envelope(ApiException.notFound("no such route: " + e.getResourcePath()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
      return envelope(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request",
          e.getMethod() + " is not allowed here", Map.of("field", "method"), Map.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> internal(Exception e) {
      LOG.log(Level.ERROR, "internal error", e);
      return envelope(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
          "an unexpected error; safe to retry with backoff", Map.of(), Map.of());
    }
  }

  /** What the servlet container reports (errors outside Spring MVC) in the same envelope. */
  @RestController
  static class Fallback implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
      Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
      HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
      if (status == null) {
        status = HttpStatus.INTERNAL_SERVER_ERROR;
      }
      return switch (status) {
        case NOT_FOUND -> envelope(ApiException.notFound("no such route"));
        case BAD_REQUEST -> envelope(ApiException.invalid("body", "a malformed request"));
        default -> status.is5xxServerError()
            ? envelope(status, "internal_error", "an unexpected error; safe to retry with backoff",
                Map.of(), Map.of())
            : envelope(status, "invalid_request", status.getReasonPhrase(), Map.of(), Map.of());
      };
    }
  }
}
