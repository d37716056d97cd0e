package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.smtp.SmtpProber;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe stage against a real SMTP server (and DNS server) on loopback. */
class ProbeStageTest {

  private static final String[] DOMAINS = {"listed.com", "catchall.com", "grey.com", "full.com",
      "refuses-sender.com", "outlook-style.com", "yahoo-style.com", "bulk.com", "unicode.com",
      "nosmtputf8.com", "eh-bye.com", "slow-banner.com", "welcome554.com", "mix0.com", "mix1.com",
      "mix2.com", "mix3.com", "mix4.com", "pipe.com", "refused-mail.com"};

  @RegisterExtension
  static final SmtpTestServer SMTP = SmtpTestServer.builder()
      .mailboxes("listed.com", "ada", "grace")
      .catchAll("catchall.com")
      .greylist("grey.com", "ada")
      .behaviour("full.com", Behaviour.MAILBOX_FULL)
      .behaviour("refuses-sender.com", Behaviour.SENDER_REFUSED)
      .behaviour("outlook-style.com", Behaviour.OUTLOOK_STYLE_UNKNOWN, "ada")
      .behaviour("yahoo-style.com", Behaviour.YAHOO_STYLE_UNKNOWN, "ada")
      .mailboxes("unicode.com", "müller")
      .start();

  /**
   * For the grouping tests: a greeting as slow as a real network's round trips, so addresses that
   * arrive while a session is being set up can join it (on bare loopback a whole session can end
   * before the next address of a bulk list is submitted).
   */
  static final Duration ROUND_TRIPS = Duration.ofMillis(150);

  @RegisterExtension
  static final SmtpTestServer GROUPING = SmtpTestServer.builder().bannerDelay(ROUND_TRIPS)
      .mailboxes("bulk.com", IntStream.range(0, 60).mapToObj(i -> "u" + i).toArray(String[]::new))
      .mailboxes("mix0.com", "a", "b").mailboxes("mix1.com", "a", "b")
      .mailboxes("mix2.com", "a", "b").mailboxes("mix3.com", "a", "b")
      .mailboxes("mix4.com", "a", "b")
      .start();

  @RegisterExtension
  static final DnsTestServer DNS = dns();

  static DnsTestServer dns() {
    DnsTestServer.Builder b = DnsTestServer.builder();
    for (String d : DOMAINS) {
      b.mx(d, 10, "mx." + d).a("mx." + d, "127.0.0.1");
    }
    b.mx("failover.com", 10, "mx1.failover.com").a("mx1.failover.com", "127.0.0.2")
        .mx("failover.com", 20, "mx2.failover.com").a("mx2.failover.com", "127.0.0.3");
    return b.start();
  }

  private static Mailvet.Builder engine(int port) {
    return Mailvet.builder().dnsServers(List.of(DNS.hostPort())).smtp(true).smtpPort(port)
        .heloName("verifier.mailvet-tests.com").mailFrom("probe@mailvet-tests.com")
        .allowPrivateMx(true).smtpTimeout(Duration.ofSeconds(2));
  }

  private final Mailvet mailvet = engine(SMTP.port()).build();

  @Test
  void anExistingMailboxIsValidWithTheHighestScore() {
    VerificationResult r = mailvet.verify("ada@listed.com");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.checks().smtp()).isTrue();
    assertThat(r.checks().catchAll()).isFalse();
    assertThat(r.score()).isEqualTo(1.0);
    assertThat(SMTP.transcript()).contains("EHLO verifier.mailvet-tests.com")
        .anyMatch(l -> l.startsWith("MAIL FROM:<probe@mailvet-tests.com>"));
  }

  @Test
  void anUnknownMailboxIsInvalidWithTheReplyInEvidence() {
    VerificationResult r = mailvet.verify("nobody@listed.com");
    assertThat(r.status()).isEqualTo(Status.INVALID);
    assertThat(r.reason()).isEqualTo(Reason.MAILBOX_NOT_FOUND);
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data())
        .containsEntry("smtp_code", "550").containsEntry("enhanced_code", "5.1.1")
        .containsEntry("mx_host", "mx.listed.com"));
  }

  @Test
  void realWorldWordingsOfNoSuchUser() {
    assertThat(mailvet.verify("nobody@outlook-style.com").reason())
        .isEqualTo(Reason.MAILBOX_NOT_FOUND);
    assertThat(mailvet.verify("nobody@yahoo-style.com").reason())
        .isEqualTo(Reason.MAILBOX_NOT_FOUND);
    assertThat(mailvet.verify("ada@yahoo-style.com").status()).isEqualTo(Status.VALID);
  }

  @Test
  void catchAllIsRiskyAndTestedOncePerDomain() {
    VerificationResult r = mailvet.verify("anyone@catchall.com");
    assertThat(r.status()).isEqualTo(Status.RISKY);
    assertThat(r.reason()).isEqualTo(Reason.CATCH_ALL);
    assertThat(r.checks().catchAll()).isTrue();
    long probes = SMTP.transcript().stream()
        .filter(l -> l.matches("RCPT TO:<mailvet-.*@catchall.com>")).count();
    mailvet.verify("someone-else@catchall.com");
    assertThat(SMTP.transcript().stream()
        .filter(l -> l.matches("RCPT TO:<mailvet-.*@catchall.com>")).count()).isEqualTo(probes);
  }

  @Test
  void greylistingIsUnknownNeverInvalidAndCanBeRechecked() {
    Mailvet once = engine(SMTP.port()).build();
    VerificationResult r = once.verify("ada@grey.com");
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.reason()).isEqualTo(Reason.TEMPORARILY_UNAVAILABLE);
    Mailvet retrying = engine(SMTP.port()).greylistRetry(Duration.ofMillis(200)).build();
    VerificationResult later = retrying.verify("grace@grey.com");
    assertThat(later.status()).as("greylisted first, 550 on the re-check")
        .isEqualTo(Status.INVALID);
  }

  @Test
  void fullMailboxesAndSenderRefusals() {
    VerificationResult full = mailvet.verify("ada@full.com");
    assertThat(full.status()).isEqualTo(Status.RISKY);
    assertThat(full.reason()).isEqualTo(Reason.MAILBOX_FULL);
    VerificationResult refused = mailvet.verify("ada@refuses-sender.com");
    assertThat(refused.status()).isEqualTo(Status.UNKNOWN);
    assertThat(refused.reason()).isEqualTo(Reason.SENDER_REJECTED);
    assertThat(refused.evidence()).anySatisfy(e -> assertThat(e.data())
        .containsEntry("enhanced_code", "5.7.1"));
  }

  @Test
  void smtpUtf8OnlyWhereTheServerAdvertisesIt() {
    assertThat(mailvet.verify("müller@unicode.com").status()).isEqualTo(Status.VALID);
    assertThat(SMTP.transcript()).anyMatch(l -> l.contains("SMTPUTF8"));
    try (SmtpTestServer plain = SmtpTestServer.builder().mailboxes("nosmtputf8.com", "müller")
        .smtpUtf8(false).start()) {
      VerificationResult r = engine(plain.port()).build().verify("müller@nosmtputf8.com");
      assertThat(r.status()).isEqualTo(Status.UNKNOWN);
      assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data().get("smtp"))
          .contains("does not advertise"));
    }
  }

  @Test
  @SuppressWarnings("try") // "up" only has to listen
  void theNextMxIsTriedWhenOneRefuses() throws Exception {
    try (SmtpTestServer down = SmtpTestServer.builder().bind("127.0.0.2", 0)
        .connectReply("421 4.3.2 Service not available").start();
        SmtpTestServer up = SmtpTestServer.builder().bind("127.0.0.3", down.port())
            .mailboxes("failover.com", "ada").start()) {
      VerificationResult r = engine(down.port()).build().verify("ada@failover.com");
      assertThat(r.status()).isEqualTo(Status.VALID);
      assertThat(down.sessions()).isEqualTo(1);
      assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data())
          .containsEntry("mx_host", "mx2.failover.com"));
    }
  }

  @Test
  void brokenServersAreUnknown() {
    try (SmtpTestServer bye = SmtpTestServer.builder().disconnectAfterEhlo().start()) {
      assertThat(engine(bye.port()).build().verify("ada@eh-bye.com").status())
          .isEqualTo(Status.UNKNOWN);
    }
    try (SmtpTestServer slow = SmtpTestServer.builder().bannerDelay(Duration.ofSeconds(3))
        .start()) {
      VerificationResult r = engine(slow.port()).smtpTimeout(Duration.ofMillis(300)).build()
          .verify("ada@slow-banner.com");
      assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    }
    try (SmtpTestServer blocked = SmtpTestServer.builder()
        .connectReply("554 5.7.1 Your IP is on a block list").start()) {
      assertThat(engine(blocked.port()).build().verify("ada@welcome554.com").reason())
          .isEqualTo(Reason.SENDER_REJECTED);
    }
  }

  @Test
  void theSsrfGuardRefusesLoopbackUnlessAllowed() {
    int before = SMTP.sessions();
    VerificationResult r = engine(SMTP.port()).allowPrivateMx(false).build()
        .verify("ada@listed.com");
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.data().get("smtp"))
        .contains("SSRF guard"));
    assertThat(SMTP.sessions()).isEqualTo(before);
  }

  @Test
  void smtpIsOptInAndSkippedForDisposableDomains() {
    int before = SMTP.sessions();
    Mailvet noSmtp = Mailvet.builder().dnsServers(List.of(DNS.hostPort())).build();
    assertThat(noSmtp.verify("ada@listed.com").checks().smtp()).isNull();
    assertThat(mailvet.verify("ada@mailinator.com").status()).isEqualTo(Status.DISPOSABLE);
    assertThat(SMTP.sessions()).isEqualTo(before);
  }

  /**
   * Five domains, their addresses interleaved ({@code perDomain} each), through a bulk run of
   * {@code concurrency}: one session per domain, results in input order, every one probed. With
   * 20 addresses and 4 in flight, the read-ahead still starts each domain's addresses together.
   */
  @ParameterizedTest(name = "{0} per domain, {1} in flight")
  @CsvSource({"10, 100", "4, 4"})
  void interleavedDomainsGetOneSessionEachWhateverTheConcurrency(int perDomain,
      int concurrency) {
    Mailvet bulk = engine(GROUPING.port()).concurrency(concurrency).build();
    int before = GROUPING.sessions();
    List<String> inputs = new java.util.ArrayList<>();
    for (int i = 0; i < perDomain; i++) {
      for (int d = 0; d < 5; d++) {
        inputs.add((i % 2 == 0 ? "a" : "b") + "+" + i + "@mix" + d + ".com");
      }
    }
    List<VerificationResult> out = bulk.verifyAll(inputs.stream()).toList();
    assertThat(out).extracting(VerificationResult::email).containsExactlyElementsOf(inputs);
    assertThat(out).allSatisfy(r -> assertThat(r.checks().smtp()).as(r.email()).isNotNull());
    assertThat(GROUPING.sessions() - before).as("one session per domain").isEqualTo(5);
  }

  @Test
  void addressesOfOneDomainShareSessions() {
    Mailvet bulk = engine(GROUPING.port()).concurrency(100).build();
    int before = GROUPING.sessions();
    List<String> inputs = IntStream.range(0, 60).mapToObj(i -> "u" + i + "@bulk.com").toList();
    List<VerificationResult> out = bulk.verifyAll(inputs.stream()).toList();
    assertThat(out).extracting(VerificationResult::email).containsExactlyElementsOf(inputs);
    assertThat(out).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.VALID));
    assertThat(GROUPING.sessions() - before).as("25 RCPTs per session")
        .isBetween(3, 6);
  }

  @Test
  void pipeliningAsksAllRcptsInOneRoundTripWithTheSameAnswers() {
    List<String> inputs = IntStream.range(0, 12)
        .mapToObj(i -> (i % 3 == 0 ? "gone" : "u") + i + "@pipe.com").toList();
    String[] boxes = IntStream.range(0, 12).mapToObj(i -> "u" + i).toArray(String[]::new);
    try (SmtpTestServer piped = SmtpTestServer.builder().mailboxes("pipe.com", boxes)
        .bannerDelay(ROUND_TRIPS).start();
        SmtpTestServer plain = SmtpTestServer.builder().mailboxes("pipe.com", boxes)
            .bannerDelay(ROUND_TRIPS).pipelining(false).start();
        SmtpProber notPiping = SmtpProber.builder().port(piped.port())
            .allowPrivateAddresses(true).pipelining(false).build()) {
      List<Status> viaPipelining = engine(piped.port()).concurrency(100).build()
          .verifyAll(inputs.stream()).map(VerificationResult::status).toList();
      List<Status> oneByOne = engine(plain.port()).concurrency(100).build()
          .verifyAll(inputs.stream()).map(VerificationResult::status).toList();
      assertThat(viaPipelining).containsExactlyElementsOf(oneByOne)
          .containsOnly(Status.VALID, Status.INVALID).contains(Status.VALID, Status.INVALID);
      assertThat(piped.sessions()).isEqualTo(1);
      assertThat(piped.pipelinedCommands()).as("RCPTs that arrived before their turn")
          .isGreaterThanOrEqualTo(inputs.size() - 1);
      assertThat(plain.pipelinedCommands()).as("not advertised: one command per round trip")
          .isZero();
      int before = piped.pipelinedCommands();
      Mailvet.builder().dnsServers(List.of(DNS.hostPort())).smtp(true).smtpProber(notPiping)
          .build().verify("u1@pipe.com");
      assertThat(piped.pipelinedCommands()).as("pipelining(false)").isEqualTo(before);
    }
  }

  @Test
  void aRefusedSenderUnderPipeliningAnswersEveryAddress() {
    try (SmtpTestServer refusing = SmtpTestServer.builder()
        .mailFromReply("550 5.7.1 Sender address rejected: access denied").start()) {
      List<VerificationResult> out = engine(refusing.port()).concurrency(100).build()
          .verifyAll(IntStream.range(0, 5).mapToObj(i -> "u" + i + "@refused-mail.com"))
          .toList();
      assertThat(out).hasSize(5).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.reason()).isEqualTo(Reason.SENDER_REJECTED);
      });
    }
  }
}
