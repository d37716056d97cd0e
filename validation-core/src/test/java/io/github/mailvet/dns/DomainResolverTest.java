package io.github.mailvet.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailvet.dns.MailRoute.Outcome;
import io.github.mailvet.testing.dns.DnsTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The resolve stage against a real DNS server on loopback (UDP and TCP wire protocol). */
class DomainResolverTest {

  @RegisterExtension
  static final DnsTestServer DNS = zone(DnsTestServer.builder()).start();

  @RegisterExtension
  static final DnsTestServer SLOW = zone(DnsTestServer.builder())
      .delay(Duration.ofMillis(200)).start();

  static DnsTestServer.Builder zone(DnsTestServer.Builder b) {
    b.mx("example.org", 20, "mx2.example.org").mx("example.org", 10, "mx1.example.org")
        .a("mx1.example.org", "192.0.2.1").a("mx2.example.org", "192.0.2.2")
        .mx("dangling.example", 10, "missing.example").mx("dangling.example", 20, "mx.alive.example")
        .a("mx.alive.example", "192.0.2.9")
        .mx("allgone.example", 10, "missing.example")
        .nullMx("nomail.example")
        .a("implicit.example", "192.0.2.5")
        .aaaa("v6only.example", "2001:db8::25")
        .noAnswer("bare.example")
        .servfail("broken.example")
        .refused("refused.example")
        .silent("blackhole.example")
        .mx("workspace.example", 1, "aspmx.l.google.com").a("aspmx.l.google.com", "192.0.2.30")
        .mx("m365.example", 0, "m365-example.mail.protection.outlook.com")
        .a("m365-example.mail.protection.outlook.com", "192.0.2.31");
    for (int i = 0; i < 40; i++) { // a big answer: more than 512 octets over UDP
      b.mx("big.example", i, "mx" + i + ".a-rather-long-mail-exchanger-name.big.example");
      b.a("mx" + i + ".a-rather-long-mail-exchanger-name.big.example", "192.0.2." + (100 + i));
    }
    return b;
  }

  private static DomainResolver resolver(DnsTestServer server) {
    return DomainResolver.builder().servers(List.of(server.hostPort()))
        .timeout(Duration.ofMillis(500)).retries(0).build();
  }

  private final DomainResolver dns = resolver(DNS);

  @Test
  void mxRecordsInPreferenceOrderWithAddresses() {
    MailRoute r = dns.resolve("Example.ORG.").join();
    assertThat(r.outcome()).isEqualTo(Outcome.MX);
    assertThat(r.rcode()).isEqualTo("NOERROR");
    assertThat(r.mxHosts()).extracting(MxHost::host)
        .containsExactly("mx1.example.org", "mx2.example.org");
    assertThat(r.mxHosts().get(0).addresses()).containsExactly("192.0.2.1");
    assertThat(r.ttl()).isPositive();
  }

  @Test
  void mxHostsThatDoNotResolveAreSkipped() {
    MailRoute r = dns.resolve("dangling.example").join();
    assertThat(r.outcome()).isEqualTo(Outcome.MX);
    assertThat(r.mxHosts()).extracting(MxHost::host).containsExactly("mx.alive.example");
    assertThat(dns.resolve("allgone.example").join().outcome()).isEqualTo(Outcome.NO_MX);
  }

  @Test
  void nullMxNxdomainAndNoRecords() {
    assertThat(dns.resolve("nomail.example").join().outcome()).isEqualTo(Outcome.NULL_MX);
    MailRoute nx = dns.resolve("does-not-exist.example").join();
    assertThat(nx.outcome()).isEqualTo(Outcome.NXDOMAIN);
    assertThat(nx.rcode()).isEqualTo("NXDOMAIN");
    assertThat(nx.ttl()).isEqualTo(Duration.ofSeconds(60)); // SOA minimum
    assertThat(dns.resolve("bare.example").join().outcome()).isEqualTo(Outcome.NO_MX);
  }

  @Test
  void implicitMxFromAOrAaaa() {
    MailRoute a = dns.resolve("implicit.example").join();
    assertThat(a.outcome()).isEqualTo(Outcome.IMPLICIT_MX);
    assertThat(a.mxHosts()).singleElement().satisfies(h -> {
      assertThat(h.host()).isEqualTo("implicit.example");
      assertThat(h.addresses()).containsExactly("192.0.2.5");
    });
    MailRoute v6 = dns.resolve("v6only.example").join();
    assertThat(v6.outcome()).isEqualTo(Outcome.IMPLICIT_MX);
    assertThat(v6.mxHosts().get(0).addresses()).containsExactly("2001:db8:0:0:0:0:0:25");
  }

  @Test
  void failuresAreErrorsNeverVerdicts() {
    MailRoute sf = dns.resolve("broken.example").join();
    assertThat(sf.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(sf.rcode()).isEqualTo("SERVFAIL");
    assertThat(dns.resolve("refused.example").join().rcode()).isEqualTo("REFUSED");
    MailRoute to = dns.resolve("blackhole.example").join();
    assertThat(to.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(to.rcode()).isEqualTo("TIMEOUT");
  }

  @Test
  void failuresAreRememberedForTheFailureTtlOnly() {
    int before = DNS.queries("broken.example", "MX");
    dns.resolve("broken.example").join();
    dns.resolve("broken.example").join();
    assertThat(DNS.queries("broken.example", "MX") - before).isEqualTo(1);

    DomainResolver forgetful = DomainResolver.builder().servers(List.of(DNS.hostPort()))
        .failureTtl(Duration.ZERO).build();
    before = DNS.queries("broken.example", "MX");
    forgetful.resolve("broken.example").join();
    forgetful.resolve("broken.example").join();
    assertThat(DNS.queries("broken.example", "MX") - before).isEqualTo(2);
  }

  @Test
  void answersAreCachedForTheirTtlIncludingNegativeOnes() {
    DomainResolver fresh = resolver(DNS);
    int mx = DNS.queries("example.org", "MX");
    int nx = DNS.queries("gone.example", "MX");
    for (int i = 0; i < 5; i++) {
      fresh.resolve("example.org").join();
      fresh.resolve("gone.example").join();
    }
    assertThat(DNS.queries("example.org", "MX") - mx).isEqualTo(1);
    assertThat(DNS.queries("gone.example", "MX") - nx).isEqualTo(1);
    assertThat(fresh.lookupsStarted()).isEqualTo(2);
  }

  @Test
  void oneLookupInFlightPerDomainHoweverManyAsk() {
    DomainResolver fresh = resolver(SLOW);
    int before = SLOW.queries("example.org", "MX");
    List<CompletableFuture<MailRoute>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(fresh.resolve("example.org"));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    assertThat(all).allSatisfy(f -> assertThat(f.join().outcome()).isEqualTo(Outcome.MX));
    assertThat(SLOW.queries("example.org", "MX") - before).isEqualTo(1);
  }

  @Test
  void truncatedUdpAnswersAreRetriedOverTcp() {
    int tcp = DNS.tcpQueries();
    MailRoute r = dns.resolve("big.example").join();
    assertThat(r.outcome()).isEqualTo(Outcome.MX);
    assertThat(r.mxHosts()).hasSize(40);
    assertThat(DNS.tcpQueries()).isGreaterThan(tcp);
  }

  @Test
  void providersAreIdentifiedFromMxHosts() {
    assertThat(dns.resolve("workspace.example").join().provider()).isEqualTo("google.com");
    assertThat(dns.resolve("m365.example").join().provider()).isEqualTo("microsoft.com");
    assertThat(dns.resolve("example.org").join().provider()).isNull();
  }

  @Test
  void addressesFromTheAdditionalSectionSaveAQuery() {
    DomainResolver fresh = resolver(DNS);
    int a = DNS.queries("mx1.example.org", "A");
    assertThat(fresh.resolve("example.org").join().mxHosts().get(0).addresses())
        .containsExactly("192.0.2.1");
    assertThat(DNS.queries("mx1.example.org", "A")).isEqualTo(a);
    try (DnsTestServer bare = zone(DnsTestServer.builder()).additionalSection(false).start()) {
      DomainResolver r = resolver(bare);
      assertThat(r.resolve("example.org").join().mxHosts()).hasSize(2);
      assertThat(bare.queries("mx1.example.org", "A")).isEqualTo(1);
    }
  }

  @Test
  void builderChecksArguments() {
    assertThatThrownBy(() -> DomainResolver.builder().servers(List.of("host:notaport")))
        .hasMessageContaining("host:notaport");
    assertThatThrownBy(() -> DomainResolver.builder().servers(List.of("host:70000")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DomainResolver.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DomainResolver.builder().retries(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DomainResolver.Builder.parseServer("[::1]:5353").getPort()).isEqualTo(5353);
    assertThat(DomainResolver.Builder.parseServer("127.0.0.1").getPort()).isEqualTo(53);
  }
}
