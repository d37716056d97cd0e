package io.github.mailvet.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bridge started in this JVM on a free loopback port, and a small HTTP client for it. */
final class RunningBridge implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.builder().build();

  final ConfigurableApplicationContext context;
  final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  RunningBridge(String jdbcUrl, Map<String, Object> properties) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", 0);
    p.put("server.address", "127.0.0.1");
    p.put("spring.datasource.url", jdbcUrl);
    p.put("mailvet.bridge.allow-private-callbacks", true);
    p.put("mailvet.bridge.poll-interval", "PT0.05S");
    p.putAll(properties);
    SpringApplication app = new SpringApplication(BridgeApplication.class);
    app.setDefaultProperties(p);
    context = app.run();
    base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** A key, created as {@code ./mailvet keys create} does. */
  Keys.Created key(String plan, Long limit, boolean test) {
    return bean(Keys.class).create("test " + plan, "ops@acme.example", plan, limit, test, null);
  }

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String errorCode() {
      return body.path("error").path("code").asString();
    }
  }

  Answer get(String path, String key) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), key);
  }

  Answer post(String path, String key, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), key);
  }

  Answer send(HttpRequest.Builder b, String key) {
    if (key != null) {
      b.header("x-api-key", key);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() || !r.headers().firstValue("content-type")
          .orElse("").contains("json") ? JSON.nullNode() : JSON.readTree(r.body());
      return new Answer(r.statusCode(), body, r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }

  /**
   * Waits until at least {@code left} of the current UTC minute remains, so that requests
   * counted against a per-minute limit (a fixed window per UTC minute) fall in one window;
   * returns that minute (epoch minutes). Waits at most {@code 60 s - left}.
   */
  static long startEarlyInAMinute(Duration left) throws InterruptedException {
    long into = System.currentTimeMillis() % 60_000;
    if (into > 60_000 - left.toMillis()) {
      Thread.sleep(60_000 - into + 200);
    }
    return System.currentTimeMillis() / 60_000;
  }
}
