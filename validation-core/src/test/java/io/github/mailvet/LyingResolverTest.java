package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.dns.DomainResolver;
import io.github.mailvet.dns.ResolverHealth;
import io.github.mailvet.testing.dns.DnsTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resolvers that lie, over the wire on loopback: one that denies names that must exist (as
 * container and captive-network resolvers do), one that invents an address for every unknown
 * name (NXDOMAIN rewriting), and an honest one. A lie is never turned into {@code invalid}.
 */
class LyingResolverTest {

  static DnsTestServer.Builder zone(DnsTestServer.Builder b) {
    return b.mx("acme-widgets.com", 10, "mx1.acme-widgets.com")
        .a("mx1.acme-widgets.com", "192.0.2.1")
        .servfail("broken-widgets.com");
  }

  @RegisterExtension
  static final DnsTestServer HONEST = zone(DnsTestServer.builder()).start();

  @RegisterExtension
  static final DnsTestServer DENIES = zone(DnsTestServer.builder())
      .wellKnownProviders(false).start();

  @RegisterExtension
  static final DnsTestServer INVENTS = zone(DnsTestServer.builder())
      .wildcard("127.0.0.99").start();

  private static Mailvet engine(DnsTestServer server) {
    return Mailvet.builder().dnsServers(List.of(server.hostPort()))
        .dnsTimeout(Duration.ofMillis(500)).dnsRetries(0).build();
  }

  @Test
  void aResolverThatDeniesGmailMakesNegativeAnswersUnknownWithTheReason() {
    Mailvet mailvet = engine(DENIES);
    VerificationResult gmail = mailvet.verify("grace@gmail.com");
    assertThat(gmail.status()).isEqualTo(Status.UNKNOWN);
    assertThat(gmail.reason()).isEqualTo(Reason.DNS_ERROR);
    // gmail.com exists all the same: the bundled provider list says so, not DNS
    assertThat(gmail.checks().domainExists()).isTrue();
    assertThat(gmail.evidence()).anySatisfy(e -> {
      assertThat(e.code()).isEqualTo("dns_error");
      assertThat(e.message()).contains("NXDOMAIN for gmail.com, which must exist");
    });
    assertThat(mailvet.verify("ada@no-such-widgets.com").status()).isEqualTo(Status.UNKNOWN);

    // a positive answer is still evidence
    assertThat(mailvet.verify("ada@acme-widgets.com").status()).isEqualTo(Status.VALID);

    ResolverHealth h = mailvet.resolverHealth().join();
    assertThat(h.state()).isEqualTo(ResolverHealth.State.DENIES_EXISTING);
    assertThat(h.trusted()).isFalse();
    assertThat(h.detail()).contains("gmail.com");
  }

  @Test
  void aResolverThatInventsAnswersIsNotEvidenceThatADomainExists() {
    Mailvet mailvet = engine(INVENTS);
    VerificationResult r = mailvet.verify("ada@no-such-widgets.com");
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.reason()).isEqualTo(Reason.DNS_ERROR);
    assertThat(r.evidence()).anySatisfy(e ->
        assertThat(e.message()).contains("a random name that cannot exist"));
    assertThat(mailvet.verify("ada@acme-widgets.com").status()).isEqualTo(Status.VALID);
    assertThat(mailvet.resolverHealth().join().state())
        .isEqualTo(ResolverHealth.State.INVENTS_ANSWERS);
  }

  @Test
  void anHonestResolverIsTrustedAndItsNxdomainIsInvalid() {
    Mailvet mailvet = engine(HONEST);
    assertThat(mailvet.verify("ada@no-such-widgets.com").reason()).isEqualTo(Reason.NO_DOMAIN);
    assertThat(mailvet.verify("grace@gmail.com").status()).isEqualTo(Status.VALID);
    assertThat(mailvet.resolverHealth().join().state()).isEqualTo(ResolverHealth.State.TRUSTED);
  }

  @Test
  void withCanariesTurnedOffEveryAnswerIsTakenAtItsWord() {
    Mailvet mailvet = Mailvet.builder().dnsServers(List.of(DENIES.hostPort()))
        .dnsCanaries(List.of()).build();
    assertThat(mailvet.verify("grace@gmail.com").reason()).isEqualTo(Reason.NO_DOMAIN);
    assertThat(mailvet.resolverHealth().join().state())
        .isEqualTo(ResolverHealth.State.NOT_CHECKED);
  }

  @Test
  void theCanariesAreAskedOncePerIntervalNotPerAddress() {
    DomainResolver dns = DomainResolver.builder().servers(List.of(DENIES.hostPort())).build();
    Mailvet mailvet = Mailvet.builder().domainResolver(dns).build();
    int before = DENIES.queries("gmail.com", "MX");
    for (int i = 0; i < 20; i++) {
      mailvet.verify("user" + i + "@widgets" + i + ".com");
    }
    assertThat(DENIES.queries("gmail.com", "MX") - before).isEqualTo(1);
    assertThat(dns.untrustedAnswers()).isEqualTo(20);
  }

  @Test
  void theCanariesAreAskedAgainAfterTheIntervalWhileTheLastVerdictStands() throws Exception {
    DomainResolver dns = DomainResolver.builder().servers(List.of(DENIES.hostPort()))
        .canaryInterval(Duration.ofMillis(100)).build();
    int before = DENIES.queries("outlook.com", "MX");
    assertThat(dns.health().join().state()).isEqualTo(ResolverHealth.State.DENIES_EXISTING);
    Thread.sleep(150);
    // stale: a re-check starts, and meanwhile the last verdict is the answer
    assertThat(dns.health().join().state()).isEqualTo(ResolverHealth.State.DENIES_EXISTING);
    assertThat(dns.resolve("gone-widgets.com").join().outcome())
        .isEqualTo(io.github.mailvet.dns.MailRoute.Outcome.ERROR);
    for (int i = 0; i < 50 && DENIES.queries("outlook.com", "MX") - before < 2; i++) {
      Thread.sleep(20);
    }
    assertThat(DENIES.queries("outlook.com", "MX") - before).isEqualTo(2);
  }

  @Test
  void oneDomainGetsOneAnswerWhileAFailureIsRemembered() {
    Mailvet mailvet = engine(HONEST);
    int before = HONEST.queries("broken-widgets.com", "MX");
    VerificationResult first = mailvet.verify("a@broken-widgets.com");
    VerificationResult second = mailvet.verify("b@broken-widgets.com");
    assertThat(first.reason()).isEqualTo(Reason.DNS_ERROR);
    assertThat(second.reason()).isEqualTo(Reason.DNS_ERROR);
    assertThat(HONEST.queries("broken-widgets.com", "MX") - before).isEqualTo(1);
  }

  @Test
  void signupFailsOpenOnAnUntrustedResolverWhateverTheScore() {
    Mailvet mailvet = engine(DENIES);
    VerificationResult r = mailvet.verify("grace@gmail.com", Profile.builtIn("signup").orElseThrow());
    assertThat(r.status()).isEqualTo(Status.UNKNOWN);
    assertThat(r.decision()).isEqualTo(Decision.ACCEPT);
    assertThat(r.rule()).isEqualTo("unknown");
  }

  @RegisterExtension
  static final DnsTestServer DROPS = DnsTestServer.builder().dropAll().start();

  @Test
  void aResolverThatDropsEverythingCostsOneLookupPerDomainAndIsSaidToBeDown() {
    Mailvet m = Mailvet.builder().dnsServers(List.of(DROPS.hostPort()))
        .dnsTimeout(Duration.ofMillis(150)).dnsRetries(0).build();
    List<String> in = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      in.add("user" + i + "@domain" + (i % 10) + ".com");
    }
    List<VerificationResult> out = m.verifyAll(in).toList();
    assertThat(out).hasSize(300).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(Status.UNKNOWN);
      assertThat(r.reason()).isEqualTo(Reason.DNS_ERROR);
    });
    // 10 domains and 4 canaries, each asked once: failures are remembered for the run
    assertThat(DROPS.totalQueries()).isLessThanOrEqualTo(14);
    assertThat(m.resolverHealth().join().state()).isEqualTo(ResolverHealth.State.UNREACHABLE);
  }
}
