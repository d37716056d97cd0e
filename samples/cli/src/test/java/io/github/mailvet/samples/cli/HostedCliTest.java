package io.github.mailvet.samples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --provider}, {@code --mode}, {@code --provider-url} and {@code usage} against stubs. */
class HostedCliTest {

  static final String KEY = "ak_live_feedfacefeedfacefeedfacefeedface";

  @RegisterExtension
  static final WireMockExtension API = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  record Run(int code, String out, String err) { }

  static Run run(Map<String, String> env, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MailvetCli.run(args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
        new PrintWriter(err), false, env::get);
    return new Run(code, out.toString(), err.toString());
  }

  static String url() {
    return "apiddress=http://127.0.0.1:" + API.getPort();
  }

  @Test
  void aProviderAnswersAndTheLedgerGoesToStandardError() {
    API.stubFor(post(urlEqualTo("/api/v1/validate-emails"))
        .withHeader("x-api-key", equalTo(KEY)).willReturn(okJson("""
            {"count":2,"results":[
             {"email":"ada@stripe.com","status":"valid","score":0.97,"reason":"accepted_email",
              "checks":{"syntax":true}},
             {"email":"bob@stripe.com","status":"invalid","score":0.02,
              "reason":"mailbox_not_found","checks":{"syntax":true,"smtp":false}}]}""")));
    // On a loaded machine the micro-batcher may send the two addresses one at a time.
    API.stubFor(post(urlEqualTo("/api/v1/validate-email")).withRequestBody(containing("ada@"))
        .withHeader("x-api-key", equalTo(KEY)).willReturn(okJson(
            "{\"email\":\"ada@stripe.com\",\"status\":\"valid\",\"score\":0.97,"
                + "\"reason\":\"accepted_email\",\"checks\":{\"syntax\":true}}")));
    API.stubFor(post(urlEqualTo("/api/v1/validate-email")).withRequestBody(containing("bob@"))
        .withHeader("x-api-key", equalTo(KEY)).willReturn(okJson(
            "{\"email\":\"bob@stripe.com\",\"status\":\"invalid\",\"score\":0.02,"
                + "\"reason\":\"mailbox_not_found\",\"checks\":{\"syntax\":true,\"smtp\":false}}")));
    Run r = run(Map.of("APIDDRESS_API_KEY", KEY), "ada@stripe.com\nbob@stripe.com\n",
        "check", "--offline", "--format", "json", "--provider", "apiddress", "--provider-url",
        url(), "-");
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).hasSize(2);
    assertThat(r.out()).contains("\"source\":\"apiddress\"").contains("mailbox_not_found");
    assertThat(r.err()).contains("apiddress").contains("2 credits");
    assertThat(r.out() + r.err()).doesNotContain(KEY);
  }

  @Test
  void keysComeOnlyFromTheEnvironment() {
    Run r = run(Map.of(), "", "check", "--provider", "apiddress", "ada@stripe.com");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("APIDDRESS_API_KEY");
    Run mode = run(Map.of(), "", "check", "--mode", "escalate", "ada@stripe.com");
    assertThat(mode.code()).isEqualTo(2);
    assertThat(mode.err()).contains("--provider");
    Run mailerio = run(Map.of("MAILERIO_API_KEY", "m"), "", "check", "--provider", "mailerio",
        "ada@stripe.com");
    assertThat(mailerio.code()).isEqualTo(2);
    assertThat(mailerio.err()).contains("--provider-url");
  }

  @Test
  void usageAsksTheUsageEndpoints() {
    API.stubFor(get(urlEqualTo("/api/v1/me")).withHeader("x-api-key", equalTo(KEY))
        .willReturn(okJson("{\"plan\":\"paid\",\"requests_limit\":50000,"
            + "\"requests_used\":1240}")));
    API.stubFor(get(urlEqualTo("/api/v1/usage")).withHeader("x-api-key", equalTo(KEY))
        .willReturn(okJson("{\"month\":\"2026-11\",\"requests_used\":1240,"
            + "\"requests_limit\":50000,\"remaining\":48760}")));
    Run r = run(Map.of("APIDDRESS_API_KEY", KEY), "", "usage", "--provider", "apiddress",
        "--provider-url", url());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("plan paid").contains("limit 50000").contains("used 1240")
        .contains("remaining 48760");
    API.stubFor(get(urlEqualTo("/api/v1/me")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"code\":\"unauthorized\",\"message\":\"Unknown key\"}}")));
    Run bad = run(Map.of("APIDDRESS_API_KEY", KEY), "", "usage", "--provider", "apiddress",
        "--provider-url", url());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("unauthorized").doesNotContain(KEY);
    assertThat(API.findAll(anyRequestedFor(urlEqualTo("/api/v1/me")))).hasSize(2);
  }
}
