package io.github.mailvet.bridge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates {@code /api/v1/**} (all but {@code /health} and {@code /openapi.yaml}) by {@code x-api-key}, as the seed
 * says, or {@code Authorization: Bearer}; applies the key's per-minute limit and sets
 * {@code X-RateLimit-Limit/Remaining/Reset} on every answer. Key-less requests (health, a bad
 * key) are limited per client address, so guessing keys is slow too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter extends OncePerRequestFilter {

  static final String KEY = "mailvet.bridge.key";

  /** What answers without a key. */
  static final java.util.Set<String> OPEN = java.util.Set.of("/api/v1/health",
      "/api/v1/openapi.yaml");

  private final Keys keys;
  private final RateLimits limits;
  private final JsonMapper json;

  ApiKeyFilter(Keys keys, RateLimits limits, JsonMapper json) {
    this.keys = keys;
    this.limits = limits;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String raw = rawKey(request);
    Optional<ApiKey> key = raw == null ? Optional.empty() : keys.byRawKey(raw);
    ApiKey limited = key.filter(ApiKey::active).orElseGet(() -> anonymous(request));
    RateLimits.Window w = limits.take(limited);
    response.setHeader("X-RateLimit-Limit", Long.toString(w.limit()));
    response.setHeader("X-RateLimit-Remaining", Long.toString(w.remaining()));
    response.setHeader("X-RateLimit-Reset", Long.toString(w.resetEpochSecond()));
    if (!w.allowed()) {
      write(response, ApiException.rateLimited(w.retryAfterSeconds()));
      return;
    }
    if (OPEN.contains(request.getRequestURI())) {
      chain.doFilter(request, response);
      return;
    }
    if (raw == null) {
      write(response, ApiException.unauthorized(
          "send your API key in the x-api-key header (or Authorization: Bearer)"));
      return;
    }
    if (key.isEmpty() || !key.get().active()) {
      write(response, ApiException.unauthorized("the API key is malformed, revoked or unknown"));
      return;
    }
    keys.touch(key.get());
    request.setAttribute(KEY, key.get());
    chain.doFilter(request, response);
  }

  private static @Nullable String rawKey(HttpServletRequest request) {
    String k = request.getHeader("x-api-key");
    if (k == null) {
      String auth = request.getHeader("Authorization");
      if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        k = auth.substring(7);
      }
    }
    if (k == null) {
      return null;
    }
    k = k.strip();
    return k.isEmpty() ? null : k;
  }

  /** Stands for key-less callers, one per client address, on the free plan's limit. */
  private static ApiKey anonymous(HttpServletRequest request) {
    return new ApiKey("ip:" + request.getRemoteAddr(), "anonymous", null, "", true, "free", 0,
        "", null, Instant.EPOCH, null);
  }

  private void write(HttpServletResponse response, ApiException e) throws IOException {
    response.setStatus(e.status().value());
    e.headers().forEach(response::setHeader);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.getOutputStream().write(Errors.json(json, e).getBytes(StandardCharsets.UTF_8));
  }
}
