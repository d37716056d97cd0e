package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailvet.knowledge.KnowledgeBase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MailvetTest {

  private final Mailvet mailvet = Mailvet.builder().offline(true).build();

  @Test
  void aPlainAddressAtAKnownProviderIsValid() {
    VerificationResult r = mailvet.verify("Ada.Lovelace@GMail.com");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.reason()).isEqualTo(Reason.ACCEPTED_EMAIL);
    assertThat(r.valid()).isTrue();
    assertThat(r.normalizedEmail()).isEqualTo("ada.lovelace@gmail.com");
    assertThat(r.dedupeKey()).isEqualTo("adalovelace@gmail.com");
    assertThat(r.provider()).isEqualTo("google.com");
    assertThat(r.checks().syntax()).isTrue();
    assertThat(r.checks().freeProvider()).isTrue();
    assertThat(r.checks().disposable()).isFalse();
    assertThat(r.checks().smtp()).as("SMTP did not run").isNull();
    assertThat(r.checks().mx()).as("DNS did not run").isNull();
    assertThat(r.score()).isEqualTo(0.7);
    assertThat(r.source()).isEqualTo("local");
    assertThat(r.evidence()).extracting(Evidence::code).contains("dns_skipped");
  }

  @Test
  void theEvidenceWeightsAddUpToTheScore() {
    for (String email : List.of("ada@gmail.com", "info@gmail.com", "ada@gmial.com",
        "ada@mailinator.com", "ada@acme-widgets.com", "ada@gmail.con", "ada@@x")) {
      VerificationResult r = mailvet.verify(email);
      double sum = r.evidence().stream().mapToDouble(Evidence::weight).sum();
      assertThat(r.score()).as(email).isCloseTo(Math.max(0, sum), within());
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.0011);
  }

  @Test
  void disposableDomainsAndTheirSubdomains() {
    VerificationResult r = mailvet.verify("someone@inbox.mailinator.com");
    assertThat(r.status()).isEqualTo(Status.DISPOSABLE);
    assertThat(r.reason()).isEqualTo(Reason.DISPOSABLE_PROVIDER);
    assertThat(r.valid()).isFalse();
    assertThat(r.score()).isLessThanOrEqualTo(0.1);
    assertThat(r.evidence()).anySatisfy(e -> {
      assertThat(e.code()).isEqualTo("disposable");
      assertThat(e.data()).containsEntry("entry", "mailinator.com").containsEntry("list",
          "bundled");
    });
  }

  @Test
  void typoOfAPopularDomainIsRiskyWithASuggestion() {
    VerificationResult r = mailvet.verify("ada@gmial.com");
    assertThat(r.status()).isEqualTo(Status.RISKY);
    assertThat(r.reason()).isEqualTo(Reason.LIKELY_TYPO);
    assertThat(r.suggestion()).isEqualTo("ada@gmail.com");
    assertThat(r.checks().typo()).isTrue();
  }

  @Test
  void anUnknownTldCannotExistAndCarriesTheSuggestion() {
    VerificationResult r = mailvet.verify("ada@gmail.con");
    assertThat(r.status()).isEqualTo(Status.INVALID);
    assertThat(r.reason()).isEqualTo(Reason.NO_DOMAIN);
    assertThat(r.suggestion()).isEqualTo("ada@gmail.com");
    assertThat(r.checks().domainExists()).isFalse();
  }

  @Test
  void roleAccountsAreValidWithTheFlagUnlessTheEngineDisallowsThem() {
    VerificationResult r = mailvet.verify("support@gmail.com");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.valid()).isTrue();
    assertThat(r.checks().roleBased()).isTrue();
    assertThat(r.evidence()).extracting(Evidence::code).contains("role_account");

    VerificationResult strict = Mailvet.builder().offline(true).allowRoleBased(false).build()
        .verify("support@gmail.com");
    assertThat(strict.status()).isEqualTo(Status.RISKY);
    assertThat(strict.reason()).isEqualTo(Reason.ROLE_BASED);
    assertThat(strict.valid()).as("valid only when the status is valid").isFalse();
  }

  @Test
  void cheapLocalSignalsAreKnownWhateverTheDomain() {
    VerificationResult reserved = mailvet.verify("info@example.com");
    assertThat(reserved.reason()).isEqualTo(Reason.RESERVED_DOMAIN);
    assertThat(reserved.checks().roleBased()).isTrue();
    assertThat(reserved.checks().freeProvider()).isFalse();
    VerificationResult noTld = mailvet.verify("admin@acme.notatld");
    assertThat(noTld.reason()).isEqualTo(Reason.NO_DOMAIN);
    assertThat(noTld.checks().roleBased()).isTrue();
    assertThat(noTld.checks().freeProvider()).isFalse();
  }

  @Test
  void theDedupeKeyFollowsOnlyProvidersThatDocumentSubaddressing() {
    assertThat(mailvet.verify("Ada.Lovelace+news@googlemail.com").dedupeKey())
        .isEqualTo("adalovelace@gmail.com");
    assertThat(mailvet.verify("Ada.Lovelace+news@googlemail.com").normalizedEmail())
        .isEqualTo("ada.lovelace+news@googlemail.com");
    assertThat(mailvet.verify("ada.l+x@outlook.com").dedupeKey()).isEqualTo("ada.l@outlook.com");
    assertThat(mailvet.verify("ada.l+x@acme-widgets.com").dedupeKey())
        .isEqualTo("ada.l+x@acme-widgets.com");
    assertThat(mailvet.verify("not an address").dedupeKey()).isNull();
  }

  @Test
  void evidenceWeightsAreTheNumbersTheyAre() {
    VerificationResult r = mailvet.verify("ada@gmail.con"); // 0.5 - 0.35, then back to 0
    assertThat(r.toJson()).doesNotContain("0000000").contains("\"weight\":-0.15");
  }

  @Test
  void syntaxErrorsSayWhatAndWhere() {
    VerificationResult r = mailvet.verify("ada lovelace@example.org");
    assertThat(r.status()).isEqualTo(Status.INVALID);
    assertThat(r.reason()).isEqualTo(Reason.INVALID_SYNTAX);
    assertThat(r.normalizedEmail()).isNull();
    assertThat(r.score()).isZero();
    Evidence e = r.evidence().get(0);
    assertThat(e.stage()).isEqualTo("parse");
    assertThat(e.message()).contains("position 4");
    assertThat(e.data()).containsEntry("position", "4");
  }

  @Test
  void aBrokenDomainStillGetsASuggestion() {
    assertThat(mailvet.verify("ada@gmail,com").suggestion()).isEqualTo("ada@gmail.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"me@anything.arpa", "me@valid.invalid", "me@link.local",
      "me@host.localhost", "me@onion.onion.onion", "me@test.test.test", "ada@example.com",
      "ada@sub.example.org", "ada@valid.mailvet.test"})
  void reservedDomainsAreInvalidOutsideTestMode(String email) {
    VerificationResult r = mailvet.verify(email);
    assertThat(r.status()).isEqualTo(Status.INVALID);
    assertThat(r.reason()).isEqualTo(Reason.RESERVED_DOMAIN);
  }

  @ParameterizedTest
  @CsvSource({
      "ada@valid.mailvet.test, valid, accepted_email",
      "ada@mailbox-not-found.mailvet.test, invalid, mailbox_not_found",
      "ada@no-domain.mailvet.test, invalid, no_domain",
      "ada@no-mx.mailvet.test, invalid, no_mx_record",
      "ada@null-mx.mailvet.test, invalid, null_mx",
      "ada@disposable.mailvet.test, disposable, disposable_provider",
      "ada@catch-all.mailvet.test, risky, catch_all",
      "ada@mailbox-full.mailvet.test, risky, mailbox_full",
      "ada@typo.mailvet.test, risky, likely_typo",
      "info@valid.mailvet.test, valid, accepted_email",
      "ada@greylisted.mailvet.test, unknown, temporarily_unavailable",
      "ada@dns-error.mailvet.test, unknown, dns_error",
      "ada@sender-rejected.mailvet.test, unknown, sender_rejected"})
  void testModeGivesEveryStatusWithoutANetwork(String email, String status, String reason) {
    VerificationResult r = Mailvet.builder().offline(true).testMode(true).build().verify(email);
    assertThat(r.status().wireName()).isEqualTo(status);
    assertThat(r.reason().wireName()).isEqualTo(reason);
  }

  @Test
  void testModeNetworkSignalsFillTheResultLikeRealOnes() {
    Mailvet t = Mailvet.builder().offline(true).testMode(true).build();
    VerificationResult ok = t.verify("ada@valid.mailvet.test");
    assertThat(ok.checks().mx()).isTrue();
    assertThat(ok.checks().smtp()).isTrue();
    assertThat(ok.checks().catchAll()).isFalse();
    assertThat(ok.mxRecords()).hasSize(2);
    assertThat(ok.score()).isEqualTo(1.0);
    VerificationResult gone = t.verify("ada@mailbox-not-found.mailvet.test");
    assertThat(gone.evidence()).anySatisfy(e -> assertThat(e.data())
        .containsEntry("smtp_code", "550").containsEntry("enhanced_code", "5.1.1"));
    assertThat(t.verify("ada@typo.mailvet.test").suggestion())
        .isEqualTo("ada@valid.mailvet.test");
    assertThat(Mailvet.testScenarios()).containsKey("catch-all.mailvet.test");
  }

  @ParameterizedTest
  @CsvSource({
      "default, ada@gmail.com, accept, default_accept",
      "default, ada@mailinator.com, reject, disposable",
      "default, ada@gmial.com, review, likely_typo",
      "default, ada@greylisted.mailvet.test, review, unknown",
      "default, ada@catch-all.mailvet.test, review, risky",
      "signup, ada@greylisted.mailvet.test, accept, unknown",
      "signup, ada@mailinator.com, reject, disposable",
      "signup, not-an-address, reject, invalid",
      "signup, info@acme-widgets.com, accept, default_accept",
      "b2b, ada@gmail.com, reject, free_provider",
      "b2b, info@acme-widgets.com, review, role_account",
      "b2b, ada.lovelace@acme-widgets.com, accept, default_accept",
      "newsletter, ada@catch-all.mailvet.test, accept, default_accept",
      "newsletter, ada@mailinator.com, reject, disposable"})
  void builtInProfilesDecide(String profile, String email, String decision, String rule) {
    Mailvet t = Mailvet.builder().offline(true).testMode(true).profile(profile).build();
    VerificationResult r = t.verify(email);
    assertThat(r.decision()).isNotNull();
    assertThat(r.decision().wireName()).isEqualTo(decision);
    assertThat(r.rule()).isEqualTo(rule);
  }

  @Test
  void customProfilesWithAllowDenyListsAndOwnRules() {
    Profile crm = Profile.builder("crm")
        .rejectDisposable(true)
        .allowDomains(List.of("partner.mailinator.com"))
        .denyDomains(List.of("rival.example.net", "acme-rivals.com"))
        .rule("no-plus-tags", r -> r.normalizedEmail() != null
            && r.normalizedEmail().contains("+"), Decision.REVIEW)
        .minScore(0.6, Decision.REVIEW)
        .build();
    assertThat(mailvet.verify("x@sales.acme-rivals.com", crm).rule()).isEqualTo("deny_domain");
    assertThat(mailvet.verify("x@partner.mailinator.com", crm).decision())
        .isEqualTo(Decision.ACCEPT);
    assertThat(mailvet.verify("x+tag@gmail.com", crm).rule()).isEqualTo("no-plus-tags");
    VerificationResult low = mailvet.verify("x@acme-widgets.com", crm);
    assertThat(low.rule()).isEqualTo("min_score");
    assertThat(low.decision()).isEqualTo(Decision.REVIEW);
  }

  @Test
  void profileBuildersCheckArguments() {
    assertThatThrownBy(() -> Profile.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Profile.builder("x").minScore(1.5, Decision.REJECT))
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> Mailvet.builder().offline(true).profile("nope"))
        .hasMessageContaining("nope").hasMessageContaining("signup");
    assertThatThrownBy(() -> Profile.builder("x").denyDomains(List.of("a@b.c")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void userListsFlowThroughTheEngine() {
    Mailvet custom = Mailvet.builder().offline(true).knowledgeBase(KnowledgeBase.builder()
        .denyDomains(List.of("burner.example.net.co")).allowDomains(List.of("mailinator.com"))
        .build()).build();
    assertThat(custom.verify("a@burner.example.net.co").status()).isEqualTo(Status.DISPOSABLE);
    assertThat(custom.verify("a@mailinator.com").status()).isEqualTo(Status.VALID);
  }

  @Test
  void jsonUsesTheDesignFieldNames() throws Exception {
    Mailvet fixed = Mailvet.builder().offline(true).profile("signup")
        .clock(Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC)).build();
    String json = fixed.verify("ada@gmial.com").toJson();
    JsonNode n = JsonMapper.builder().build().readTree(json);
    List<String> names = new ArrayList<>();
    n.propertyNames().forEach(names::add);
    assertThat(names).containsExactly("email", "normalized_email", "dedupe_key", "status", "valid",
        "score",
        "reason", "suggestion", "checks", "provider", "mx_records", "source", "from_cache",
        "verified_at", "duration_ms", "evidence", "decision", "rule");
    List<String> checks = new ArrayList<>();
    n.get("checks").propertyNames().forEach(checks::add);
    assertThat(checks).containsExactly("syntax", "domain_exists", "mx", "smtp", "disposable",
        "role_based", "free_provider", "catch_all", "typo", "spam_trap_risk");
    assertThat(n.get("status").asString()).isEqualTo("risky");
    assertThat(n.get("reason").asString()).isEqualTo("likely_typo");
    assertThat(n.get("decision").asString()).isEqualTo("review");
    assertThat(n.get("verified_at").asString()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(n.get("checks").get("smtp").isNull()).isTrue();
    assertThat(n.get("valid").isBoolean()).isTrue();
  }

  @Test
  void jsonRoundTrips() {
    VerificationResult r = Mailvet.builder().offline(true).testMode(true).profile("b2b").build()
        .verify("ada@mailbox-full.mailvet.test");
    assertThat(VerificationResult.fromJson(r.toJson())).isEqualTo(r);
  }

  @Test
  void hostileInputNeverThrows() {
    String huge = "a".repeat(10 * 1024 * 1024) + "@example.com";
    String binary = new String(new byte[] {0, 1, 2, (byte) 0xFF, '@', 'x'},
        java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String in : new String[] {null, "", "   ", huge, binary, "@", "a@", "\uD800@x.com",
        "a@b@c", "\"unterminated@x.com", "a@[1.2.3.4", "(((((@x.com"}) {
      VerificationResult r = mailvet.verify(in);
      assertThat(r.status()).isEqualTo(Status.INVALID);
      assertThat(r.reason()).isEqualTo(Reason.INVALID_SYNTAX);
      assertThat(r.email().length()).isLessThanOrEqualTo(320);
      assertThat(r.toJson()).isNotEmpty();
    }
  }

  @Test
  void surroundingWhiteSpaceIsForgivenAndNoted() {
    VerificationResult r = mailvet.verify("  ada@gmail.com\n");
    assertThat(r.status()).isEqualTo(Status.VALID);
    assertThat(r.email()).isEqualTo("  ada@gmail.com\n");
    assertThat(r.evidence()).extracting(Evidence::code).contains("trimmed");
  }

  @Test
  void asyncGivesTheSameAnswer() throws Exception {
    assertThat(mailvet.verifyAsync("ada@gmial.com").get().suggestion())
        .isEqualTo("ada@gmail.com");
  }

  @Test
  void bulkIsLazyAndInInputOrder() {
    AtomicInteger pulled = new AtomicInteger();
    Iterator<String> endless = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public String next() {
        return "user" + pulled.getAndIncrement() + "@gmail.com";
      }
    };
    Iterable<String> source = () -> endless;
    Mailvet windowed = Mailvet.builder().offline(true).concurrency(8).readAhead(8).build();
    List<String> first = windowed.verifyAll(source).limit(5)
        .map(VerificationResult::email).toList();
    assertThat(first).containsExactly("user0@gmail.com", "user1@gmail.com", "user2@gmail.com",
        "user3@gmail.com", "user4@gmail.com");
    // read ahead by at most the read-ahead, however long the input
    assertThat(pulled.get()).isLessThanOrEqualTo(5 + 8);

    List<String> inputs = IntStream.range(0, 1000).mapToObj(i -> i % 7 == 0 ? "bad " + i
        : "u" + i + "@gmail.com").toList();
    List<VerificationResult> out = mailvet.verifyAll(inputs.stream()).toList();
    assertThat(out).hasSize(1000);
    assertThat(out).extracting(VerificationResult::email).containsExactlyElementsOf(inputs);
    assertThat(Stream.of(out.get(0), out.get(7)).map(VerificationResult::status))
        .containsOnly(Status.INVALID);
  }

  @Test
  void bulkReportsProgressForEveryResult() {
    List<long[]> calls = new ArrayList<>();
    Mailvet windowed = Mailvet.builder().offline(true).concurrency(4).readAhead(4).build();
    List<VerificationResult> out = windowed.verifyAll(
        Stream.of("a@gmail.com", "bad", "c@gmail.com", "d@gmail.com", "e@gmail.com", "f@x.com"),
        (done, started) -> calls.add(new long[] {done, started})).toList();
    assertThat(out).hasSize(6);
    assertThat(calls).extracting(c -> c[0]).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(calls).allSatisfy(c -> assertThat(c[1]).isBetween(c[0], c[0] + 4));
    assertThat(calls.get(5)[1]).isEqualTo(6);
  }

  @Test
  void resultsAreImmutable() {
    VerificationResult r = mailvet.verify("ada@gmail.com");
    assertThatThrownBy(() -> r.evidence().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.evidence().get(0).data().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(Map.of()).isEmpty();
  }

  @Test
  void listenersHearEveryResultAndTheirFailuresStayTheirs() {
    List<VerificationResult> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    Mailvet m = Mailvet.builder().offline(true)
        .listener(r -> {
          throw new IllegalStateException("a broken listener");
        })
        .listener(heard::add).build();
    VerificationResult r = m.verify("ada@gmail.com");
    assertThat(r.status()).isEqualTo(Status.VALID);
    m.verifyAll(List.of("a@gmail.com", "not an address")).toList();
    assertThat(heard).extracting(VerificationResult::email)
        .containsExactly("ada@gmail.com", "a@gmail.com", "not an address");
  }

  @Test
  void aPerCallSmtpSwitchAndTheEnginesProfileByDefault() {
    Mailvet m = Mailvet.builder().offline(true).profile("b2b").build();
    VerificationResult r = m.verifyAsync("ada@gmail.com", null, false).join();
    assertThat(r.decision()).as("null profile: the engine's").isEqualTo(Decision.REJECT);
    assertThat(m.verifyAsync("ada@gmail.com", Profile.builtIn("signup").orElseThrow(), false)
        .join().decision()).isEqualTo(Decision.ACCEPT);
  }

  @Test
  void anUnknownProfileNameSaysHowToBuildYourOwn() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mailvet.builder().profile("partners"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Profile.builder(\"partners\")");
  }

  @Test
  void aMissingKeyVariableIsNamed() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CHECKDISPOSABLE_API_KEY") == null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            io.github.mailvet.hosted.Providers.requireEnvironment("checkdisposable"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("CHECKDISPOSABLE_API_KEY is not set: the API key of checkdisposable");
  }

  @Test
  void contradictorySettingsFailInsteadOfOneSilentlyWinning() {
    io.github.mailvet.dns.DomainResolver shared = io.github.mailvet.dns.DomainResolver.builder()
        .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mailvet.builder()
            .domainResolver(shared).dnsTimeout(java.time.Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("dnsTimeout");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mailvet.builder().offline(true)
            .smtp(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("offline");
  }

  @Test
  void aDerivedEngineKeepsTheListsAndSettingsOfItsBase() {
    io.github.mailvet.knowledge.KnowledgeBase lists = io.github.mailvet.knowledge.KnowledgeBase
        .builder().denyDomains(List.of("rival-widgets.com")).build();
    Mailvet base = Mailvet.builder().offline(true).knowledgeBase(lists).allowRoleBased(false)
        .build();
    Mailvet derived = base.newBuilder().profile("b2b").build();
    assertThat(derived.knowledge()).isSameAs(base.knowledge());
    assertThat(derived.verify("ada@rival-widgets.com").status()).isEqualTo(Status.DISPOSABLE);
    assertThat(derived.verify("info@gmail.com").status()).isEqualTo(Status.RISKY);
    assertThat(derived.verify("ada@gmail.com").rule()).isEqualTo("free_provider");
  }
}
