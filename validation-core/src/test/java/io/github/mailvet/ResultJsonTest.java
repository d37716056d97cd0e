package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.internal.Json;
import io.github.mailvet.testing.Corpus;
import io.github.mailvet.testing.Fuzz;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link VerificationResult#toJson()} writes with the streaming generator; what it writes must be
 * exactly what the data binder writes for the same result (the form every consumer of the JSON
 * lines, the bridge and Kafka's results were built against), and must read back equal.
 */
class ResultJsonTest {

  private static void sameAsDataBinder(VerificationResult r) {
    String streamed = ResultJson.write(r);
    assertThat(streamed).as(r.email()).isEqualTo(Json.write(r));
    assertThat(VerificationResult.fromJson(streamed)).isEqualTo(r);
  }

  @Test
  void everyCorpusAddressThroughTheOfflineEngineWithAndWithoutAProfile() {
    try (Mailvet plain = Mailvet.builder().offline(true).build();
        Mailvet signup = Mailvet.builder().offline(true).profile("signup").build()) {
      int n = 0;
      for (String file : List.of("egulias_emailvalidator.tsv", "hapi_isemail_tests.tsv",
          "isemail_tests.tsv", "jmail.tsv", "python_email_validator.tsv",
          "mailvet_invisible.tsv", "mailcheck_suggestions.tsv")) {
        for (Corpus.Row row : Corpus.read(file)) {
          sameAsDataBinder(plain.verify(row.address()));
          sameAsDataBinder(signup.verify(row.address()));
          n++;
        }
      }
      assertThat(n).as("rows compared").isGreaterThan(1_000);
    }
  }

  @Test
  void everyFieldSetNullOrAwkward() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("suggestion", "ada@gmail.com");
    data.put("reply", "550 5.1.1 \"no\" \\ such\tuser\u0000\u2028");
    data.put("ümlaut", "日本語 😀");
    VerificationResult full = VerificationResult.builder("\"Ada\" <ada@example.org>\r\n",
            Status.RISKY, Reason.CATCH_ALL,
            new Checks(true, true, true, null, false, true, false, true, false, null), "kickbox")
        .normalizedEmail("ada@example.org").score(1.0).suggestion("ada@example.com")
        .provider("google.com").mxRecords(List.of("aspmx.l.google.com", "alt1.aspmx.l.google.com"))
        .fromCache(true).verifiedAt(Instant.parse("2026-11-30T10:00:00Z")).durationMs(123_456L)
        .evidence(List.of(new Evidence("smtp", "catch_all", "the server accepts anything",
            -0.25, data), Evidence.of("parse", "syntax_ok", "ok", 0.5)))
        .decision(Decision.REVIEW, "catch-all needs a look").build();
    sameAsDataBinder(full);
    sameAsDataBinder(full.toBuilder().score(0.0).verifiedAt(Instant.EPOCH).build());
    sameAsDataBinder(full.toBuilder().score(1e-7).verifiedAt(Instant.parse(
        "2026-11-30T10:00:00.120Z")).build());
    sameAsDataBinder(VerificationResult.builder("", Status.UNKNOWN, Reason.DNS_ERROR,
        Checks.NONE, "local").build());
  }

  @Test
  void randomStringsAndNumbers() {
    Fuzz.run(500, f -> {
      String text = f.string("aZ09@.\"\\/\b\f\n\r\t\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00 <>", 40);
      return VerificationResult.builder(text, f.oneOf(Status.values()),
              f.oneOf(Reason.values()), new Checks(f.oneOf(true, false, null), null, true,
              f.oneOf(true, false, null), null, null, null, null, null, false), text)
          .normalizedEmail(f.oneOf(text, null)).score(f.nextInt(1_000_001) / 1_000_000d)
          .suggestion(f.oneOf(text, null)).mxRecords(f.list(0, 3, g -> text))
          .durationMs(f.nextInt(Integer.MAX_VALUE))
          .verifiedAt(Instant.ofEpochSecond(f.nextInt(Integer.MAX_VALUE), f.nextInt(1_000_000_000)))
          .evidence(f.list(0, 3, g -> new Evidence(text, "code", text,
              (g.nextInt(2_000_001) - 1_000_000) / 1_000_000d, Map.of("k", text))))
          .build();
    }, ResultJsonTest::sameAsDataBinder);
  }
}
