package io.github.mailvet.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MailvetCliTest {

  private final JsonMapper json = JsonMapper.builder().build();

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run run(byte[] stdin, boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MailvetCli.run(args, new ByteArrayInputStream(stdin), new PrintWriter(out),
        new PrintWriter(err), terminal);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run run(String... args) {
    return run(new byte[0], false, args);
  }

  @Test
  void jsonLinesInInputOrderWithTheResultModel() {
    Run r = run("check", "--offline", "--format", "json", "ada@gmial.com", "ada@mailinator.com",
        "nope");
    assertThat(r.code()).isZero();
    assertThat(r.lines()).hasSize(3);
    JsonNode first = json.readTree(r.lines().get(0));
    assertThat(first.get("email").asString()).isEqualTo("ada@gmial.com");
    assertThat(first.get("suggestion").asString()).isEqualTo("ada@gmail.com");
    assertThat(first.has("decision")).isTrue();
    assertThat(json.readTree(r.lines().get(1)).get("status").asString()).isEqualTo("disposable");
    assertThat(json.readTree(r.lines().get(2)).get("status").asString()).isEqualTo("invalid");
  }

  @Test
  void csvHasAHeaderThenOneRowPerAddressInOrderReadableByACsvParser() throws Exception {
    Run r = run("check", "--offline", "--format", "csv", "--profile", "b2b", "ada@gmial.com",
        "ada@gmail.com", "\"odd, quoted\"@x.com", "=cmd|'/C calc'!A0@x.com", "nope");
    assertThat(r.code()).isZero();
    List<org.apache.commons.csv.CSVRecord> rows = org.apache.commons.csv.CSVFormat.DEFAULT
        .builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new java.io.StringReader(r.out())).getRecords();
    assertThat(rows).hasSize(5);
    assertThat(rows.get(0).getParser().getHeaderNames()).containsExactly(CsvResults.HEADER);
    assertThat(rows).extracting(x -> x.get("email")).containsExactly("ada@gmial.com",
        "ada@gmail.com", "\"odd, quoted\"@x.com", "'=cmd|'/C calc'!A0@x.com", "nope");
    assertThat(rows.get(0).get("suggestion")).isEqualTo("ada@gmail.com");
    assertThat(rows.get(0).get("reason")).isEqualTo("likely_typo");
    assertThat(rows.get(1).get("decision")).isEqualTo("reject");
    assertThat(rows.get(1).get("rule")).isEqualTo("free_provider");
    assertThat(rows.get(1).get("valid")).isEqualTo("true");
    assertThat(rows.get(4).get("status")).isEqualTo("invalid");
    assertThat(Double.parseDouble(rows.get(1).get("score"))).isBetween(0.0, 1.0);
  }

  @Test
  void tableOnATerminalWithSuggestionAndDecision() {
    Run r = run(new byte[0], true, "check", "--offline", "--profile", "signup", "ada@gmial.com");
    assertThat(r.code()).isZero();
    assertThat(r.lines().get(0)).startsWith("EMAIL").contains("DECISION");
    assertThat(r.lines().get(1)).contains("risky", "likely_typo", "review (likely_typo)",
        "did you mean ada@gmail.com?");
  }

  @Test
  void profileAddsDecisionAndRule() {
    Run r = run("check", "--offline", "--profile", "b2b", "ada@gmail.com");
    JsonNode n = json.readTree(r.lines().get(0));
    assertThat(n.get("decision").asString()).isEqualTo("reject");
    assertThat(n.get("rule").asString()).isEqualTo("free_provider");
  }

  @Test
  void stdinMalformedLinesYieldInvalidResultsAndTheRunGoesOn() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes("ada@gmail.com\n\n".getBytes(StandardCharsets.UTF_8));
    in.writeBytes(new byte[] {0, (byte) 0xFF, (byte) 0xFE, 7, '@', 'x', '\n'});
    in.writeBytes("a".repeat(10 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII));
    in.writeBytes("@gmail.com\nlast@gmail.com".getBytes(StandardCharsets.UTF_8));
    Run r = run(in.toByteArray(), false, "check", "--offline", "-");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.lines();
    assertThat(lines).hasSize(5);
    assertThat(lines).extracting(l -> json.readTree(l).get("status").asString())
        .containsExactly("valid", "invalid", "invalid", "invalid", "valid");
    assertThat(json.readTree(lines.get(3)).get("email").asString()).hasSizeLessThan(400);
    assertThat(json.readTree(lines.get(4)).get("email").asString()).isEqualTo("last@gmail.com");
  }

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme-widgets.com", 10, "mx.acme-widgets.com")
      .a("mx.acme-widgets.com", "192.0.2.10")
      .mx("smtp-widgets.com", 10, "mx.smtp-widgets.com")
      .a("mx.smtp-widgets.com", "127.0.0.1")
      .nullMx("nomail-widgets.com").start();

  @RegisterExtension
  static final SmtpTestServer SMTP = SmtpTestServer.builder()
      .mailboxes("smtp-widgets.com", "ada").start();

  @Test
  void smtpProbeWithTheGivenIdentity() {
    Run r = run("check", "--dns-server", DNS.hostPort(), "--smtp", "--smtp-port",
        Integer.toString(SMTP.port()), "--helo", "verifier.widgets-tests.com", "--mail-from",
        "probe@widgets-tests.com", "--allow-private-mx", "ada@smtp-widgets.com",
        "bob@smtp-widgets.com");
    assertThat(r.code()).isZero();
    List<JsonNode> rows = r.lines().stream().map(json::readTree).toList();
    assertThat(rows.get(0).get("status").asString()).isEqualTo("valid");
    assertThat(rows.get(0).get("checks").get("smtp").asBoolean()).isTrue();
    assertThat(rows.get(1).get("reason").asString()).isEqualTo("mailbox_not_found");
    assertThat(SMTP.transcript()).contains("EHLO verifier.widgets-tests.com");
  }

  @Test
  void dnsAgainstTheGivenServer() {
    Run r = run("check", "--dns-server", DNS.hostPort(), "--dns-timeout", "1000",
        "ada@acme-widgets.com", "ada@nomail-widgets.com", "ada@gone-widgets.com");
    assertThat(r.code()).isZero();
    List<JsonNode> rows = r.lines().stream().map(json::readTree).toList();
    assertThat(rows.get(0).get("status").asString()).isEqualTo("valid");
    assertThat(rows.get(0).get("mx_records").get(0).asString())
        .isEqualTo("mx.acme-widgets.com");
    assertThat(rows.get(1).get("reason").asString()).isEqualTo("null_mx");
    assertThat(rows.get(2).get("reason").asString()).isEqualTo("no_domain");
  }

  @Test
  void offlineSaysSoInTheEvidence() {
    Run r = run("check", "--offline", "ada@gmail.com");
    assertThat(r.out()).contains("offline mode was requested");
  }

  @Test
  void testModeScenarios() {
    Run r = run("check", "--offline", "--test-mode", "ada@catch-all.mailvet.test");
    assertThat(json.readTree(r.lines().get(0)).get("reason").asString()).isEqualTo("catch_all");
  }

  @Test
  void usageErrorsExitTwoWithOneLineAndNoStackTrace() {
    for (String[] args : new String[][] {{"check"}, {"check", "--format", "xml", "a@b.com"},
        {"check", "--profile", "nope", "a@b.com"}, {"check", "--syntax", "x", "a@b.com"},
        {"frobnicate"}, {"check", "--no-such-flag", "a@b.com"},
        {"check", "--dns-server", "x:notaport", "a@b.com"},
        {"check", "--dns-timeout", "0", "a@b.com"}, {"check", "--concurrency", "0", "a@b.com"},
        {"check", "--smtp-port", "70000", "a@b.com"}, {"check", "--helo", "not a name", "a@b.com"},
        {"check", "--mail-from", "nope", "a@b.com"}, {"check", "--offline", "--smtp", "a@b.com"}}) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("mailvet: ").doesNotContain("Exception", "\tat ");
    }
  }

  @RegisterExtension
  static final DnsTestServer LIAR = DnsTestServer.builder().wellKnownProviders(false).start();

  @Test
  void aLyingResolverIsSaidOnceAndGmailIsUnknownNotInvalid() {
    Run r = run("check", "--dns-server", LIAR.hostPort(), "grace@gmail.com", "ada@gmail.com");
    assertThat(r.code()).isZero();
    assertThat(r.lines()).hasSize(2).allSatisfy(l -> {
      JsonNode n = json.readTree(l);
      assertThat(n.get("status").asString()).isEqualTo("unknown");
      assertThat(n.get("reason").asString()).isEqualTo("dns_error");
    });
    assertThat(r.err().lines().toList()).singleElement().asString()
        .contains("NXDOMAIN for gmail.com", "--dns-server");
  }

  @Test
  void anHonestResolverIsNotMentioned() {
    Run r = run("check", "--dns-server", DNS.hostPort(), "ada@acme-widgets.com");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void failOnExitsOneWhenAListedStatusOccurs() {
    assertThat(run("check", "--offline", "--fail-on", "invalid,disposable", "ada@gmail.com",
        "ada@mailinator.com").code()).isEqualTo(1);
    assertThat(run("check", "--offline", "--fail-on", "invalid", "ada@gmail.com").code())
        .isZero();
    Run bad = run("check", "--offline", "--fail-on", "broken", "ada@gmail.com");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--fail-on").contains("invalid");
  }

  @Test
  void mistakesAreSaidInWords() {
    Run typo = run("chek", "a@b.com");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("unknown command 'chek'; did you mean 'check'?");
    Run host = run("check", "--dns-server", "nosuch.invalid", "a@b.com");
    assertThat(host.code()).isEqualTo(2);
    assertThat(host.err()).contains("cannot find the address of 'nosuch.invalid'")
        .doesNotContain("null");
    assertThat(MailvetCli.describe(new java.nio.file.AccessDeniedException("/x/leads.csv")))
        .isEqualTo("cannot access /x/leads.csv: permission denied");
  }

  @Test
  void theTableShowsControlAndBidiCharactersAsEscapes() {
    Run r = run(new byte[0], true, "check", "--offline", "ad\u202Ea@gmail.com",
        "x\u0085y@gmail.com");
    assertThat(r.out()).doesNotContain("\u202E").doesNotContain("\u0085")
        .contains("\\u{202E}").contains("\\x85");
  }

  @RegisterExtension
  static final DnsTestServer DROPS = DnsTestServer.builder().dropAll().start();

  @Test
  void aResolverThatAnswersNothingIsSaidOnceAtTheStart() {
    Run r = run("check", "--dns-server", DROPS.hostPort(), "--dns-timeout", "200",
        "ada@acme-widgets.com", "bob@acme-widgets.com");
    assertThat(r.code()).isZero();
    assertThat(r.err().lines().toList()).singleElement().asString()
        .startsWith("mailvet: no DNS server answers");
    assertThat(r.lines()).hasSize(2);
  }
}
