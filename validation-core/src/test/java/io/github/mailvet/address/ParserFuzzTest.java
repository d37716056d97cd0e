package io.github.mailvet.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.testing.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser's promise, "never throws for bad input, whatever the policy", fuzzed with
 * {@link Fuzz}: random strings over the characters that matter to the grammar (quotes,
 * backslashes, brackets, CR, LF, NUL, dots, '@', non-ASCII letters, emoji, invisible and bidi
 * characters) and grammar-shaped addresses with hostile parts (labels beyond ICU's and DNS's
 * limits, A-labels, literals, quoted CR/LF). A bounded number of tries runs in
 * {@code ./mvnw verify}; a failure names its seed. Inputs it found stay as rows in
 * {@code HostileInputTest}.
 */
class ParserFuzzTest {

  static final SyntaxPolicy[] POLICIES = {SyntaxPolicy.PRACTICAL, SyntaxPolicy.RFC5321,
      SyntaxPolicy.RFC5322_LENIENT, SyntaxPolicy.RFC5322_LENIENT.withLengthLimits(false)};

  static final Mailvet OFFLINE = Mailvet.builder().offline(true).build();

  static final String GRAMMAR = "\"\\@.()[]<>:;, \t\r\n\0-_+=!#$%&'*/?^`{|}~abcxyz"
      + "ü😀\u200B\u00AD\u202E\uFEFF\uFF21\u0301\u3164";

  static String grammarChars(Fuzz f) {
    return f.string(GRAMMAR, 300);
  }

  static String hostileAddress(Fuzz f) {
    String local = switch (f.nextInt(3)) {
      case 0 -> f.string("abcXYZ0189.+-_", 1, 80);
      case 1 -> '"' + f.string("ab\\\"\r\n\0 ", 40) + '"';
      default -> f.string("ｉｎｆｏ😀\u200B", 1, 20);
    };
    List<String> labels = f.list(1, 4, g -> switch (g.nextInt(4)) {
      case 0 -> g.string("abcdefghijklmnopqrstuvwxyz", 1, 70);
      case 1 -> g.string("üéß😀", 1, 1100);
      case 2 -> "xn--" + g.string("abcdefghij", 1, 2100);
      default -> g.oneOf("[127.0.0.1]", "[IPv6:::1]", "[IPv6:64:ff9b::a00:1]", "[300.1.1.1]",
          "[IPv6:1::1::1]", "com", "xn--", "-a-");
    });
    return local + "@" + String.join(".", labels);
  }

  @Test
  void anyStringParsesToAResultUnderEveryPolicy() {
    Fuzz.run(3000, ParserFuzzTest::grammarChars, input -> {
      for (SyntaxPolicy p : POLICIES) {
        ParseResult r = AddressParser.of(p).parse(input);
        assertThat(r).isNotNull();
        if (r instanceof EmailAddress a) {
          // what a valid result carries is usable: nothing that could end a command line
          assertThat(a.asciiDomain()).doesNotContain("\r", "\n", "\0");
        }
      }
    });
  }

  @Test
  void hostileAddressesGetAResultNeverAnException() {
    Fuzz.run(1500, ParserFuzzTest::hostileAddress, input -> {
      for (SyntaxPolicy p : POLICIES) {
        assertThat(AddressParser.of(p).parse(input)).isNotNull();
      }
      VerificationResult r = OFFLINE.verify(input);
      assertThat(r.status()).isNotNull();
      if (r.status() != Status.INVALID) {
        assertThat(r.normalizedEmail()).isNotNull();
      }
    });
  }

  @Test
  void bulkRunsAccountForEveryInput() {
    Fuzz.run(200, f -> List.of(hostileAddress(f), grammarChars(f), "ada@gmail.com"), in -> {
      List<VerificationResult> out = OFFLINE.verifyAll(in).toList();
      assertThat(out).hasSize(3);
      assertThat(out.get(2).status()).isEqualTo(Status.VALID);
    });
  }
}
