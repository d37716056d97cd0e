package io.github.mailvet.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.mailvet.testing.dns.DnsTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} in the middle of a 2,000-address batch, as a user would run the bridge: the
 * packaged {@code mailvet-bridge.jar} on its embedded default, a new process on the same data
 * folder after the kill. The batch completes; every address is answered once and billed once;
 * the callback arrives once; the raw key is nowhere in the data folder or the logs.
 */
class KillRecoveryIT {

  private static final int DOMAINS = 200;
  private static final int ADDRESSES = 2_000;

  private final List<Process> started = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopWhatWeStarted() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  @Test
  void aBatchSurvivesKillNineAndEveryAddressIsAnsweredAndBilledOnce() throws Exception {
    DnsTestServer.Builder dnsb = DnsTestServer.builder().delay(Duration.ofMillis(150));
    for (int d = 0; d < DOMAINS; d++) {
      dnsb.mx("d" + d + "-kill.com", 10, "mx.d" + d + "-kill.com")
          .a("mx.d" + d + "-kill.com", "192.0.2." + (d % 250 + 1));
    }
    try (DnsTestServer dns = dnsb.start()) {
      WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort()
          .bindAddress("127.0.0.1"));
      receiver.start();
      try {
        run(dns, receiver);
      } finally {
        receiver.stop();
      }
    }
  }

  private void run(DnsTestServer dns, WireMockServer receiver) throws Exception {
    receiver.stubFor(post(urlEqualTo("/done")).willReturn(aResponse().withStatus(200)));
    Path work = Files.createTempDirectory("mailvet-kill-");
    Path data = work.resolve("data");
    Process create = java(work, "create", "keys", "create", "--name", "crash-test",
        "--monthly-limit", "5000", "--data", data.toString());
    assertThat(create.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(create.exitValue()).isZero();
    JsonNode created = RunningBridge.JSON.readTree(Files.readString(work.resolve("create.out")));
    String key = created.path("key").asString();
    assertThat(key).startsWith("mv_live_");

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String[] serve = {"serve", "--data", data.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dns-server", dns.hostPort(), "--allow-private-callbacks",
        "--mailvet.bridge.batch-lease=PT3S", "--mailvet.bridge.batch-chunk=40"};
    Process first = java(work, "serve1", serve);
    String base = "http://127.0.0.1:" + port + "/api/v1";
    awaitHealthy(base, first);

    List<String> emails = new ArrayList<>();
    for (int i = 0; i < ADDRESSES; i++) {
      emails.add("user" + i + "@d" + (i % DOMAINS) + "-kill.com");
    }
    String body = "{\"emails\": " + RunningBridge.JSON.writeValueAsString(emails)
        + ", \"callback_url\": \"http://127.0.0.1:" + receiver.port() + "/done\"}";
    JsonNode batch = send(HttpRequest.newBuilder(URI.create(base + "/batches"))
        .header("x-api-key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
    String id = batch.path("batch_id").asString();
    assertThat(id).startsWith("bat_");

    int processedAtKill = -1;
    for (int i = 0; i < 600 && processedAtKill < 0; i++) { // bounded: 60 s
      int processed = get(base + "/batches/" + id, key).path("processed_count").asInt();
      if (processed >= 200) {
        assertThat(processed).as("killed in the middle").isLessThan(ADDRESSES);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, the embedded PostgreSQL orphaned
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        processedAtKill = processed;
      }
      Thread.sleep(100);
    }
    assertThat(processedAtKill).as("the batch made progress before the kill").isPositive();

    Process second = java(work, "serve2", serve);
    awaitHealthy(base, second);
    JsonNode done = null;
    for (int i = 0; i < 1200; i++) { // bounded: 120 s
      JsonNode b = get(base + "/batches/" + id, key);
      if (b.path("status").asString().equals("completed")) {
        done = b;
        break;
      }
      Thread.sleep(100);
    }
    assertThat(done).as("the batch completed after the restart").isNotNull();
    List<String> answered = new ArrayList<>();
    done.path("results").forEach(r -> answered.add(r.path("email").asString()));
    assertThat(answered).isEqualTo(emails);
    assertThat(done.path("processed_count").asInt()).isEqualTo(ADDRESSES);
    assertThat(get(base + "/usage", key).path("requests_used").asLong())
        .as("billed once").isEqualTo(ADDRESSES);
    for (int i = 0; i < 300 && receiver.findAll(postRequestedFor(urlEqualTo("/done"))).isEmpty();
        i++) {
      Thread.sleep(100);
    }
    Thread.sleep(500);
    receiver.verify(com.github.tomakehurst.wiremock.client.WireMock.exactly(1),
        postRequestedFor(urlEqualTo("/done")));

    // answered once: one stored answer per address, however many workers touched the batch
    try (EmbeddedDatabase attached = EmbeddedDatabase.open(data, false)) {
      JdbcClient db = JdbcClient.create(new DriverManagerDataSource(attached.jdbcUrl()));
      assertThat(db.sql("select count(*) from verification where batch_id = ?").param(id)
          .query(Long.class).single()).isEqualTo(ADDRESSES);
      assertThat(db.sql("select attempts from batch where id = ?").param(id)
          .query(Integer.class).single()).isEqualTo(2);
    }

    second.destroy(); // SIGTERM: the bridge stops its PostgreSQL on the way out
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(data.resolve("pg/postmaster.pid")).doesNotExist();

    // no raw key at rest or in the logs
    byte[] raw = key.getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getFileName().toString().equals("create.out")) {
          continue; // where keys create showed it, once
        }
        assertThat(contains(Files.readAllBytes(f), raw)).as(f.toString()).isFalse();
      }
    }
  }

  private Process java(Path work, String name, String... args) throws IOException {
    return PackagedBridge.start(work, name, started, args);
  }

  private void awaitHealthy(String base, Process p) throws Exception {
    PackagedBridge.awaitHealthy(http, base, p);
  }

  private JsonNode get(String url, String key) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key));
  }

  private JsonNode send(HttpRequest.Builder b) throws Exception {
    return RunningBridge.JSON.readTree(
        http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
