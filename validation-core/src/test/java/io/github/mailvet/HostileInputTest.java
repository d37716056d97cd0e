package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.address.AddressParser;
import io.github.mailvet.address.ParseFailure;
import io.github.mailvet.address.SyntaxError;
import io.github.mailvet.address.SyntaxPolicy;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Addresses written to break the engine (issue 13): each gets an answer, none an exception. */
class HostileInputTest {

  static final SyntaxPolicy[] POLICIES = {SyntaxPolicy.PRACTICAL, SyntaxPolicy.RFC5321,
      SyntaxPolicy.RFC5322_LENIENT};

  static Stream<String> overLong() {
    return Stream.of("a@" + "ü".repeat(1001) + ".com", "a@" + "😀".repeat(501) + ".com",
        "a@xn--" + "a".repeat(2000) + ".com", "a@" + "ü".repeat(70) + ".com",
        // found by ParserFuzzTest: an A-label past ICU's Punycode limit (2,000 characters)
        "a@xn--" + "b".repeat(2001) + ".com");
  }

  @ParameterizedTest
  @MethodSource("overLong")
  void labelsBeyondIcusLimitsAreInvalidNotAnException(String input) {
    for (SyntaxPolicy p : POLICIES) {
      Mailvet m = Mailvet.builder().offline(true).syntaxPolicy(p).build();
      VerificationResult r = m.verify(input);
      assertThat(r.status()).isEqualTo(Status.INVALID);
      assertThat(r.reason()).isEqualTo(Reason.INVALID_SYNTAX);
      assertThat(m.verifyAsync(input).join().status()).isEqualTo(Status.INVALID);
      assertThat(m.verifyAll(List.of(input, "ada@gmail.com")).toList()).hasSize(2);
      assertThat(AddressParser.of(p).parse(input)).isInstanceOf(ParseFailure.class);
    }
  }

  @Test
  void fullWidthRoleNamesAreRoleNames() {
    VerificationResult r = Mailvet.builder().offline(true).build().verify("ｉｎｆｏ@gmail.com");
    assertThat(r.checks().roleBased()).isTrue();
  }

  @Test
  void addressLiteralsSayWhatTheyMeanForDelivery() {
    Mailvet m = Mailvet.builder().offline(true).syntaxPolicy(SyntaxPolicy.RFC5321).build();
    for (String local : List.of("a@[127.0.0.1]", "a@[IPv6:::1]", "a@[10.1.2.3]",
        "a@[IPv6:64:ff9b::7f00:1]", "a@[192.0.2.1]")) {
      VerificationResult r = m.verify(local);
      assertThat(r.status()).as(local).isEqualTo(Status.INVALID);
      assertThat(r.reason()).as(local).isEqualTo(Reason.RESERVED_DOMAIN);
    }
    VerificationResult pub = m.verify("a@[8.8.8.8]");
    assertThat(pub.status()).isEqualTo(Status.RISKY);
    assertThat(pub.reason()).isEqualTo(Reason.ADDRESS_LITERAL);
    assertThat(pub.valid()).isFalse();
  }

  // ------------------------------------------------------------- SMTP command injection

  @RegisterExtension
  static final SmtpTestServer SMTP = SmtpTestServer.builder()
      .mailboxes("smtp-widgets.com", "ada").start();

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("smtp-widgets.com", 10, "mx.smtp-widgets.com").a("mx.smtp-widgets.com", "127.0.0.1")
      .start();

  @Test
  void noAddressInjectsCommandsIntoAnSmtpSession() {
    // quoted-pairs of CR and LF: RFC 5322 obs-qp lets the lenient policy keep them raw
    String crafted = "\"x\\\r\\\nRSET\\\r\\\nMAIL FROM:<evil@x.com>\"@smtp-widgets.com";
    Mailvet m = Mailvet.builder().syntaxPolicy(SyntaxPolicy.RFC5322_LENIENT)
        .dnsServers(List.of(DNS.hostPort())).smtp(true).smtpPort(SMTP.port())
        .allowPrivateMx(true).smtpTimeout(Duration.ofSeconds(2)).build();
    List<VerificationResult> out = m.verifyAll(List.of(crafted, "ada@smtp-widgets.com")).toList();
    assertThat(out.get(0).status()).isEqualTo(Status.UNKNOWN);
    assertThat(out.get(0).evidence()).anySatisfy(e ->
        assertThat(e.data().getOrDefault("smtp", "")).contains("not sent"));
    assertThat(out.get(1).status()).as("the honest address's reply is its own")
        .isEqualTo(Status.VALID);
    assertThat(SMTP.transcript()).noneMatch(l -> l.contains("RSET") || l.contains("evil"));
  }

  @Test
  void theParserSaysWhyAHostileAddressFails() {
    ParseFailure f = (ParseFailure) AddressParser.of(SyntaxPolicy.PRACTICAL)
        .parse("a@" + "ü".repeat(1001) + ".com");
    assertThat(f.error()).isEqualTo(SyntaxError.LABEL_TOO_LONG);
  }
}
