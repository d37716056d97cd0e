package io.github.mailvet.samples.signup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.testing.dns.DnsTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The JSON endpoint and the health endpoint over real HTTP (no browser needed). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignupApiTest {

  @RegisterExtension
  static final DnsTestServer DNS = dns();

  /** The domains the signup tests use, on a loopback DNS server. */
  static DnsTestServer dns() {
    return DnsTestServer.builder()
        .mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
        .a("gmail-smtp-in.l.google.com", "192.0.2.27")
        .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25").start();
  }

  @DynamicPropertySource
  static void dns(DynamicPropertyRegistry registry) {
    registry.add("mailvet.dns.servers", DNS::hostPort);
  }

  @LocalServerPort
  int port;

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void theJsonEndpointGivesTheReasonAndSuggestion() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(url("/api/signup")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"name\":\"Ada\",\"email\":\"ada@gmial.com\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"suggestion\":\"ada@gmail.com\"")
        .contains("\"field\":\"email\"").contains("\"reason\":\"no_domain\"");
    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(url("/api/signup")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"name\":\"Grace\",\"email\":\"grace@acme.com\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"status\":\"ok\"");
  }

  @Test
  void healthIncludesMailvet() throws Exception {
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"mailvet\":{\"status\":\"UP\"");
  }

  @Test
  void thePageSpeaksTheBrowsersLanguageInEverySentence() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> de = http.send(HttpRequest.newBuilder(URI.create(url("/signup")))
        .header("Accept-Language", "de-DE").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(de.body()).contains("Konto erstellen", "Registrieren", "lang=\"de\"")
        .doesNotContain("Create your account", "Sign up");
    HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(URI.create(url("/signup")))
        .header("Accept-Language", "fr-FR")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("name=Ada&email=ada%40mailinator.com")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(rejected.body()).contains("Cette adresse est une adresse jetable")
        .doesNotContain("This address");
  }
}
