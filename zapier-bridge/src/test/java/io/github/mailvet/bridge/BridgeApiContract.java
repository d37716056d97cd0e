package io.github.mailvet.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.hosted.Hosted;
import io.github.mailvet.hosted.Providers;
import io.github.mailvet.testing.dns.DnsTestServer;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The bridge's API as a client written from the APIddress seed sees it. Run against each way of
 * setting the bridge up: the embedded default and a PostgreSQL of one's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BridgeApiContract {

  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25")
      .mx("gmial.com", 10, "mx.gmial.com").a("mx.gmial.com", "192.0.2.28")
      .start();

  RunningBridge bridge;
  WireMockServer receiver;

  /** Starts the bridge on the database under test. */
  void start(String jdbcUrl) {
    receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    receiver.start();
    bridge = new RunningBridge(jdbcUrl, Map.of(
        "mailvet.dns.servers", DNS.hostPort(),
        "mailvet.dns.canaries", "",
        "mailvet.bridge.rate-per-minute.free", 100_000,
        "mailvet.bridge.rate-per-minute.paid", 3,
        "mailvet.bridge.webhook-retries", "PT0.1S,PT0.1S,PT0.1S"));
  }

  @AfterAll
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    if (receiver != null) {
      receiver.stop();
    }
  }

  String liveKey(long limit) {
    return bridge.key("free", limit, false).rawKey();
  }

  @Test
  void healthNeedsNoKeyAndEveryAnswerCarriesRateLimitHeaders() {
    RunningBridge.Answer a = bridge.get("/api/v1/health", null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().path("status").asString()).isEqualTo("ok");
    assertThat(a.header("X-RateLimit-Limit")).isNotNull();
    RunningBridge.Answer b = bridge.get("/api/v1/me", liveKey(100));
    assertThat(Long.parseLong(b.header("X-RateLimit-Remaining"))).isLessThan(
        Long.parseLong(b.header("X-RateLimit-Limit")));
    assertThat(Long.parseLong(b.header("X-RateLimit-Reset")))
        .isGreaterThan(System.currentTimeMillis() / 1000);
  }

  @Test
  void aMissingWrongOrRevokedKeyIsUnauthorizedAndBearerWorksToo() {
    assertThat(bridge.get("/api/v1/me", null).errorCode()).isEqualTo("unauthorized");
    RunningBridge.Answer wrong = bridge.get("/api/v1/me", "mv_live_" + "0".repeat(32));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.errorCode()).isEqualTo("unauthorized");
    Keys.Created k = bridge.key("free", 10L, false);
    RunningBridge.Answer bearer = bridge.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(bridge.base + "/api/v1/me"))
        .header("Authorization", "Bearer " + k.rawKey()), null);
    assertThat(bearer.status()).isEqualTo(200);
    assertThat(bearer.body().path("id").asString()).isEqualTo(k.key().id());
    assertThat(bearer.body().path("plan").asString()).isEqualTo("free");
    assertThat(bearer.body().path("requests_limit").asLong()).isEqualTo(10);
    bridge.bean(Keys.class).revoke(k.key().id());
    assertThat(bridge.get("/api/v1/me", k.rawKey()).status()).isEqualTo(401);
  }

  @Test
  void validateEmailAnswersInTheSeedsShape() {
    RunningBridge.Answer a = bridge.post("/api/v1/validate-email", liveKey(100),
        "{\"email\": \" Ada@ACME.com\"}");
    assertThat(a.status()).isEqualTo(200);
    JsonNode r = a.body();
    assertThat(r.propertyNames()).contains("id", "email", "normalized_email", "status", "valid",
        "score", "reason", "suggestion", "checks", "provider", "created_at");
    assertThat(r.path("checks").propertyNames()).contains("syntax", "domain_exists", "mx",
        "smtp", "disposable", "role_based", "free_provider", "catch_all", "typo",
        "spam_trap_risk");
    assertThat(r.path("id").asString()).startsWith("ver_");
    assertThat(r.path("normalized_email").asString()).isEqualTo("ada@acme.com");
    assertThat(r.path("status").asString()).isEqualTo("valid");
    assertThat(r.path("valid").asBoolean()).isTrue();
    assertThat(r.path("checks").path("mx").asBoolean()).isTrue();
    assertThat(r.path("checks").path("smtp").isNull()).isTrue();

    RunningBridge.Answer typo = bridge.post("/api/v1/validate-email", liveKey(100),
        "{\"email\": \"ada@gmial.com\"}");
    assertThat(typo.body().path("suggestion").asString()).isEqualTo("ada@gmail.com");
  }

  @Test
  void allowRoleBasedFalseMakesARoleAddressRisky() {
    String key = liveKey(100);
    JsonNode allowed = bridge.post("/api/v1/validate-email", key,
        "{\"email\": \"info@acme.com\"}").body();
    assertThat(allowed.path("status").asString()).isEqualTo("valid");
    assertThat(allowed.path("checks").path("role_based").asBoolean()).isTrue();
    JsonNode refused = bridge.post("/api/v1/validate-email", key,
        "{\"email\": \"info@acme.com\", \"allow_role_based\": false}").body();
    assertThat(refused.path("status").asString()).isEqualTo("risky");
  }

  @Test
  void badRequestsGetTheEnvelopeNamingTheFieldAndSpendNothing() {
    Keys.Created k = bridge.key("free", 100L, false);
    String key = k.rawKey();
    Map<String, String> bodies = Map.of(
        "{}", "email",
        "{\"email\": 42}", "email",
        "{\"email\": \"a@acme.com\", \"check_smtp\": \"yes\"}", "check_smtp",
        "{\"email\": \"a@acme.com\", \"profile\": \"nope\"}", "profile",
        "{\"email\": ", "body",
        "[\"a@acme.com\"]", "body",
        "", "body");
    bodies.forEach((body, field) -> {
      RunningBridge.Answer a = bridge.post("/api/v1/validate-email", key, body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.errorCode()).as(body).isEqualTo("invalid_request");
      assertThat(a.body().path("error").path("details").path("field").asString()).as(body)
          .isEqualTo(field);
      assertThat(a.body().path("error").path("message").asString()).isNotBlank();
    });
    String many = "{\"emails\": [" + String.join(",",
        IntStream.range(0, 101).mapToObj(i -> "\"u" + i + "@acme.com\"").toList()) + "]}";
    assertThat(bridge.post("/api/v1/validate-emails", key, many).body().path("error")
        .path("details").path("field").asString()).isEqualTo("emails");
    assertThat(bridge.post("/api/v1/validate-emails", key, "{\"emails\": [\"a@acme.com\", 7]}")
        .body().path("error").path("details").path("field").asString()).isEqualTo("emails[1]");
    RunningBridge.Answer route = bridge.get("/api/v1/no-such-thing", key);
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.errorCode()).isEqualTo("not_found");
    assertThat(bridge.get("/api/v1/usage", key).body().path("requests_used").asLong())
        .isZero();
  }

  @Test
  void validateEmailsKeepsSubmissionOrder() {
    RunningBridge.Answer a = bridge.post("/api/v1/validate-emails", liveKey(100),
        "{\"emails\": [\"zed@acme.com\", \"not an address\", \"ada@acme.com\"]}");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().path("count").asInt()).isEqualTo(3);
    List<String> emails = new ArrayList<>();
    a.body().path("results").forEach(r -> emails.add(r.path("email").asString()));
    assertThat(emails).containsExactly("zed@acme.com", "not an address", "ada@acme.com");
    assertThat(a.body().path("results").get(1).path("status").asString()).isEqualTo("invalid");
  }

  @Test
  void theMonthlyQuotaIsExactUnderConcurrencyAndAnOvershootIsRejectedWhole() throws Exception {
    Keys.Created k = bridge.key("free", 10L, false);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        int n = i;
        calls.add(() -> bridge.post("/api/v1/validate-email", k.rawKey(),
            "{\"email\": \"u" + n + "@acme.com\"}").status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
      assertThat(statuses).filteredOn(s -> s == 429).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
    RunningBridge.Answer usage = bridge.get("/api/v1/usage", k.rawKey());
    assertThat(usage.body().path("requests_used").asLong()).isEqualTo(10);
    assertThat(usage.body().path("remaining").asLong()).isZero();
    RunningBridge.Answer over = bridge.post("/api/v1/validate-email", k.rawKey(),
        "{\"email\": \"late@acme.com\"}");
    assertThat(over.errorCode()).isEqualTo("quota_exceeded");
    assertThat(over.header("Retry-After")).isNull();

    String five = bridge.key("free", 5L, false).rawKey();
    assertThat(bridge.post("/api/v1/validate-emails", five,
        "{\"emails\": [\"a@acme.com\", \"b@acme.com\", \"c@acme.com\"]}").status()).isEqualTo(200);
    RunningBridge.Answer whole = bridge.post("/api/v1/batches", five,
        "{\"emails\": [\"d@acme.com\", \"e@acme.com\", \"f@acme.com\"]}");
    assertThat(whole.status()).isEqualTo(429);
    assertThat(whole.errorCode()).isEqualTo("quota_exceeded");
    assertThat(bridge.get("/api/v1/usage", five).body().path("requests_used").asLong())
        .isEqualTo(3);
  }

  @Test
  void testKeysGiveTestModeAnswersAndSpendNothing() {
    Keys.Created k = bridge.key("free", 1L, true);
    assertThat(k.rawKey()).startsWith("mv_test_").hasSize(8 + 32);
    for (int i = 0; i < 3; i++) {
      JsonNode r = bridge.post("/api/v1/validate-email", k.rawKey(),
          "{\"email\": \"ada@mailbox-not-found.mailvet.test\"}").body();
      assertThat(r.path("status").asString()).isEqualTo("invalid");
      assertThat(r.path("reason").asString()).isEqualTo("mailbox_not_found");
    }
    assertThat(bridge.get("/api/v1/me", k.rawKey()).body().path("requests_used").asLong())
        .isZero();
  }

  @Test
  void aBatchCompletesInOrderAndItsSignedCallbackArrivesOnce() throws Exception {
    receiver.stubFor(post(urlEqualTo("/done")).willReturn(aResponse().withStatus(204)));
    Keys.Created k = bridge.key("free", 1000L, false);
    List<String> emails = IntStream.range(0, 60).mapToObj(i -> "user" + i + "@acme.com")
        .toList();
    String body = "{\"emails\": " + RunningBridge.JSON.writeValueAsString(emails)
        + ", \"callback_url\": \"http://127.0.0.1:" + receiver.port() + "/done\"}";
    RunningBridge.Answer created = bridge.post("/api/v1/batches", k.rawKey(), body);
    assertThat(created.status()).isEqualTo(202);
    String id = created.body().path("batch_id").asString();
    assertThat(id).startsWith("bat_");
    assertThat(created.body().path("status").asString()).isEqualTo("pending");
    assertThat(created.body().path("submitted_count").asInt()).isEqualTo(60);

    JsonNode done = awaitBatch(k.rawKey(), id);
    assertThat(done.path("status").asString()).isEqualTo("completed");
    assertThat(done.path("processed_count").asInt()).isEqualTo(60);
    assertThat(done.path("completed_at").isNull()).isFalse();
    List<String> answered = new ArrayList<>();
    done.path("results").forEach(r -> answered.add(r.path("email").asString()));
    assertThat(answered).isEqualTo(emails);
    assertThat(bridge.get("/api/v1/usage", k.rawKey()).body().path("requests_used").asLong())
        .isEqualTo(60);

    awaitRequests("/done", 1);
    var request = receiver.findAll(postRequestedFor(urlEqualTo("/done"))).get(0);
    String msgId = request.getHeader("webhook-id");
    String ts = request.getHeader("webhook-timestamp");
    assertThat(msgId).startsWith("msg_");
    assertThat(request.getHeader("webhook-signature")).isEqualTo(Webhooks.sign(
        k.key().webhookSecret(), msgId, Long.parseLong(ts), request.getBodyAsString()));
    JsonNode payload = RunningBridge.JSON.readTree(request.getBodyAsString());
    assertThat(payload.path("batch_id").asString()).isEqualTo(id);
    assertThat(payload.path("results").size()).isEqualTo(60);
    Thread.sleep(300);
    receiver.verify(com.github.tomakehurst.wiremock.client.WireMock.exactly(1), postRequestedFor(urlEqualTo("/done")));
  }

  @Test
  void batchesAreTheKeysOwnListedAndPagedAsJsonOrCsv() throws Exception {
    String mine = liveKey(100);
    String other = liveKey(100);
    String id = bridge.post("/api/v1/batches", mine,
        "{\"emails\": [\"a@acme.com\", \"=1+1@acme.com\", \"c@acme.com\"]}").body()
        .path("batch_id").asString();
    awaitBatch(mine, id);
    RunningBridge.Answer foreign = bridge.get("/api/v1/batches/" + id, other);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.errorCode()).isEqualTo("not_found");
    JsonNode list = bridge.get("/api/v1/batches?status=completed&limit=5", mine).body();
    assertThat(list.path("batches").get(0).path("batch_id").asString()).isEqualTo(id);
    assertThat(list.path("batches").get(0).has("results")).isFalse();
    assertThat(bridge.get("/api/v1/batches?status=completed", other).body().path("batches")
        .size()).isZero();
    JsonNode page = bridge.get("/api/v1/batches/" + id + "/results?offset=1&limit=1", mine)
        .body();
    assertThat(page.path("results").get(0).path("email").asString()).isEqualTo("=1+1@acme.com");
    assertThat(page.path("next_offset").asInt()).isEqualTo(2);
    RunningBridge.Answer csv = bridge.get("/api/v1/batches/" + id + "/results?format=csv", mine);
    assertThat(csv.header("content-type")).startsWith("text/csv");
    String[] lines = csv.raw().body().split("\r\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).startsWith("email,normalized_email,status");
    assertThat(lines[2]).startsWith("'=1+1@acme.com"); // no formula for spreadsheets
  }

  @Test
  void usageHistoryIsZeroFilledOldestFirst() {
    String key = liveKey(100);
    bridge.post("/api/v1/validate-email", key, "{\"email\": \"a@acme.com\"}");
    JsonNode months = bridge.get("/api/v1/usage/history", key).body().path("months");
    assertThat(months.size()).isEqualTo(12);
    String now = YearMonth.now(ZoneOffset.UTC).toString();
    assertThat(months.get(11).path("month").asString()).isEqualTo(now);
    assertThat(months.get(11).path("requests_used").asLong()).isEqualTo(1);
    assertThat(months.get(0).path("month").asString())
        .isEqualTo(YearMonth.now(ZoneOffset.UTC).minusMonths(11).toString());
    assertThat(months.get(0).path("requests_used").asLong()).isZero();
    assertThat(bridge.get("/api/v1/usage/history?months=24", key).body().path("months").size())
        .isEqualTo(24);
    assertThat(bridge.get("/api/v1/usage/history?months=25", key).errorCode())
        .isEqualTo("invalid_request");
  }

  @Test
  void aKeyOverItsPerMinuteLimitIsRateLimitedWithRetryAfter() throws InterruptedException {
    String key = bridge.key("paid", null, false).rawKey(); // 3 a minute in this test
    RunningBridge.startEarlyInAMinute(Duration.ofSeconds(10)); // the 4 requests in one window
    for (int i = 0; i < 3; i++) {
      assertThat(bridge.get("/api/v1/me", key).status()).isEqualTo(200);
    }
    RunningBridge.Answer limited = bridge.get("/api/v1/me", key);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.errorCode()).isEqualTo("rate_limited");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
  }

  @Test
  void aFailedDeliveryIsRetriedA410StopsItAndRedirectsAreNotFollowed() throws Exception {
    receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
        .willSetStateTo("second"));
    receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky")
        .whenScenarioStateIs("second").willReturn(aResponse().withStatus(500))
        .willSetStateTo("third"));
    receiver.stubFor(post(urlEqualTo("/flaky")).inScenario("flaky")
        .whenScenarioStateIs("third").willReturn(aResponse().withStatus(200)));
    receiver.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
    receiver.stubFor(post(urlEqualTo("/moved")).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "http://127.0.0.1:" + receiver.port() + "/elsewhere")));
    receiver.stubFor(post(urlEqualTo("/elsewhere")).willReturn(aResponse().withStatus(200)));
    String key = liveKey(100);
    for (String path : List.of("/flaky", "/gone", "/moved")) {
      String id = bridge.post("/api/v1/batches", key, "{\"emails\": [\"a@acme.com\"],"
          + " \"callback_url\": \"http://127.0.0.1:" + receiver.port() + path + "\"}").body()
          .path("batch_id").asString();
      awaitBatch(key, id);
    }
    awaitRequests("/flaky", 3);
    awaitRequests("/moved", 4); // the first attempt and three retries
    Thread.sleep(500);
    receiver.verify(com.github.tomakehurst.wiremock.client.WireMock.exactly(3), postRequestedFor(urlEqualTo("/flaky")));
    receiver.verify(com.github.tomakehurst.wiremock.client.WireMock.exactly(1), postRequestedFor(urlEqualTo("/gone")));
    receiver.verify(com.github.tomakehurst.wiremock.client.WireMock.exactly(0), postRequestedFor(urlEqualTo("/elsewhere")));
    Map<String, String> states = new java.util.HashMap<>();
    bridge.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
        .sql("select target_url, status from webhook_delivery").query((rs, i) ->
            states.put(rs.getString(1).replaceAll(".*/", "/"), rs.getString(2))).list();
    assertThat(states).containsEntry("/flaky", "delivered").containsEntry("/gone", "gone")
        .containsEntry("/moved", "failed");
  }

  @Test
  void theApiddressProviderGetsItsAnswersFromTheBridge() {
    String key = liveKey(100);
    Hosted hosted = Hosted.builder().mode(Hosted.Mode.HOSTED_FIRST)
        .provider(Providers.builder("apiddress").apiKey(key).baseUrl(bridge.base).build())
        .build();
    try (Mailvet client = Mailvet.builder().offline(true).hosted(hosted).build()) {
      VerificationResult r = client.verify("grace@acme.com");
      assertThat(r.source()).isEqualTo("apiddress");
      assertThat(r.status()).isEqualTo(Status.VALID);
      assertThat(r.checks().mx()).isTrue();
    }
    assertThat(bridge.get("/api/v1/usage", key).body().path("requests_used").asLong())
        .isEqualTo(1);
  }

  @Test
  void retentionRemovesStoredAddressesAndResults() throws Exception {
    String key = liveKey(100);
    bridge.post("/api/v1/validate-email", key, "{\"email\": \"old@acme.com\"}");
    assertThat(bridge.get("/api/v1/verifications?email=old@acme.com", key).body()
        .path("verifications").size()).isEqualTo(1);
    BridgeProperties settings = bridge.bean(BridgeProperties.class);
    Duration kept = settings.getRetention();
    settings.setRetention(Duration.ofMillis(-1000)); // everything counts as old
    try {
      assertThat(bridge.bean(RetentionPurge.class).purge()).isPositive();
    } finally {
      settings.setRetention(kept);
    }
    assertThat(bridge.get("/api/v1/verifications?email=old@acme.com", key).body()
        .path("verifications").size()).isZero();
  }

  @Test
  void restHooksDeliverEveryVerificationAndBatchOfTheKeyUntilUnsubscribedOrGone()
      throws Exception {
    receiver.stubFor(post(urlEqualTo("/hook/v")).willReturn(aResponse().withStatus(200)));
    receiver.stubFor(post(urlEqualTo("/hook/b")).willReturn(aResponse().withStatus(200)));
    receiver.stubFor(post(urlEqualTo("/hook/gone")).willReturn(aResponse().withStatus(410)));
    String key = liveKey(100);
    String other = liveKey(100);
    String at = "http://127.0.0.1:" + receiver.port();
    RunningBridge.Answer bad = bridge.post("/api/v1/hooks", key,
        "{\"url\": \"" + at + "/hook/v\", \"event\": \"verification.done\"}");
    assertThat(bad.body().path("error").path("details").path("field").asString())
        .isEqualTo("event");
    RunningBridge.Answer sub = bridge.post("/api/v1/hooks", key,
        "{\"url\": \"" + at + "/hook/v\", \"event\": \"verification.completed\"}");
    assertThat(sub.status()).isEqualTo(201);
    String hookId = sub.body().path("id").asString();
    assertThat(hookId).startsWith("hook_");
    bridge.post("/api/v1/hooks", key,
        "{\"url\": \"" + at + "/hook/b\", \"event\": \"batch.completed\"}");
    bridge.post("/api/v1/hooks", key,
        "{\"url\": \"" + at + "/hook/gone\", \"event\": \"verification.completed\"}");
    assertThat(bridge.get("/api/v1/hooks", key).body().path("hooks").size()).isEqualTo(3);
    assertThat(bridge.get("/api/v1/hooks", other).body().path("hooks").size()).isZero();

    String single = bridge.post("/api/v1/validate-email", key, "{\"email\": \"h1@acme.com\"}")
        .body().path("id").asString();
    bridge.post("/api/v1/validate-email", other, "{\"email\": \"not-mine@acme.com\"}");
    String batch = bridge.post("/api/v1/batches", key,
        "{\"emails\": [\"h2@acme.com\", \"h3@acme.com\"]}").body().path("batch_id").asString();
    awaitBatch(key, batch);
    awaitRequests("/hook/v", 3);
    awaitRequests("/hook/b", 1);
    List<JsonNode> delivered = new ArrayList<>();
    receiver.findAll(postRequestedFor(urlEqualTo("/hook/v")))
        .forEach(r -> delivered.add(RunningBridge.JSON.readTree(r.getBodyAsString())));
    assertThat(delivered).allSatisfy(d ->
        assertThat(d.path("type").asString()).isEqualTo("verification.completed"));
    assertThat(delivered).extracting(d -> d.path("data").path("email").asString())
        .containsExactlyInAnyOrder("h1@acme.com", "h2@acme.com", "h3@acme.com");
    assertThat(delivered).anySatisfy(d ->
        assertThat(d.path("data").path("id").asString()).isEqualTo(single));
    JsonNode done = RunningBridge.JSON.readTree(receiver.findAll(
        postRequestedFor(urlEqualTo("/hook/b"))).get(0).getBodyAsString());
    assertThat(done.path("data").path("batch_id").asString()).isEqualTo(batch);
    assertThat(done.path("data").path("status_counts").path("valid").asInt()).isEqualTo(2);

    // the 410 target was disabled after its first delivery; only two hooks remain
    for (int i = 0; i < 100 && bridge.get("/api/v1/hooks", key).body().path("hooks").size() > 2;
        i++) {
      Thread.sleep(100);
    }
    assertThat(bridge.get("/api/v1/hooks", key).body().path("hooks").size()).isEqualTo(2);
    receiver.verify(com.github.tomakehurst.wiremock.client.WireMock.exactly(1),
        postRequestedFor(urlEqualTo("/hook/gone")));

    RunningBridge.Answer del = bridge.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(bridge.base + "/api/v1/hooks/" + hookId)).DELETE(), key);
    assertThat(del.status()).isEqualTo(200);
    assertThat(bridge.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(bridge.base + "/api/v1/hooks/" + hookId)).DELETE(), key).status())
        .isEqualTo(200); // idempotent
    int before = receiver.findAll(postRequestedFor(urlEqualTo("/hook/v"))).size();
    bridge.post("/api/v1/validate-email", key, "{\"email\": \"after@acme.com\"}");
    Thread.sleep(700);
    assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hook/v")))).hasSize(before);
  }

  JsonNode awaitBatch(String key, String id) throws InterruptedException {
    for (int i = 0; i < 600; i++) { // bounded: 60 s
      JsonNode b = bridge.get("/api/v1/batches/" + id, key).body();
      String s = b.path("status").asString();
      if (s.equals("completed") || s.equals("failed")) {
        return b;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("batch " + id + " did not finish in 60 s");
  }

  void awaitRequests(String path, int n) throws InterruptedException {
    for (int i = 0; i < 300; i++) { // bounded: 30 s
      if (receiver.findAll(postRequestedFor(urlEqualTo(path))).size() >= n) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " did not get " + n + " requests in 30 s");
  }
}
