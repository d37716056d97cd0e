package io.github.mailvet.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailvet.address.SyntaxPolicy.UnicodeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser's failure reasons, positions and normalized forms (the corpora test verdicts). */
class AddressParserTest {

  private final AddressParser practical = AddressParser.of(SyntaxPolicy.PRACTICAL);

  private ParseFailure fail(AddressParser p, String input) {
    ParseResult r = p.parse(input);
    assertThat(r).as(input).isInstanceOf(ParseFailure.class);
    return (ParseFailure) r;
  }

  private EmailAddress ok(AddressParser p, String input) {
    ParseResult r = p.parse(input);
    assertThat(r).as(input + " -> " + r).isInstanceOf(EmailAddress.class);
    return (EmailAddress) r;
  }

  @ParameterizedTest(name = "{0} -> {1} at {2}")
  @CsvSource(delimiter = '|', value = {
      "''                    | EMPTY                         | -1",
      "plainaddress          | MISSING_AT                    | -1",
      "@example.org          | EMPTY_LOCAL_PART              | 0",
      "ada@                  | EMPTY_DOMAIN                  | 4",
      "a@b@example.org       | MULTIPLE_AT                   | 3",
      ".ada@example.org      | LEADING_DOT                   | 0",
      "ada.@example.org      | TRAILING_DOT                  | 3",
      "ada..lovelace@x.org   | CONSECUTIVE_DOTS              | 4",
      "ada@.example.org      | LEADING_DOT                   | 4",
      "ada@example..org      | CONSECUTIVE_DOTS              | 12",
      "ada@example.org.      | TRAILING_DOT                  | 15",
      "ada@exa_mple.org      | BAD_CHARACTER                 | 7",
      "ada@example,org       | BAD_CHARACTER                 | 11",
      "ada(x)@example.org    | COMMENT_NOT_ALLOWED           | 3",
      "ada lovelace@x.org    | COMMENT_NOT_ALLOWED           | 3",
      "\"ada\"@example.org   | QUOTED_LOCAL_PART_NOT_ALLOWED | 0",
      "ada@[192.0.2.1]       | DOMAIN_LITERAL_NOT_ALLOWED    | 4",
      "ada@localhost         | NO_TLD                        | 4",
      "ada@1.2.3.4           | NUMERIC_TLD                   | 4",
      "ada@-example.org      | BAD_LABEL                     | 4",
      "ada@example-.org      | BAD_LABEL                     | 4",
      "Ada <ada@example.org> | DISPLAY_NAME_NOT_ALLOWED      | 4",
      "a\\b@example.org      | BACKSLASH_NOT_ALLOWED         | 1"})
  void failuresNameTheProblemAndWhereItIs(String input, SyntaxError error, int position) {
    ParseFailure f = fail(practical, input);
    assertThat(f.error()).isEqualTo(error);
    assertThat(f.position()).isEqualTo(position);
    assertThat(f.message()).startsWith(error.description());
    boolean wholeDomain = error == SyntaxError.BAD_LABEL || error == SyntaxError.NUMERIC_TLD;
    if (position >= 0 && position < input.length() && !wholeDomain) {
      assertThat(f.message()).contains("position " + (position + 1));
    }
  }

  @Test
  void lengthLimitsOfRfc5321() {
    assertThat(fail(practical, "a".repeat(65) + "@example.org").error())
        .isEqualTo(SyntaxError.LOCAL_PART_TOO_LONG);
    ok(practical, "a".repeat(64) + "@example.org");
    assertThat(fail(practical, "a@" + "b".repeat(64) + ".org").error())
        .isEqualTo(SyntaxError.LABEL_TOO_LONG);
    String domain253 = ("a".repeat(49) + ".").repeat(5) + "abc"; // 253 octets
    assertThat(domain253).hasSize(253);
    assertThat(fail(practical, "a@" + domain253).error()).isEqualTo(SyntaxError.ADDRESS_TOO_LONG);
    assertThat(fail(practical, "a@" + domain253 + "x").error())
        .isIn(SyntaxError.DOMAIN_TOO_LONG, SyntaxError.ADDRESS_TOO_LONG);
    assertThat(fail(practical, "a".repeat(5000)).error()).isEqualTo(SyntaxError.INPUT_TOO_LONG);
    ok(practical.policy().withLengthLimits(false) == null ? practical
        : AddressParser.of(SyntaxPolicy.PRACTICAL.withLengthLimits(false)),
        "a".repeat(65) + "@example.org");
  }

  @Test
  void internationalizedAddresses() {
    EmailAddress a = ok(practical, "Müller@Bücher.CH");
    assertThat(a.localPart()).isEqualTo("Müller");
    assertThat(a.domain()).isEqualTo("bücher.ch");
    assertThat(a.asciiDomain()).isEqualTo("xn--bcher-kva.ch");
    assertThat(a.smtpUtf8()).isTrue();
    assertThat(a.normalized()).isEqualTo("Müller@bücher.ch");
    assertThat(a.asciiAddress()).isEqualTo("Müller@xn--bcher-kva.ch");

    EmailAddress ascii = ok(practical, "ada@xn--bcher-kva.ch");
    assertThat(ascii.domain()).isEqualTo("bücher.ch");
    assertThat(ascii.smtpUtf8()).isFalse();

    // NFC: a decomposed "ü" (u + U+0308) is stored composed
    assertThat(ok(practical, "mu\u0308ller@example.org").localPart()).isEqualTo("müller");
    ok(practical, "我買@屋企.香港");
    ok(practical, "संपर्क@डाटामेल.भारत");
  }

  @Test
  void unicodeLookAlikesAndInvisiblesAreRefusedByDefault() {
    assertThat(fail(practical, "ad\u200Ba@example.org").error())
        .isEqualTo(SyntaxError.INVISIBLE_CHARACTER);
    assertThat(fail(practical, "ad\u202Ea@example.org").error())
        .isEqualTo(SyntaxError.INVISIBLE_CHARACTER);
    assertThat(fail(practical, "euro€@example.org").error())
        .isEqualTo(SyntaxError.UNSAFE_CHARACTER);
    assertThat(fail(practical, "ada@email€a.com").error()).isEqualTo(SyntaxError.BAD_LABEL);
    assertThat(fail(practical, "\u0300ada@example.org").error())
        .isEqualTo(SyntaxError.UNSAFE_CHARACTER);
    AddressParser rfc = AddressParser.of(SyntaxPolicy.RFC5321);
    ok(rfc, "euro€@example.org");
    AddressParser ascii = AddressParser.of(SyntaxPolicy.PRACTICAL.withUnicode(
        UnicodeMode.ASCII_ONLY));
    assertThat(fail(ascii, "müller@example.org").error())
        .isEqualTo(SyntaxError.NON_ASCII_NOT_ALLOWED);
  }

  @Test
  void policySwitchesOpenTheRfcConstructs() {
    AddressParser rfc5321 = AddressParser.of(SyntaxPolicy.RFC5321);
    EmailAddress q = ok(rfc5321, "\"john doe\"@example.org");
    assertThat(q.quotedLocalPart()).isTrue();
    assertThat(q.localPart()).isEqualTo("\"john doe\"");
    EmailAddress lit = ok(rfc5321, "ada@[IPv6:2001:DB8::1]");
    assertThat(lit.domainLiteral()).isTrue();
    assertThat(lit.domain()).isEqualTo("[IPv6:2001:db8::1]");
    ok(rfc5321, "ada@[192.0.2.1]");
    assertThat(fail(rfc5321, "ada@[192.0.2.256]").error())
        .isEqualTo(SyntaxError.BAD_DOMAIN_LITERAL);
    ok(rfc5321, "admin@localhost");
    assertThat(fail(rfc5321, "\"first\".last@example.org").error())
        .isEqualTo(SyntaxError.OBSOLETE_SYNTAX);

    AddressParser lenient = AddressParser.of(SyntaxPolicy.RFC5322_LENIENT);
    EmailAddress c = ok(lenient, "(comment)ada.lovelace(x)@example.org (Ada)");
    assertThat(c.localPart()).isEqualTo("ada.lovelace");
    EmailAddress named = ok(lenient, "\"Lovelace, Ada\" <ada@example.org>");
    assertThat(named.displayName()).isEqualTo("Lovelace, Ada");
    assertThat(named.normalized()).isEqualTo("ada@example.org");
    ok(lenient, "\"first\".last@example.org");
    assertThat(fail(lenient, "ada(unclosed@example.org").error())
        .isEqualTo(SyntaxError.UNBALANCED_COMMENT);
    assertThat(fail(lenient, "\"unclosed@example.org").error())
        .isEqualTo(SyntaxError.UNTERMINATED_QUOTED_STRING);
    assertThat(fail(lenient, "ada\r@example.org").error()).isEqualTo(SyntaxError.BAD_LINE_BREAK);
  }

  @Test
  void hostileInputIsAFailureNotAnException() {
    for (String in : new String[] {null, "\uD800@example.org", "a@\uDC00.org", "\u0000@x.org",
        "((((((((((((((((((((", "\"\\", "a@[", "a@[IPv6:", "<", "<>", "a <b@c.d", "@@@@"}) {
      assertThat(AddressParser.of(SyntaxPolicy.RFC5322_LENIENT).parse(in).isValid()).isFalse();
      assertThat(practical.parse(in).isValid()).isFalse();
    }
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> AddressParser.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SyntaxPolicy.PRACTICAL.withUnicode(null))
        .isInstanceOf(NullPointerException.class);
  }

  /** Characters a person cannot see are rejected with their own error and position. */
  @ParameterizedTest(name = "{0} at {1}")
  @CsvSource(delimiter = '|', value = {
      "user@exa\u200Bmple.com   | 8",  // zero-width space (UTS #46 would drop it)
      "user@exa\u00ADmple.com   | 8",  // soft hyphen (UTS #46 would drop it)
      "user@exa\u2060mple.com   | 8",  // word joiner
      "user@ex\u00E4\uFE0Fmple.com | 8",  // variation selector after a real letter
      "user@\u202Eexample.com   | 5",  // right-to-left override
      "us\u200Ber@example.com   | 2",  // zero-width space in the local part
      "\u200Duser@example.com   | 0",  // zero-width joiner
      "us\u034Fer@example.com   | 2"})  // combining grapheme joiner
  void invisibleCharactersAreRejectedUnderEveryPolicy(String escaped, int position) {
    String input = java.util.regex.Pattern.compile("\\\\u([0-9A-F]{4})").matcher(escaped)
        .replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)));
    for (SyntaxPolicy policy : new SyntaxPolicy[] {SyntaxPolicy.PRACTICAL, SyntaxPolicy.RFC5321,
        SyntaxPolicy.RFC5322_LENIENT}) {
      ParseFailure f = fail(AddressParser.of(policy), input);
      assertThat(f.error()).as(policy + " " + escaped).isEqualTo(SyntaxError.INVISIBLE_CHARACTER);
      assertThat(f.position()).as(escaped).isEqualTo(position);
    }
  }

  @Test
  void visibleCompatibilityFormsStay() {
    // full-width letters map to ASCII: visible, so accepted and normalized
    assertThat(ok(practical, "user@\uFF45xample.com").asciiDomain()).isEqualTo("example.com");
  }

  @Test
  void theColumnCountsFromOneAsTheMessageDoes() {
    ParseFailure f = fail(practical, "ada,lovelace@example.org");
    assertThat(f.column()).isEqualTo(f.position() + 1);
    assertThat(f.message()).contains("position " + f.column());
  }
}
