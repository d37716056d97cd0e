package io.github.mailvet.bridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * One bridge in front of a paid API (a WireMock stub of APIddress, answers and errors as its
 * document gives them): the team's keys spend the bridge's quota, the bridge's engine spends the
 * provider's, and the provider running out of quota does not break the bridge's answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostedBehindBridgeTest {

  static final String UPSTREAM_KEY = "ak_live_0123456789abcdef0123456789abcdef";

  private WireMockServer upstream;
  private EmbeddedDatabase db;
  private RunningBridge bridge;

  @BeforeAll
  void start() throws Exception {
    upstream = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    upstream.start();
    db = EmbeddedDatabase.open(Files.createTempDirectory("mailvet-hosted-"), true);
    bridge = new RunningBridge(db.jdbcUrl(), Map.of(
        "mailvet.offline", true,
        "mailvet.hosted.mode", "hosted-first",
        "mailvet.hosted.providers.apiddress.api-key", UPSTREAM_KEY,
        "mailvet.hosted.providers.apiddress.base-url", "http://127.0.0.1:" + upstream.port(),
        "mailvet.hosted.max-attempts", 1));
  }

  @AfterAll
  void stop() {
    bridge.close();
    db.close();
    upstream.stop();
  }

  @Test
  void answersComeFromTheProviderBehindAndItsQuotaRunningOutFallsBackToLocal() {
    upstream.stubFor(post(urlEqualTo("/api/v1/validate-email"))
        .withHeader("x-api-key", equalTo(UPSTREAM_KEY))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
            .matchingJsonPath("$.email", equalTo("ada@stripe.com")))
        .willReturn(okJson("""
            {"email":"ada@stripe.com","normalized_email":"ada@stripe.com","status":"valid",
             "valid":true,"score":0.97,"reason":"accepted_email","suggestion":null,
             "checks":{"syntax":true,"domain_exists":true,"mx":true,"smtp":true,
               "disposable":false,"role_based":false,"free_provider":false,"catch_all":false,
               "typo":false,"spam_trap_risk":"low"},
             "provider":"google.com","created_at":"2026-11-30T10:00:00Z"}""")));
    upstream.stubFor(post(urlEqualTo("/api/v1/validate-email"))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
            .matchingJsonPath("$.email", equalTo("grace@acme.com")))
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"code\":\"quota_exceeded\",\"message\":\"Monthly"
                + " validation quota exhausted\",\"details\":{}}}")));
    String key = bridge.key("free", 10L, false).rawKey();

    JsonNode paid = bridge.post("/api/v1/validate-email", key,
        "{\"email\": \"ada@stripe.com\", \"profile\": \"b2b\"}").body();
    assertThat(paid.path("source").asString()).isEqualTo("apiddress");
    assertThat(paid.path("score").asDouble()).isEqualTo(0.97);
    assertThat(paid.path("checks").path("smtp").asBoolean()).isTrue();
    assertThat(paid.path("decision").asString()).isEqualTo("accept");
    assertThat(paid.path("rule").isNull()).isFalse();

    RunningBridge.Answer fallback = bridge.post("/api/v1/validate-email", key,
        "{\"email\": \"grace@acme.com\"}");
    assertThat(fallback.status()).isEqualTo(200);
    assertThat(fallback.body().path("source").asString()).isEqualTo("local");
    assertThat(fallback.body().path("evidence").toString()).contains("quota_exceeded");
    upstream.verify(1, postRequestedFor(urlEqualTo("/api/v1/validate-email"))
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
            .matchingJsonPath("$.email", equalTo("grace@acme.com"))));
    assertThat(bridge.get("/api/v1/usage", key).body().path("requests_used").asLong())
        .isEqualTo(2);
  }
}
