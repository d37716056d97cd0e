package io.github.mailvet.hosted;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Reason;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.testing.dns.DnsTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hosted delegation against WireMock stubs that follow the services' documents
 * ({@code ../shared/seeds/}), including their error shapes, plus faults they do not promise.
 * Each test checks what the caller gets and how many requests the service received.
 */
class HostedDelegationTest {

  static final String APIDDRESS_KEY = "ak_live_0123456789abcdef0123456789abcdef";
  static final String KILLBOUNCE_KEY = "kb_live_secret42";
  static final String CDE_KEY = "cde_live_abcdefabcdefabcdefabcdefabcdefab";

  @RegisterExtension
  static final WireMockExtension API = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @RegisterExtension
  static final WireMockExtension OTHER = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  /** acme-broken.com: SERVFAIL, so the local pipeline ends unknown. */
  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder().servfail("acme-broken.com")
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.10")
      .mx("port25-blocked.com", 10, "mx.port25-blocked.com")
      .a("mx.port25-blocked.com", "127.0.0.1").start();

  private Mailvet mailvet;

  @AfterEach
  void close() {
    if (mailvet != null) {
      mailvet.close();
    }
  }

  static String base() {
    return "http://127.0.0.1:" + API.getPort();
  }

  static HostedProvider apiddress() {
    return Providers.builder("apiddress").apiKey(APIDDRESS_KEY).baseUrl(base())
        .timeout(Duration.ofMillis(800)).build();
  }

  static HostedProvider killbounce() {
    return Providers.builder("killbounce").apiKey(KILLBOUNCE_KEY).baseUrl(base())
        .timeout(Duration.ofMillis(800)).build();
  }

  static HostedProvider checkDisposable() {
    return Providers.builder("checkdisposable").apiKey(CDE_KEY).baseUrl(base())
        .timeout(Duration.ofMillis(800)).build();
  }

  static Hosted.Builder hosted(Hosted.Mode mode) {
    return Hosted.builder().mode(mode).backoff(Duration.ofMillis(20))
        .batchLinger(Duration.ofMillis(20));
  }

  Mailvet engine(Hosted h) {
    mailvet = Mailvet.builder().dnsServers(List.of(DNS.hostPort()))
        .dnsTimeout(Duration.ofMillis(500)).hosted(h).build();
    return mailvet;
  }

  static String apiddressAnswer(String email, String status, double score, String reason) {
    return """
        {"email":"%s","normalized_email":"%s","status":"%s","valid":%s,"score":%s,
         "reason":"%s","suggestion":null,
         "checks":{"syntax":true,"domain_exists":true,"mx":true,"smtp":null,"disposable":false,
           "role_based":false,"free_provider":false,"catch_all":null,"typo":false,
           "spam_trap_risk":"low"},
         "provider":"google.com","created_at":"2026-11-22T10:00:00Z"}
        """.formatted(email, email.toLowerCase(), status, "valid".equals(status), score, reason);
  }

  static String apiddressError(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
        + "\",\"details\":{}}}";
  }

  static MappingBuilder validateEmail() {
    return post(urlEqualTo("/api/v1/validate-email"))
        .withHeader("x-api-key", equalTo(APIDDRESS_KEY))
        .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock
            .containing("application/json"));
  }

  static int requests(String path) {
    return API.findAll(com.github.tomakehurst.wiremock.client.WireMock
        .anyRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  void apiddressAnswersInMailvetsShapeAndIsPaidForOnce() {
    API.stubFor(validateEmail().withRequestBody(equalToJson(
            "{\"email\":\"ada@stripe.com\",\"check_smtp\":false}"))
        .willReturn(okJson(apiddressAnswer("ada@stripe.com", "valid", 0.97, "accepted_email"))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());

    VerificationResult r = m.verify("ada@stripe.com");
    assertThat(r.source()).isEqualTo("apiddress");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.score()).isEqualTo(0.97);
    assertThat(r.reason()).isEqualTo(Reason.ACCEPTED_EMAIL);
    assertThat(r.provider()).isEqualTo("google.com");
    assertThat(r.checks().spamTrapRisk()).isFalse();
    assertThat(r.fromCache()).isFalse();
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data().get("raw"))
        .contains("\"score\":0.97"));

    VerificationResult again = m.verify("ada@stripe.com");
    assertThat(again.fromCache()).isTrue();
    assertThat(again.status()).isEqualTo(Status.VALID);
    assertThat(requests("/api/v1/validate-email")).as("a credit is never spent twice")
        .isEqualTo(1);
    ProviderUsage u = m.usage().get(0);
    assertThat(u.requests()).isEqualTo(1);
    assertThat(u.credits()).isEqualTo(1);
    assertThat(u.cacheHits()).isEqualTo(1);
  }

  @Test
  void malformedAddressesCostNoCredit() {
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    VerificationResult r = m.verify("not an address");
    assertThat(r.status()).isEqualTo(Status.INVALID);
    assertThat(r.source()).isEqualTo("local");
    assertThat(API.getAllServeEvents()).isEmpty();
  }

  @Test
  void bulkUsesTheBulkEndpointInBatchesOfAHundredInInputOrder() {
    API.stubFor(post(urlEqualTo("/api/v1/validate-emails"))
        .withHeader("x-api-key", equalTo(APIDDRESS_KEY))
        .willReturn(aResponse().withTransformers("response-template").withHeader(
            "Content-Type", "application/json").withBody("""
            {"count": {{size (jsonPath request.body '$.emails')}}, "results": [
            {{#each (jsonPath request.body '$.emails') as |e|}}{{#unless @first}},{{/unless}}
            {"email":"{{e}}","normalized_email":"{{e}}","status":"valid","valid":true,
             "score":0.9,"reason":"accepted_email","checks":{}}{{/each}}]}""")));
    Mailvet m = Mailvet.builder().offline(true).concurrency(200)
        // a linger longer than submitting 150 addresses takes on a loaded machine: the batches
        // are cut by size (100 + 50), not by the timer
        .hosted(hosted(Hosted.Mode.HOSTED_FIRST).batchLinger(Duration.ofMillis(500))
            .provider(apiddress()).build()).build();
    mailvet = m;
    API.stubFor(get(urlEqualTo("/api/v1/me")).willReturn(okJson(
        "{\"plan\":\"paid\",\"requests_limit\":50000,\"requests_used\":10}")));
    API.stubFor(get(urlEqualTo("/api/v1/usage")).willReturn(okJson(
        "{\"month\":\"2026-11\",\"requests_used\":10,\"requests_limit\":50000,"
            + "\"remaining\":49990}")));
    List<String> in = IntStream.range(0, 150).mapToObj(i -> "user" + i + "@acme.com").toList();

    List<VerificationResult> out = m.verifyAll(in).toList();
    assertThat(out).extracting(VerificationResult::email).containsExactlyElementsOf(in);
    assertThat(out).allSatisfy(r -> assertThat(r.source()).isEqualTo("apiddress"));
    assertThat(requests("/api/v1/validate-emails")).isEqualTo(2);
    assertThat(requests("/api/v1/validate-email")).isZero();
    assertThat(m.usage().get(0).credits()).isEqualTo(150);
    assertThat(m.usage().get(0).remaining()).isEqualTo(49_990 - 150);
  }

  @Test
  void quotaLeftForPartOfABulkJobSendsWhatFitsOrRefusesWhole() {
    API.stubFor(post(urlEqualTo("/api/v1/validate-emails")).willReturn(aResponse()
        .withTransformers("response-template").withHeader("Content-Type", "application/json")
        .withBody("""
            {"count": 1, "results": [
            {{#each (jsonPath request.body '$.emails') as |e|}}{{#unless @first}},{{/unless}}
            {"email":"{{e}}","status":"valid","score":0.9,"checks":{}}{{/each}}]}""")));
    API.stubFor(post(urlEqualTo("/api/v1/validate-email")).willReturn(okJson(
        apiddressAnswer("x@acme.com", "valid", 0.9, "accepted_email"))));
    API.stubFor(get(urlEqualTo("/api/v1/me")).willReturn(okJson(
        "{\"plan\":\"free\",\"requests_limit\":2000,\"requests_used\":1880}")));
    API.stubFor(get(urlEqualTo("/api/v1/usage")).willReturn(okJson(
        "{\"month\":\"2026-11\",\"requests_used\":1880,\"requests_limit\":2000,"
            + "\"remaining\":120}")));
    List<String> in = IntStream.range(0, 150).mapToObj(i -> "lead" + i + "@acme.com").toList();

    try (Mailvet fits = Mailvet.builder().offline(true).concurrency(200)
        .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build()).build()) {
      List<VerificationResult> out = fits.verifyAll(in).toList();
      assertThat(out).hasSize(150);
      assertThat(out.stream().filter(r -> r.source().equals("apiddress")).count())
          .isEqualTo(120);
      assertThat(out.stream().filter(r -> r.source().equals("local")).count()).isEqualTo(30);
      assertThat(fits.usage().get(0).credits()).isEqualTo(120);
      assertThat(fits.usage().get(0).errors()).as("never failing half-way").isEmpty();
    }
    API.resetRequests();
    try (Mailvet whole = Mailvet.builder().offline(true).concurrency(200)
        .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress())
            .bulkQuota(Hosted.BulkQuota.REFUSE_WHOLE).build()).build()) {
      List<VerificationResult> out = whole.verifyAll(in).toList();
      assertThat(out).hasSize(150).allSatisfy(r -> assertThat(r.source()).isEqualTo("local"));
      assertThat(requests("/api/v1/validate-emails") + requests("/api/v1/validate-email"))
          .isZero();
    }
  }

  @Test
  void quotaExceededSuspendsTheProviderAndFailsOverWithoutRetrying() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json")
        .withBody(apiddressError("quota_exceeded", "Monthly validation quota exhausted"))));
    API.stubFor(post(urlEqualTo("/v1/verify/single"))
        .withHeader("Authorization", equalTo("Bearer " + KILLBOUNCE_KEY))
        .willReturn(okJson("""
            {"email":"sarah.chen@acme.com","status":"VALID","score":96,"reason":null,
             "syntax_valid":true,"domain_exists":true,"smtp_valid":true,"is_disposable":false,
             "is_role_based":false,"is_free_email":false,"smtp_provider":"Google Workspace",
             "mx_records":["aspmx.l.google.com"],"from_cache":false,"credits_used":1,
             "verified_at":"2026-06-04T18:00:00Z"}""")));
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).clock(clock)
        .provider(Providers.builder("apiddress").apiKey(APIDDRESS_KEY).baseUrl(base())
            .clock(clock).build())
        .provider(killbounce()).build());

    VerificationResult r = m.verify("sarah.chen@acme.com");
    assertThat(r.source()).isEqualTo("killbounce");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.score()).isEqualTo(0.96);
    assertThat(r.provider()).isEqualTo("Google Workspace");
    assertThat(r.mxRecords()).containsExactly("aspmx.l.google.com");
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data())
        .containsEntry("error_code", "quota_exceeded"));
    m.verify("other@acme.com");
    assertThat(requests("/api/v1/validate-email")).as("no retry, then suspended").isEqualTo(1);
    assertThat(requests("/v1/verify/single")).isEqualTo(2);
    ProviderUsage u = m.usage().get(0);
    assertThat(u.state()).isEqualTo("suspended");
    assertThat(u.suspendedUntil()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(u.errors()).containsEntry("quota_exceeded", 1L);
  }

  @Test
  void aRefusedKeyIsNotRetriedAndTheProviderIsNotAskedAgain() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody(apiddressError("unauthorized", "Unknown API key"))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    VerificationResult r = m.verify("ada@acme.com");
    assertThat(r.source()).isEqualTo("local");
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.code()).isEqualTo("provider_failed"));
    m.verify("grace@acme.com");
    assertThat(requests("/api/v1/validate-email")).isEqualTo(1);
    assertThat(m.usage().get(0).state()).isEqualTo("unusable");
  }

  @Test
  void aServerErrorThenSuccessIsRetriedOnce() {
    API.stubFor(validateEmail().inScenario("flaky").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
            .withBody(apiddressError("internal_error", "Unexpected failure")))
        .willSetStateTo("up"));
    API.stubFor(validateEmail().inScenario("flaky").whenScenarioStateIs("up")
        .willReturn(okJson(apiddressAnswer("ada@acme.com", "valid", 0.9, "accepted_email"))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    assertThat(m.verify("ada@acme.com").source()).isEqualTo("apiddress");
    assertThat(requests("/api/v1/validate-email")).isEqualTo(2);
    assertThat(m.usage().get(0).credits()).isEqualTo(1);
  }

  @Test
  void rateLimitsAreRetriedAfterRetryAfterOrABackoff() {
    for (String retryAfter : new String[] {"1", null}) {
      API.resetAll();
      var limited = aResponse().withStatus(429).withHeader("Content-Type", "application/json")
          .withBody(apiddressError("rate_limited", "Too many requests"));
      if (retryAfter != null) {
        limited = limited.withHeader("Retry-After", retryAfter);
      }
      API.stubFor(validateEmail().inScenario("rl").whenScenarioStateIs(STARTED)
          .willReturn(limited).willSetStateTo("ok"));
      API.stubFor(validateEmail().inScenario("rl").whenScenarioStateIs("ok")
          .willReturn(okJson(apiddressAnswer("ada@acme.com", "valid", 0.9, "accepted_email"))));
      try (Mailvet m = Mailvet.builder().offline(true)
          .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build()).build()) {
        assertThat(m.verify("ada@acme.com").source()).as("Retry-After " + retryAfter)
            .isEqualTo("apiddress");
      }
      List<LoggedRequest> sent = API.findAll(com.github.tomakehurst.wiremock.client.WireMock
          .postRequestedFor(urlEqualTo("/api/v1/validate-email")));
      assertThat(sent).hasSize(2);
      if (retryAfter != null) {
        assertThat(Duration.between(sent.get(0).getLoggedDate().toInstant(),
            sent.get(1).getLoggedDate().toInstant())).as("waited for Retry-After")
            .isGreaterThanOrEqualTo(Duration.ofMillis(900));
      }
    }
  }

  @Test
  void aRetryAfterLongerThanWorthWaitingFallsBackAtOnce() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "3600").withHeader("Content-Type", "application/json")
        .withBody(apiddressError("rate_limited", "Too many requests"))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    assertThat(m.verify("ada@acme.com").source()).isEqualTo("local");
    assertThat(requests("/api/v1/validate-email")).isEqualTo(1);
  }

  @Test
  void faultsTheDocumentsDoNotPromiseAreBoundedRetriesThenProviderError() {
    List<com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder> faults = List.of(
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withFault(Fault.EMPTY_RESPONSE),
        aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"email\": \"ada@acme-broken.com\", \"sta"),
        aResponse().withStatus(200).withBody(""),
        aResponse().withStatus(200).withFixedDelay(2_000)
            .withBody(apiddressAnswer("ada@acme-broken.com", "valid", 0.9, "accepted_email")));
    for (var fault : faults) {
      API.resetAll();
      API.stubFor(validateEmail().willReturn(fault));
      try (Mailvet m = Mailvet.builder().dnsServers(List.of(DNS.hostPort()))
          .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build()).build()) {
        VerificationResult r = m.verify("ada@acme-broken.com");
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.reason()).as("local DNS fails too: nothing could answer")
            .isEqualTo(Reason.PROVIDER_ERROR);
        assertThat(r.source()).isEqualTo("local");
        assertThat(requests("/api/v1/validate-email")).as("three attempts, no storm")
            .isEqualTo(3);
        assertThat(m.usage().get(0).credits()).isZero();
      }
    }
  }

  @Test
  void repeatedOutagesOpenTheCircuit() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .maxAttempts(1).provider(apiddress()).build()).build();
    mailvet = m;
    for (int i = 0; i < 8; i++) {
      assertThat(m.verify("u" + i + "@acme.com").source()).isEqualTo("local");
    }
    assertThat(requests("/api/v1/validate-email")).as("the breaker stops asking")
        .isLessThan(8).isGreaterThanOrEqualTo(5);
    assertThat(m.usage().get(0).state()).isEqualTo("circuit_open");
  }

  @Test
  void escalateAsksProvidersOnlyWhenLocalEndsUnknown() {
    API.stubFor(validateEmail().willReturn(okJson(
        apiddressAnswer("ada@acme-broken.com", "valid", 0.93, "accepted_email"))));
    Mailvet m = engine(hosted(Hosted.Mode.ESCALATE).provider(apiddress()).build());
    VerificationResult local = m.verify("ada@acme.com");
    assertThat(local.source()).isEqualTo("local");
    assertThat(requests("/api/v1/validate-email")).isZero();
    VerificationResult escalated = m.verify("ada@acme-broken.com");
    assertThat(escalated.source()).isEqualTo("apiddress");
    assertThat(escalated.status()).isEqualTo(Status.VALID);
    assertThat(requests("/api/v1/validate-email")).isEqualTo(1);
  }

  @Test
  void aMonthlyBudgetOfOurOwnIsNeverExceeded() {
    API.stubFor(validateEmail().willReturn(okJson(
        apiddressAnswer("x@acme.com", "valid", 0.9, "accepted_email"))));
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(apiddress(), 3).build()).build();
    mailvet = m;
    for (int i = 0; i < 5; i++) {
      m.verify("b" + i + "@acme.com");
    }
    assertThat(requests("/api/v1/validate-email")).isEqualTo(3);
    assertThat(m.usage().get(0).credits()).isEqualTo(3);
  }

  /** A ledger in memory shared by two engines: what the bridge keeps in PostgreSQL. */
  static final class SharedLedger implements HostedLedger {
    final java.util.Map<String, Long> used = new java.util.HashMap<>();
    final java.util.Map<String, Instant> suspended = new java.util.HashMap<>();

    @Override
    public synchronized boolean tryTake(String id, java.time.YearMonth month, long budget,
        long credits) {
      long now = used.getOrDefault(id + month, 0L);
      if (now + credits > budget) {
        return false;
      }
      used.put(id + month, now + credits);
      return true;
    }

    @Override
    public synchronized void adjust(String id, java.time.YearMonth month, long credits) {
      used.merge(id + month, credits, Long::sum);
    }

    @Override
    public synchronized long used(String id, java.time.YearMonth month) {
      return used.getOrDefault(id + month, 0L);
    }

    @Override
    public synchronized void suspend(String id, Instant until) {
      suspended.put(id, until);
    }

    @Override
    public synchronized Instant suspendedUntil(String id) {
      return suspended.get(id);
    }
  }

  @Test
  void twoEnginesSharingALedgerStayWithinOneBudgetTogether() {
    API.stubFor(validateEmail().willReturn(okJson(
        apiddressAnswer("x@acme.com", "valid", 0.9, "accepted_email"))));
    SharedLedger ledger = new SharedLedger();
    try (Mailvet one = Mailvet.builder().offline(true).hostedLedger(ledger)
            .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress(), 10).build()).build();
        Mailvet two = Mailvet.builder().offline(true).hostedLedger(ledger)
            .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress(), 10).build()).build()) {
      List<VerificationResult> results = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        results.add(one.verify("a" + i + "@acme.com"));
        results.add(two.verify("b" + i + "@acme.com"));
      }
      assertThat(results).hasSize(30);
      assertThat(results.stream().filter(r -> "apiddress".equals(r.source()))).hasSize(10);
      assertThat(requests("/api/v1/validate-email")).as("one budget of 10 for both engines")
          .isEqualTo(10);
      assertThat(ledger.used("apiddress", java.time.YearMonth.now(ZoneOffset.UTC)))
          .isEqualTo(10);
    }
  }

  @Test
  void aQuotaExhaustedSeenByOneEngineSuspendsTheProviderForTheOther() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json")
        .withBody(apiddressError("quota_exceeded", "Monthly validation quota exhausted"))));
    SharedLedger ledger = new SharedLedger();
    try (Mailvet one = Mailvet.builder().offline(true).hostedLedger(ledger)
            .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build()).build();
        Mailvet two = Mailvet.builder().offline(true).hostedLedger(ledger)
            .hosted(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build()).build()) {
      assertThat(one.verify("ada@acme.com").source()).isEqualTo("local");
      assertThat(ledger.suspendedUntil("apiddress")).isNotNull();
      VerificationResult other = two.verify("bob@acme.com");
      assertThat(other.source()).isEqualTo("local");
      assertThat(requests("/api/v1/validate-email"))
          .as("the second engine does not ask a provider the first found exhausted")
          .isEqualTo(1);
      assertThat(two.usage().get(0).state()).isEqualTo("suspended");
    }
  }

  @Test
  void checkDisposableIsConclusiveOnlyForDisposableAddresses() {
    API.stubFor(get(urlPathEqualTo("/v1/check")).withQueryParam("email", equalTo("x@tempbox.io"))
        .withHeader("Authorization", equalTo("Bearer " + CDE_KEY))
        .willReturn(okJson("""
            {"email":"x@tempbox.io","domain":"tempbox.io","is_disposable":true,"blocked":true,
             "reason":"Domain is a known disposable / temporary email provider.",
             "duration_ms":47}""").withHeader("X-RateLimit-Plan", "free")
            .withHeader("X-RateLimit-Limit", "500").withHeader("X-RateLimit-Remaining", "497")));
    API.stubFor(get(urlPathEqualTo("/v1/check")).withQueryParam("email", equalTo("ada@acme.com"))
        .willReturn(okJson("""
            {"email":"ada@acme.com","domain":"acme.com","is_disposable":false,"blocked":false,
             "reason":"Domain is not flagged as disposable.","duration_ms":19}""")
            .withHeader("X-RateLimit-Remaining", "496").withHeader("X-RateLimit-Limit", "500")));
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(checkDisposable()).build()).build();
    mailvet = m;
    VerificationResult d = m.verify("x@tempbox.io");
    assertThat(d.status()).isEqualTo(Status.DISPOSABLE);
    assertThat(d.source()).isEqualTo("checkdisposable");
    VerificationResult clean = m.verify("ada@acme.com");
    assertThat(clean.source()).isEqualTo("local");
    assertThat(clean.evidence()).anySatisfy(e -> assertThat(e.data().get("raw"))
        .contains("\"is_disposable\":false"));
    assertThat(m.usage().get(0).remaining()).isEqualTo(496);
  }

  @Test
  void checkDisposableTellsItsBurstLimitFromItsMonthlyCap() {
    API.stubFor(get(urlPathEqualTo("/v1/check")).inScenario("burst")
        .whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(429)
            .withHeader("Retry-After", "0").withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"rate_limit_exceeded\"}")).willSetStateTo("cap"));
    API.stubFor(get(urlPathEqualTo("/v1/check")).inScenario("burst")
        .whenScenarioStateIs("cap").willReturn(aResponse().withStatus(429)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"plan_limit\"}")));
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(checkDisposable()).build()).build();
    mailvet = m;
    assertThat(m.verify("x@tempbox.io").source()).isEqualTo("local");
    assertThat(requests("/v1/check")).as("burst limit retried, plan limit not").isEqualTo(2);
    assertThat(m.usage().get(0).state()).isEqualTo("suspended");
    m.verify("y@tempbox.io");
    assertThat(requests("/v1/check")).isEqualTo(2);
  }

  @Test
  void killBounceOutOfCreditsIsSuspended() {
    API.stubFor(post(urlEqualTo("/v1/verify/single")).willReturn(aResponse().withStatus(402)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"detail\":\"Insufficient credits\"}")));
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(killbounce()).build()).build();
    mailvet = m;
    m.verify("a@acme.com");
    m.verify("b@acme.com");
    assertThat(requests("/v1/verify/single")).isEqualTo(1);
    assertThat(m.usage().get(0).state()).isEqualTo("suspended");
  }

  @Test
  void validMailTestKeysSpendNoCredits() {
    API.stubFor(post(urlEqualTo("/api/v1/verify"))
        .withHeader("Authorization", equalTo("Bearer vm_test_abc123"))
        .withRequestBody(matchingJsonPath("$.email", equalTo("test@acme.com")))
        .willReturn(okJson("{\"email\":\"test@acme.com\",\"status\":\"valid\",\"score\":88,"
            + "\"is_disposable\":false}").withHeader("X-RateLimit-Remaining", "9")));
    HostedProvider vm = Providers.builder("validmail").apiKey("vm_test_abc123").baseUrl(base())
        .build();
    assertThat(vm.spendsCredits()).isFalse();
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(vm, 0).build()).build();
    mailvet = m;
    VerificationResult r = m.verify("test@acme.com");
    assertThat(r.source()).isEqualTo("validmail");
    assertThat(r.score()).isEqualTo(0.88);
    assertThat(m.usage().get(0).credits()).isZero();
  }

  @Test
  void validMailErrorsFollowItsTable() {
    API.stubFor(post(urlEqualTo("/api/v1/verify")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("""
            {"error":{"code":"INSUFFICIENT_CREDITS",
             "message":"Account has no remaining verification credits","status":403}}""")));
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(Providers.builder("validmail").apiKey("vm_live_xyz").baseUrl(base()).build())
        .build()).build();
    mailvet = m;
    m.verify("a@acme.com");
    assertThat(m.usage().get(0).state()).as("403 credits is quota, not a bad key")
        .isEqualTo("suspended");
  }

  @Test
  void mailerioNeedsItsEndpointConfiguredAndMapsItsFields() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Providers.builder("mailerio")
        .apiKey("m_key").build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("base URL");
    API.stubFor(post(urlEqualTo("/v1/verify")).willReturn(okJson(
        "{\"status\":\"risky\",\"score\":55,\"disposable\":false,\"free\":true,"
            + "\"role\":true}")));
    HostedProvider mailerio = Providers.builder("mailerio").apiKey("m_key").baseUrl(base())
        .mapping(JsonMapping.mailerio().toBuilder().path("/v1/verify").build()).build();
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(mailerio).build()).build();
    mailvet = m;
    VerificationResult r = m.verify("info@acme.com");
    assertThat(r.status()).isEqualTo(Status.RISKY);
    assertThat(r.score()).isEqualTo(0.55);
    assertThat(r.checks().freeProvider()).isTrue();
    assertThat(r.reason()).isEqualTo(Reason.ROLE_BASED);
  }

  @Test
  void apiddressUsageEndpointsGivePlanUsedAndRemaining() {
    API.stubFor(get(urlEqualTo("/api/v1/me")).withHeader("x-api-key", equalTo(APIDDRESS_KEY))
        .willReturn(okJson("{\"id\":\"k1\",\"email\":\"dev@acme.com\",\"plan\":\"free\","
            + "\"is_active\":true,\"requests_limit\":2000,\"requests_used\":1240,"
            + "\"created_at\":\"2026-06-01T00:00:00Z\"}")));
    API.stubFor(get(urlEqualTo("/api/v1/usage")).willReturn(okJson(
        "{\"month\":\"2026-11\",\"requests_used\":1240,\"requests_limit\":2000,"
            + "\"remaining\":760}")));
    Quota q = apiddress().usage().join().orElseThrow();
    assertThat(q.plan()).isEqualTo("free");
    assertThat(q.limit()).isEqualTo(2000);
    assertThat(q.used()).isEqualTo(1240);
    assertThat(q.remaining()).isEqualTo(760);
  }

  @Test
  void keysNeverLeakAndGoOnlyToTheirProvidersHost() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(302)
        .withHeader("Location", "http://127.0.0.1:" + OTHER.getPort() + "/steal")));
    HostedProvider p = apiddress();
    Hosted h = hosted(Hosted.Mode.HOSTED_FIRST).provider(p).build();
    Mailvet m = engine(h);
    VerificationResult r = m.verify("ada@acme-broken.com");
    assertThat(OTHER.getAllServeEvents()).as("the redirect is not followed").isEmpty();
    assertThat(r.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(r.toJson()).doesNotContain(APIDDRESS_KEY).doesNotContain("0123456789abcdef");
    assertThat(r.toString()).doesNotContain(APIDDRESS_KEY);
    assertThat(p.toString()).doesNotContain(APIDDRESS_KEY).contains("redacted");
    assertThat(h.toString()).doesNotContain(APIDDRESS_KEY);
    assertThat(m.usage().toString()).doesNotContain(APIDDRESS_KEY);
    ProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        ProviderException.class, () -> {
          try {
            p.verify("ada@acme.com", false).join();
          } catch (java.util.concurrent.CompletionException c) {
            throw c.getCause();
          }
        });
    assertThat(e.getMessage()).doesNotContain(APIDDRESS_KEY);
  }

  /** Each service's documented errors: what the engine does, and how many requests it sent. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} {2}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      apiddress       | 400 | {"error":{"code":"invalid_request","message":"email is required","details":{"field":"email"}}} |        | 1 | active
      apiddress       | 401 | {"error":{"code":"unauthorized","message":"Unknown API key","details":{}}}                    |        | 1 | unusable
      apiddress       | 404 | {"error":{"code":"not_found","message":"Unknown route","details":{}}}                          |        | 1 | active
      apiddress       | 429 | {"error":{"code":"quota_exceeded","message":"Monthly quota exhausted","details":{}}}         |        | 1 | suspended
      apiddress       | 429 | {"error":{"code":"rate_limited","message":"Slow down","details":{}}}                          | 0      | 3 | active
      apiddress       | 500 | {"error":{"code":"internal_error","message":"Unexpected","details":{}}}                       |        | 3 | active
      validmail       | 401 | {"error":{"code":"MISSING_API_KEY","message":"No API key provided","status":401}}            |        | 1 | unusable
      validmail       | 401 | {"error":{"code":"INVALID_API_KEY","message":"Invalid or revoked","status":401}}             |        | 1 | unusable
      validmail       | 403 | {"error":{"code":"INSUFFICIENT_CREDITS","message":"No credits","status":403}}                |        | 1 | suspended
      validmail       | 429 | {"error":{"code":"RATE_LIMITED","message":"Too many requests","status":429}}                 | 0      | 3 | active
      killbounce      | 401 | {"detail":"missing or revoked API key"}                                                        |        | 1 | unusable
      killbounce      | 402 | {"detail":"insufficient credits"}                                                              |        | 1 | suspended
      killbounce      | 429 | {"detail":"rate limit hit"}                                                                    | 0      | 3 | active
      killbounce      | 500 | {"detail":"internal error; credit not deducted"}                                               |        | 3 | active
      checkdisposable | 400 | {"error":"bad_request"}                                                                        |        | 1 | active
      checkdisposable | 401 | {"error":"invalid_api_key"}                                                                    |        | 1 | unusable
      checkdisposable | 429 | {"error":"rate_limit_exceeded"}                                                                | 0      | 3 | active
      checkdisposable | 429 | {"error":"plan_limit"}                                                                         |        | 1 | suspended
      checkdisposable | 502 | {"error":"upstream_error"}                                                                     |        | 3 | active
      """)
  void documentedErrors(String provider, int status, String body, String retryAfter,
      int expectedRequests, String expectedState) {
    var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(body);
    if (retryAfter != null) {
      response = response.withHeader("Retry-After", retryAfter);
    }
    API.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
        com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(response));
    HostedProvider p = Providers.builder(provider).apiKey(provider.equals("validmail")
        ? "vm_live_k" : "live_key").baseUrl(base()).build();
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(p).build());
    VerificationResult r = m.verify("ada@acme-broken.com");
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data())
        .containsEntry("http_status", Integer.toString(status)));
    assertThat(API.getAllServeEvents()).hasSize(expectedRequests);
    ProviderUsage u = m.usage().get(0);
    assertThat(u.state()).isEqualTo(expectedState);
    assertThat(u.credits()).isZero();
    assertThat(u.requests()).isEqualTo(expectedRequests);
  }

  @Test
  void validMailRateLimitHeadersSuspendUntilTheirReset() {
    long reset = Instant.now().plusSeconds(600).getEpochSecond();
    API.stubFor(post(urlEqualTo("/api/v1/verify")).willReturn(okJson(
        "{\"status\":\"valid\",\"score\":91}").withHeader("X-RateLimit-Limit", "100")
        .withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", Long.toString(reset))));
    Mailvet m = Mailvet.builder().offline(true).hosted(hosted(Hosted.Mode.HOSTED_FIRST)
        .provider(Providers.builder("validmail").apiKey("vm_live_k").baseUrl(base()).build())
        .build()).build();
    mailvet = m;
    assertThat(m.verify("a@acme.com").source()).isEqualTo("validmail");
    assertThat(m.verify("b@acme.com").source()).as("remaining 0 until the reset")
        .isEqualTo("local");
    assertThat(requests("/api/v1/verify")).isEqualTo(1);
    assertThat(m.usage().get(0).remaining()).isZero();
    assertThat(m.usage().get(0).resetAt()).isEqualTo(Instant.ofEpochSecond(reset));
  }

  @Test
  void quotaExhaustedMidBatchAccountsForEveryAddressAndPaysNothingTwice() {
    String ok = """
        {"count": 1, "results": [
        {{#each (jsonPath request.body '$.emails') as |e|}}{{#unless @first}},{{/unless}}
        {"email":"{{e}}","status":"valid","score":0.9,"checks":{}}{{/each}}]}""";
    API.stubFor(post(urlEqualTo("/api/v1/validate-emails")).atPriority(1)
        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
            .containing("\"c0@acme.com\""))
        .willReturn(aResponse().withTransformers("response-template")
            .withHeader("Content-Type", "application/json").withBody(ok)));
    API.stubFor(post(urlEqualTo("/api/v1/validate-emails")).atPriority(2)
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
            .withBody(apiddressError("quota_exceeded", "Monthly quota exhausted"))));
    Mailvet m = Mailvet.builder().offline(true).concurrency(300).hosted(
        // batches cut by size (100, 100, 50), not by the linger timer on a loaded machine
        hosted(Hosted.Mode.HOSTED_FIRST).batchLinger(Duration.ofMillis(500))
            .provider(apiddress()).build()).build();
    mailvet = m;
    List<String> in = IntStream.range(0, 250).mapToObj(i -> "c" + i + "@acme.com").toList();
    List<VerificationResult> out = m.verifyAll(in).toList();
    assertThat(out).extracting(VerificationResult::email).containsExactlyElementsOf(in);
    assertThat(out.stream().filter(r -> r.source().equals("apiddress")).count()).isEqualTo(100);
    assertThat(out.stream().filter(r -> r.source().equals("local")).count()).isEqualTo(150);
    assertThat(requests("/api/v1/validate-emails"))
        .as("batches of 100, 100, 50; the refused one is not retried, and the last is not sent"
            + " if the refusal came back first").isBetween(2, 3);
    assertThat(m.usage().get(0).credits()).isEqualTo(100);
    assertThat(m.usage().get(0).state()).isEqualTo("suspended");
  }

  @Test
  void escalateAsksProvidersWhenTheSmtpProbeCannotReachPort25() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort(); // nothing listens once closed: like a blocked port 25
    }
    API.stubFor(validateEmail().withRequestBody(matchingJsonPath("$.check_smtp",
            equalTo("true")))
        .willReturn(okJson(apiddressAnswer("ada@port25-blocked.com", "valid", 0.98,
            "accepted_email"))));
    mailvet = Mailvet.builder().dnsServers(List.of(DNS.hostPort())).smtp(true)
        .smtpPort(closed).allowPrivateMx(true).smtpTimeout(Duration.ofMillis(500))
        .hosted(hosted(Hosted.Mode.ESCALATE).checkSmtp(true).provider(apiddress()).build())
        .build();
    VerificationResult r = mailvet.verify("ada@port25-blocked.com");
    assertThat(r.source()).isEqualTo("apiddress");
    assertThat(r.score()).isEqualTo(0.98);
    assertThat(requests("/api/v1/validate-email")).isEqualTo(1);
  }

  // ------------------------------------------------------------ providers that fight back

  @Test
  void anOversizeAnswerIsNotReadAndTheAddressIsStillAnswered() {
    String huge = "{\"email\":\"ada@acme-broken.com\",\"status\":\"valid\",\"pad\":\""
        + "x".repeat(5 << 20) + "\"}";
    API.stubFor(validateEmail().willReturn(okJson(huge)));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    VerificationResult r = m.verifyAsync("ada@acme-broken.com").orTimeout(20,
        java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(r.source()).isEqualTo("local");
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.message()).contains("larger than"));
  }

  @Test
  void aKeyEchoedByTheProviderIsRedactedEverywhere() {
    API.stubFor(validateEmail().willReturn(okJson("""
        {"email":"ada@stripe.com","normalized_email":"ada@stripe.com","status":"valid",
         "score":0.9,"reason":"accepted_email","suggestion":"%s@stripe.com",
         "checks":{},"provider":"%s","debug":"your key is %s"}
        """.formatted(APIDDRESS_KEY, APIDDRESS_KEY, APIDDRESS_KEY))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    VerificationResult r = m.verify("ada@stripe.com");
    assertThat(r.source()).isEqualTo("apiddress");
    assertThat(r.toJson()).doesNotContain(APIDDRESS_KEY).contains("[redacted]");
    API.resetAll();
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody(apiddressError(APIDDRESS_KEY, "bad key " + APIDDRESS_KEY))));
    VerificationResult e = m.verify("bob@stripe.com");
    assertThat(e.toJson() + m.usage()).doesNotContain(APIDDRESS_KEY);
  }

  @Test
  void aNormalizedFormNamingAnotherAddressIsNotTrusted() {
    API.stubFor(validateEmail().willReturn(okJson(
        apiddressAnswer("ada@stripe.com", "valid", 0.9, "accepted_email")
            .replace("\"normalized_email\":\"ada@stripe.com\"",
                "\"normalized_email\":\"ceo@stripe.com\""))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    assertThat(m.verify("Ada@Stripe.com").normalizedEmail()).isEqualTo("ada@stripe.com");
  }

  @Test
  void inventedErrorCodesDoNotGrowTheLedgerWithoutBound() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withTransformers("response-template")
        .withBody("{\"error\":{\"code\":\"code_{{randomValue length=12 type='ALPHANUMERIC'}}\","
            + "\"message\":\"no\",\"details\":{}}}")));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    for (int i = 0; i < 60; i++) {
      m.verify("user" + i + "@stripe.com");
    }
    assertThat(m.usage().get(0).errors()).hasSizeLessThanOrEqualTo(33)
        .containsKey("other");
  }

  @Test
  void oneAddressWaitsNoLongerThanTheTimeBudgetWhateverRetryAfterSays() {
    API.stubFor(validateEmail().willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json").withHeader("Retry-After", "2")
        .withBody(apiddressError("rate_limited", "Slow down"))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).timeBudget(Duration.ofMillis(1500))
        .provider(apiddress()).build());
    VerificationResult r = m.verifyAsync("ada@stripe.com").orTimeout(10,
        java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(r.source()).isEqualTo("local");
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.code()).isEqualTo("time_budget"));
  }

  @Test
  void usageWithoutNumbersIsAQuotaOfUnknownsNotAnException() {
    API.stubFor(get(urlEqualTo("/api/v1/me")).willReturn(okJson("{\"plan\":\"free\"}")));
    API.stubFor(get(urlEqualTo("/api/v1/usage")).willReturn(okJson("{\"month\":\"2026-11\"}")));
    Quota q = apiddress().usage().join().orElseThrow();
    assertThat(q.plan()).isEqualTo("free");
    assertThat(q.limit()).isNull();
    assertThat(q.used()).isNull();
    assertThat(q.remaining()).isNull();
  }

  @Test
  void theCacheAnswersOnlyExactlyWhatWasAsked() {
    API.stubFor(validateEmail().willReturn(okJson(
        apiddressAnswer("ada@stripe.com", "valid", 0.9, "accepted_email"))));
    Mailvet m = engine(hosted(Hosted.Mode.HOSTED_FIRST).provider(apiddress()).build());
    m.verify("ada@stripe.com");
    assertThat(m.verify("ada@stripe.com").fromCache()).isTrue();
    VerificationResult other = m.verify("Ada@Stripe.com");
    assertThat(other.fromCache()).as("another string is asked, not served from the cache")
        .isFalse();
    assertThat(requests("/api/v1/validate-email")).isEqualTo(2);
  }
}
