package io.github.mailvet.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser's promise, "never throws for bad input, whatever the policy", fuzzed: random
 * strings over the characters that matter to the grammar (quotes, backslashes, brackets, CR, LF,
 * NUL, dots, '@', non-ASCII letters, emoji, invisible and bidi characters) and grammar-shaped
 * addresses with hostile parts (labels beyond ICU's and DNS's limits, A-labels, literals). Each
 * property runs a bounded number of tries in {@code ./mvnw verify}; a failure prints its seed.
 * Inputs it found stay as rows in {@code HostileInputTest}.
 */
class ParserFuzzTest {

  static final SyntaxPolicy[] POLICIES = {SyntaxPolicy.PRACTICAL, SyntaxPolicy.RFC5321,
      SyntaxPolicy.RFC5322_LENIENT, SyntaxPolicy.RFC5322_LENIENT.withLengthLimits(false)};

  static final Mailvet OFFLINE = Mailvet.builder().offline(true).build();

  @Provide
  Arbitrary<String> grammarChars() {
    return Arbitraries.strings().withChars("\"\\@.()[]<>:;, \t\r\n\0-_+=!#$%&'*/?^`{|}~")
        .withChars('a', 'z').withChars("ü😀\u200B\u00AD\u202E\uFEFF\uFF21\u0301\u3164")
        .ofMaxLength(300);
  }

  @Provide
  Arbitrary<String> hostileAddresses() {
    Arbitrary<String> label = Arbitraries.oneOf(
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(70),
        Arbitraries.strings().withChars("üéß😀").ofMinLength(1).ofMaxLength(1100),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(2100).map(s -> "xn--" + s),
        Arbitraries.of("[127.0.0.1]", "[IPv6:::1]", "[IPv6:64:ff9b::a00:1]", "[300.1.1.1]",
            "[IPv6:1::1::1]", "com", "xn--", "-a-"));
    Arbitrary<String> local = Arbitraries.oneOf(
        Arbitraries.strings().alpha().numeric().withChars(".+-_").ofMinLength(1).ofMaxLength(80),
        Arbitraries.strings().withChars("ab\\\"\r\n\0 ").ofMaxLength(40).map(s -> '"' + s + '"'),
        Arbitraries.strings().withChars("ｉｎｆｏ😀\u200B").ofMinLength(1).ofMaxLength(20));
    return Combinators.combine(local, label.list().ofMinSize(1).ofMaxSize(4))
        .as((l, labels) -> l + "@" + String.join(".", labels));
  }

  @Property(tries = 3000)
  void anyStringParsesToAResultUnderEveryPolicy(@ForAll("grammarChars") String input) {
    for (SyntaxPolicy p : POLICIES) {
      ParseResult r = AddressParser.of(p).parse(input);
      assertThat(r).isNotNull();
      if (r instanceof EmailAddress a) {
        // what a valid result carries is usable: nothing that could end a command line
        assertThat(a.asciiDomain()).doesNotContain("\r", "\n", "\0");
      }
    }
  }

  @Property(tries = 1500)
  void hostileAddressesGetAResultNeverAnException(@ForAll("hostileAddresses") String input) {
    for (SyntaxPolicy p : POLICIES) {
      assertThat(AddressParser.of(p).parse(input)).isNotNull();
    }
    VerificationResult r = OFFLINE.verify(input);
    assertThat(r.status()).isNotNull();
    if (r.status() != Status.INVALID) {
      assertThat(r.normalizedEmail()).isNotNull();
    }
  }

  @Property(tries = 200)
  void bulkRunsAccountForEveryInput(@ForAll("hostileAddresses") String a,
      @ForAll("grammarChars") String b) {
    List<VerificationResult> out = OFFLINE.verifyAll(List.of(a, b, "ada@gmail.com")).toList();
    assertThat(out).hasSize(3);
    assertThat(out.get(2).status()).isEqualTo(Status.VALID);
  }
}
