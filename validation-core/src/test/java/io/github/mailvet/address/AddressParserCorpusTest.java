package io.github.mailvet.address;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.address.SyntaxPolicy.UnicodeMode;
import io.github.mailvet.testing.Corpus;
import io.github.mailvet.testing.Corpus.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every syntax corpus bundled in {@code mailvet-test} through the parser.
 *
 * <p>Each corpus encodes one library's policy. For each, this test names the mailvet
 * {@link SyntaxPolicy} that corresponds to it and asserts agreement on every row, except the
 * explicit known differences below, each with the RFC-based reason mailvet decides otherwise.
 * A known difference that starts to agree fails the test too, so the list cannot go stale.
 */
class AddressParserCorpusTest {

  /** A row mailvet decides differently from the source, on purpose. */
  record Difference(String file, int line, String why) { }

  private static final String RFC5321_IPV6_COMP =
      "RFC 5321 section 4.1.3 IPv6-comp: \"No more than 6 groups in addition to the '::' may be"
          + " present\" (4 with an IPv4 tail); isemail 3.05 itself moved this case to"
          + " ISEMAIL_DEPREC (tests.xml id 71)";
  private static final String RFC4291_ZERO_GROUP =
      "RFC 4291 section 2.2: '::' stands for one or more groups of zeros; six groups plus an IPv4"
          + " tail already make 128 bits, so this literal has no room for '::'";
  private static final String RFC5891_A_LABEL =
      "RFC 5891 section 5.4 / RFC 5890 section 2.3.2.1: an xn-- label must be the Punycode of a"
          + " valid U-label; 'xn--example' does not decode to one (UTS #46 INVALID_ACE_LABEL)";
  private static final String RFC5892_UNASSIGNED =
      "RFC 5892 section 2.6 (UNASSIGNED): U+103FF is unassigned, so the label cannot be an"
          + " IDNA2008 U-label";
  private static final String RFC6532_QTEXT =
      "RFC 6532 section 3.2: qtext includes UTF8-non-ascii, so the printable symbol U+2400 is"
          + " allowed inside a quoted string; JMail rejects it unescaped but accepts it escaped";
  private static final String RFC5321_LITERAL =
      "RFC 5321 section 4.1.3: an address literal is an IPv4 address or 'IPv6:' with a valid IPv6"
          + " address; other RFC 5322 domain-literal text cannot be used on the SMTP envelope"
          + " (egulias accepts it with a warning)";
  private static final String RFC5322_BARE_CR =
      "RFC 5322 section 3.2.4: qtext excludes CR, and CR may appear only as part of CRLF"
          + " folding white space (isemail: ISEMAIL_ERR_CR_NO_LF)";

  private static final String RFC6761_SPECIAL_USE =
      "RFC 6761 special-use names are syntactically valid domain names; mailvet rejects them in"
          + " the classify stage (status invalid, reason reserved_domain), not in the parser";
  private static final String RFC5322_EMPTY_LOCAL =
      "RFC 5322 section 3.2.3: dot-atom-text is 1*atext, so an unquoted local part cannot be"
          + " empty (email-validator's allow_empty_local option goes beyond the grammar)";
  private static final String RFC8264_LETTER_DIGITS =
      "U+FF20 FULLWIDTH COMMERCIAL AT is a look-alike of '@'; PRACTICAL admits only letters,"
          + " marks and digits beyond ASCII, as the PRECIS IdentifierClass does (RFC 8264 section"
          + " 4.2); UnicodeMode.RFC6531 admits it";
  private static final String RFC6532_NFC_LENGTH =
      "RFC 6532 section 3.1: addresses are compared in NFC; the NFC form is 254 octets, within"
          + " RFC 5321's limit (email-validator measures the decomposed input, 256)";
  private static final String RFC1123_TLD =
      "RFC 1123 section 2.1 allows digits and hyphens in any label; only an all-numeric TLD is"
          + " excluded (RFC 3696 section 2)";
  private static final String RFC5321_LOCAL_LENGTH =
      "RFC 5321 section 4.5.3.1.1: a local part has at most 64 octets (egulias only warns)";
  private static final String RFC5322_OBS_DOMAIN =
      "RFC 5322 section 3.4.1: CFWS may stand before and after a dot-atom domain, not between its"
          + " labels; that is obs-domain (section 4.4), which this policy excludes as egulias"
          + " excludes white space there";
  private static final String RFC5322_CFWS_BEFORE_DOMAIN =
      "RFC 5322 section 3.2.3: dot-atom = [CFWS] dot-atom-text [CFWS], so white space before the"
          + " domain is allowed where comments are";
  private static final String RFC5892_EMOJI =
      "RFC 5892: emoji are DISALLOWED in IDNA2008 labels (strict IDNA, as mailvet's RFC 5321"
          + " policy has it)";

  static final List<Difference> KNOWN_DIFFERENCES = List.of(
      new Difference("jmail.tsv", 42, RFC5891_A_LABEL),
      new Difference("jmail.tsv", 256, RFC6532_QTEXT),
      new Difference("isemail_tests_original.tsv", 40, RFC5321_IPV6_COMP),
      new Difference("isemail_tests_original.tsv", 46, RFC5321_IPV6_COMP),
      new Difference("isemail_tests_original.tsv", 231, RFC5321_IPV6_COMP),
      new Difference("isemail_tests_original.tsv", 232, RFC5321_IPV6_COMP),
      new Difference("isemail_tests_original.tsv", 253, RFC4291_ZERO_GROUP),
      new Difference("isemail_tests_original.tsv", 255, RFC5321_IPV6_COMP),
      new Difference("isemail_tests_original.tsv", 280, RFC5891_A_LABEL),
      new Difference("hapi_isemail_tests.tsv", 206, RFC5892_UNASSIGNED),
      new Difference("egulias_emailvalidator.tsv", 29, RFC5322_BARE_CR),
      new Difference("egulias_emailvalidator.tsv", 82, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 83, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 84, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 85, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 86, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 87, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 88, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 89, RFC5321_LITERAL),
      new Difference("egulias_emailvalidator.tsv", 81, RFC5321_IPV6_COMP),
      new Difference("egulias_emailvalidator.tsv", 24, RFC5321_LOCAL_LENGTH),
      new Difference("egulias_emailvalidator.tsv", 31, RFC5321_LOCAL_LENGTH),
      new Difference("egulias_emailvalidator.tsv", 72, RFC5322_OBS_DOMAIN),
      new Difference("egulias_emailvalidator.tsv", 78, RFC5322_OBS_DOMAIN),
      new Difference("egulias_emailvalidator.tsv", 96, RFC5322_CFWS_BEFORE_DOMAIN),
      new Difference("hapi_isemail_tests.tsv", 34, RFC5892_EMOJI),
      new Difference("python_email_validator.tsv", 119, RFC6761_SPECIAL_USE),
      new Difference("python_email_validator.tsv", 120, RFC6761_SPECIAL_USE),
      new Difference("python_email_validator.tsv", 121, RFC6761_SPECIAL_USE),
      new Difference("python_email_validator.tsv", 122, RFC6761_SPECIAL_USE),
      new Difference("python_email_validator.tsv", 123, RFC6761_SPECIAL_USE),
      new Difference("python_email_validator.tsv", 124, RFC6761_SPECIAL_USE),
      new Difference("python_email_validator.tsv", 152, RFC5322_EMPTY_LOCAL),
      new Difference("python_email_validator.tsv", 28, RFC8264_LETTER_DIGITS),
      new Difference("python_email_validator.tsv", 89, RFC6532_NFC_LENGTH),
      new Difference("python_email_validator.tsv", 95, RFC1123_TLD),
      new Difference("python_email_validator_isemail.tsv", 61, RFC5321_IPV6_COMP));

  /** Which mailvet policy reproduces each corpus's verdicts. */
  static final Map<String, Function<Row, SyntaxPolicy>> POLICIES = Map.of(
      // JMail: broad RFC 5322 with comments, obsolete forms, display names, backslash escapes.
      "jmail.tsv", row -> SyntaxPolicy.RFC5322_LENIENT,
      // is_email's boolean API (category < 16): RFC 5321 envelope syntax, ASCII only (pre-EAI).
      "isemail_tests.tsv", row -> SyntaxPolicy.RFC5321.withUnicode(UnicodeMode.ASCII_ONLY),
      "isemail_tests_original.tsv",
      row -> SyntaxPolicy.RFC5321.withUnicode(UnicodeMode.ASCII_ONLY),
      // hapi's port adds RFC 6531/6532.
      "hapi_isemail_tests.tsv", row -> SyntaxPolicy.RFC5321,
      // email-validator's defaults are mailvet's PRACTICAL policy; its options map one to one.
      "python_email_validator.tsv", AddressParserCorpusTest::pythonPolicy,
      "python_email_validator_isemail.tsv", AddressParserCorpusTest::pythonPolicy,
      "egulias_emailvalidator.tsv", AddressParserCorpusTest::eguliasPolicy,
      // mailvet's own: invisible characters are refused under the default policy (issue 11)
      "mailvet_invisible.tsv", row -> SyntaxPolicy.PRACTICAL);

  static SyntaxPolicy pythonPolicy(Row row) {
    // the options named in the row's condition, or in its "valid only with ..." remarks
    StringBuilder options = new StringBuilder(noteValue(row.note(), "condition"));
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("valid only with (allow_\\w+=True)").matcher(row.note());
    while (m.find()) {
      options.append(", ").append(m.group(1));
    }
    String condition = options.toString();
    SyntaxPolicy p = SyntaxPolicy.PRACTICAL;
    if (condition.contains("test_environment=True")) {
      p = p.withDotlessDomain(true); // email-validator's test environment admits "@test"
    }
    if (condition.contains("allow_quoted_local=True")) {
      p = p.withQuotedLocalPart(true);
    }
    if (condition.contains("allow_domain_literal=True")) {
      p = p.withDomainLiteral(true);
    }
    if (condition.contains("allow_display_name=True")) {
      p = p.withDisplayName(true);
    }
    if (condition.contains("allow_smtputf8=False")) {
      p = p.withUnicode(UnicodeMode.ASCII_ONLY);
    }
    return p;
  }

  /**
   * egulias RFCValidation: comments, quoted strings, literals and long local parts pass with
   * warnings; NoRFCWarningsValidation rejects anything that warns.
   */
  static SyntaxPolicy eguliasPolicy(Row row) {
    if (noteValue(row.note(), "validation").startsWith("NoRFCWarnings")) {
      return SyntaxPolicy.PRACTICAL.withUnicode(UnicodeMode.RFC6531);
    }
    return SyntaxPolicy.RFC5322_LENIENT.withObsoleteSyntax(false).withBackslashOutsideQuotes(true)
        .withStrictIdna(true).withNumericTld(true);
  }

  static String noteValue(String note, String key) {
    for (String part : note.split("; ")) {
      if (part.startsWith(key + "=")) {
        return part.substring(key.length() + 1);
      }
    }
    return "";
  }

  private static final Map<String, int[]> AGREEMENT = new ConcurrentHashMap<>();

  @TestFactory
  Stream<DynamicContainer> everySyntaxCorpusAgreesExceptKnownDifferences() {
    return new TreeMap<>(POLICIES).entrySet().stream().map(e -> {
      String file = e.getKey();
      List<Row> rows = Corpus.read(file);
      AGREEMENT.put(file, new int[] {0, rows.size()});
      List<DynamicTest> tests = new ArrayList<>();
      for (Row row : rows) {
        tests.add(DynamicTest.dynamicTest(row.toString(), () -> check(e.getValue(), row)));
      }
      return DynamicContainer.dynamicContainer(file, tests);
    });
  }

  private static void check(Function<Row, SyntaxPolicy> policyOf, Row row) {
    ParseResult result = AddressParser.of(policyOf.apply(row)).parse(row.address());
    Difference known = KNOWN_DIFFERENCES.stream()
        .filter(d -> d.file().equals(row.file()) && d.line() == row.line())
        .findFirst().orElse(null);
    boolean agrees = result.isValid() == row.expectValid();
    if (agrees) {
      AGREEMENT.get(row.file())[0]++;
    }
    if (known == null) {
      assertThat(agrees).as("%s -> %s (%s)", row, result, row.note()).isTrue();
    } else {
      assertThat(agrees).as("known difference %s now agrees; remove it from the list", row)
          .isFalse();
    }
  }

  @AfterAll
  static void printAgreement() {
    StringBuilder b = new StringBuilder("Syntax corpus agreement (rows agreed / total):\n");
    new TreeMap<>(AGREEMENT).forEach((file, a) -> b.append(String.format(
        "  %-36s %4d / %4d  (%5.1f%%)%n", file, a[0], a[1], 100.0 * a[0] / a[1])));
    System.out.print(b);
  }
}
