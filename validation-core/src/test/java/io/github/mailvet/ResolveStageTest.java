package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.testing.dns.DnsTestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's resolve stage against a real DNS server on loopback. */
class ResolveStageTest {

  @RegisterExtension
  static final DnsTestServer DNS = zone(DnsTestServer.builder()).start();

  @RegisterExtension
  static final DnsTestServer SLOW = zone(DnsTestServer.builder())
      .delay(Duration.ofMillis(300)).start();

  static DnsTestServer.Builder zone(DnsTestServer.Builder b) {
    b.mx("acme-widgets.com", 10, "mx1.acme-widgets.com").a("mx1.acme-widgets.com", "192.0.2.1")
        .mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
        .a("gmail-smtp-in.l.google.com", "192.0.2.2")
        .mx("gmial.com", 10, "mx.gmial.com").a("mx.gmial.com", "192.0.2.3")
        .a("implicit-widgets.com", "192.0.2.4")
        .nullMx("nomail-widgets.com")
        .noAnswer("bare-widgets.com")
        .servfail("broken-widgets.com")
        .silent("blackhole-widgets.com");
    for (int d = 0; d < 10; d++) {
      b.mx("bulk" + d + ".com", 10, "mx.bulk" + d + ".com").a("mx.bulk" + d + ".com", "192.0.2.9");
    }
    return b;
  }

  private static Mailvet engine(DnsTestServer server) {
    return Mailvet.builder().dnsServers(List.of(server.hostPort()))
        .dnsTimeout(Duration.ofMillis(400)).dnsRetries(0).build();
  }

  private final Mailvet mailvet = engine(DNS);

  @Test
  void aDomainWithMxIsValidAndTheScoreShowsIt() {
    VerificationResult r = mailvet.verify("ada@acme-widgets.com");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.checks().domainExists()).isTrue();
    assertThat(r.checks().mx()).isTrue();
    assertThat(r.mxRecords()).containsExactly("mx1.acme-widgets.com");
    assertThat(r.score()).isEqualTo(0.75);
    assertThat(r.evidence()).extracting(Evidence::code).contains("mx")
        .doesNotContain("dns_skipped", "known_provider");
  }

  @Test
  void theProviderComesFromTheMxHosts() {
    VerificationResult r = mailvet.verify("ada@gmail.com");
    assertThat(r.provider()).isEqualTo("google.com");
    assertThat(r.mxRecords()).containsExactly("gmail-smtp-in.l.google.com");
  }

  @Test
  void invalidVerdictsFromDns() {
    VerificationResult nx = mailvet.verify("ada@no-such-widgets.com");
    assertThat(nx.status()).isEqualTo(Status.INVALID);
    assertThat(nx.reason()).isEqualTo(Reason.NO_DOMAIN);
    assertThat(nx.checks().domainExists()).isFalse();
    assertThat(nx.evidence()).anySatisfy(e -> assertThat(e.data())
        .containsEntry("rcode", "NXDOMAIN"));
    assertThat(mailvet.verify("ada@nomail-widgets.com").reason()).isEqualTo(Reason.NULL_MX);
    assertThat(mailvet.verify("ada@bare-widgets.com").reason()).isEqualTo(Reason.NO_MX_RECORD);
  }

  @Test
  void anImplicitMxIsValidWithALowerScore() {
    VerificationResult r = mailvet.verify("ada@implicit-widgets.com");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.score()).isEqualTo(0.65);
    assertThat(r.mxRecords()).containsExactly("implicit-widgets.com");
  }

  @Test
  void dnsFailuresAreUnknownNeverInvalid() {
    VerificationResult sf = mailvet.verify("ada@broken-widgets.com");
    assertThat(sf.status()).isEqualTo(Status.UNKNOWN);
    assertThat(sf.reason()).isEqualTo(Reason.DNS_ERROR);
    VerificationResult to = mailvet.verify("ada@blackhole-widgets.com");
    assertThat(to.status()).isEqualTo(Status.UNKNOWN);
    assertThat(to.evidence()).anySatisfy(e -> assertThat(e.data())
        .containsEntry("rcode", "TIMEOUT"));
    assertThat(Mailvet.builder().dnsServers(List.of(DNS.hostPort())).profile("signup").build()
        .verify("ada@broken-widgets.com").decision()).isEqualTo(Decision.ACCEPT);
  }

  @Test
  void aTypoDomainThatExistsIsStillATypo() {
    VerificationResult r = mailvet.verify("ada@gmial.com");
    assertThat(r.status()).isEqualTo(Status.RISKY);
    assertThat(r.suggestion()).isEqualTo("ada@gmail.com");
    assertThat(r.checks().mx()).isTrue();
  }

  @Test
  void noDnsWhenItCannotChangeTheAnswer() {
    int before = DNS.totalQueries();
    mailvet.verify("not an address");
    mailvet.verify("ada@mailinator.com");
    mailvet.verify("ada@example.com");
    mailvet.verify("ada@widgets.con");
    assertThat(DNS.totalQueries()).isEqualTo(before);
    assertThat(mailvet.verify("ada@mailinator.com").evidence()).anySatisfy(e ->
        assertThat(e.message()).contains("disposable domain: DNS cannot change the answer"));
  }

  @Test
  void offlineSendsNothing() {
    int before = DNS.totalQueries();
    Mailvet offline = Mailvet.builder().offline(true).dnsServers(List.of(DNS.hostPort())).build();
    assertThat(offline.verify("ada@acme-widgets.com").checks().mx()).isNull();
    assertThat(DNS.totalQueries()).isEqualTo(before);
  }

  @Test
  void asyncReturnsBeforeDnsAnswers() {
    Mailvet slow = engine(SLOW);
    CompletableFuture<VerificationResult> f = slow.verifyAsync("ada@acme-widgets.com");
    boolean doneAtReturn = f.isDone();
    assertThat(doneAtReturn).as("the caller's thread was not parked on DNS").isFalse();
    assertThat(f.join().status()).isEqualTo(Status.VALID);
  }

  @Test
  void bulkResolvesEachDomainOnceAndKeepsInputOrder() {
    Mailvet bulk = Mailvet.builder().dnsServers(List.of(SLOW.hostPort()))
        .dnsTimeout(Duration.ofSeconds(2)).concurrency(200).build();
    List<String> inputs = IntStream.range(0, 1000)
        .mapToObj(i -> i % 97 == 0 ? "broken address " + i : "user" + i + "@bulk" + (i % 10)
            + ".com").toList();
    int before = IntStream.range(0, 10).map(d -> SLOW.queries("bulk" + d + ".com", "MX")).sum();
    List<VerificationResult> out = bulk.verifyAll(inputs.stream()).toList();
    assertThat(out).extracting(VerificationResult::email).containsExactlyElementsOf(inputs);
    assertThat(out).filteredOn(r -> r.email().startsWith("broken"))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.INVALID));
    assertThat(out).filteredOn(r -> !r.email().startsWith("broken"))
        .allSatisfy(r -> assertThat(r.checks().mx()).isTrue());
    int after = IntStream.range(0, 10).map(d -> SLOW.queries("bulk" + d + ".com", "MX")).sum();
    assertThat(after - before).as("one MX query per domain").isEqualTo(10);
  }
}
