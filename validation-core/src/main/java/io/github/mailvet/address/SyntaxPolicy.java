package io.github.mailvet.address;

/**
 * Which parts of the e-mail address grammars the parser accepts.
 *
 * <p>The RFCs describe several overlapping grammars: the SMTP envelope mailbox of RFC 5321
 * section 4.1.2, the message header addr-spec of RFC 5322 section 3.4.1 (with comments, folding
 * white space and the obsolete forms of section 4.4), and the internationalized extensions of
 * RFC 6531/6532. Real sign-up forms want something stricter than all of them. A policy picks the
 * constructs that are accepted; everything else is reported as a precise {@link SyntaxError}.
 *
 * <pre>{@code
 * SyntaxPolicy lenient = SyntaxPolicy.PRACTICAL.withQuotedLocalPart(true).withDomainLiteral(true);
 * }</pre>
 *
 * @param quotedLocalPart     accept a quoted local part ({@code "john doe"@example.com}), RFC 5321
 *                            Quoted-string
 * @param domainLiteral       accept address literals ({@code user@[192.0.2.1]},
 *                            {@code user@[IPv6:2001:db8::1]}), RFC 5321 section 4.1.3
 * @param comments            accept comments and folding white space (CFWS) where RFC 5322 allows
 *                            them; such addresses are valid in a message header but cannot be used
 *                            on the SMTP envelope as written
 * @param dotlessDomain       accept a domain without a dot ({@code admin@localhost})
 * @param numericTld          accept a top-level label made only of digits ({@code a@1.2.3.4444})
 * @param obsoleteSyntax      accept RFC 5322 section 4.4 obsolete forms: a local part that mixes
 *                            atoms and quoted strings ({@code "first".last}), CFWS around dots, and
 *                            quoted pairs of control characters
 * @param backslashOutsideQuotes accept a backslash escape in an unquoted local part
 *                            ({@code Abc\@def@example.com}); RFC 3696 erratum 246 withdrew this
 *                            form, but some validators still accept it
 * @param displayName         accept the name-addr form {@code Ada Lovelace <ada@example.com>}
 * @param unicode             how non-ASCII characters (RFC 6531 SMTPUTF8) are treated
 * @param strictIdna          beyond UTS #46 processing, require every non-ASCII code point of the
 *                            domain to be PVALID or CONTEXTO under IDNA2008 (RFC 5892): letters,
 *                            marks and digits. UTS #46 alone admits symbols such as emoji and
 *                            currency signs, which IDNA2008 registries refuse
 * @param lengthLimits        enforce RFC 5321 section 4.5.3.1 limits: 64 octets for the local part,
 *                            254 for the address, 63 per domain label, 253 for the domain
 */
public record SyntaxPolicy(
    boolean quotedLocalPart,
    boolean domainLiteral,
    boolean comments,
    boolean dotlessDomain,
    boolean numericTld,
    boolean obsoleteSyntax,
    boolean backslashOutsideQuotes,
    boolean displayName,
    UnicodeMode unicode,
    boolean strictIdna,
    boolean lengthLimits) {

  /** How non-ASCII characters in the local part are treated. Domains always go through UTS #46. */
  public enum UnicodeMode {
    /** ASCII only: an address that would need SMTPUTF8 is rejected. */
    ASCII_ONLY,
    /**
     * Letters, combining marks and digits of any script; rejects Unicode punctuation, symbols,
     * spaces, controls, format characters (bidi overrides, zero-width joiners), private-use and
     * unassigned code points. Those admit look-alike and invisible characters that no mailbox
     * provider hands out.
     */
    LETTERS_AND_DIGITS,
    /**
     * What the RFC 6531 grammar admits: any non-ASCII character except controls, format,
     * surrogate, private-use, unassigned and white-space code points.
     */
    RFC6531
  }

  /**
   * The default: what a sign-up form should accept. A dot-atom local part (Unicode letters and
   * digits allowed), a dotted domain name, RFC 5321 length limits. No quoted local parts, address
   * literals, comments, display names or obsolete forms: real mailbox providers do not issue them
   * and they are a common vector for injection and confusion.
   */
  public static final SyntaxPolicy PRACTICAL = new SyntaxPolicy(
      false, false, false, false, false, false, false, false, UnicodeMode.LETTERS_AND_DIGITS,
      true, true);

  /**
   * Everything an SMTP server must accept on the envelope (RFC 5321 section 4.1.2 with the
   * RFC 6531 extension): quoted local parts, address literals, dotless domains and numeric TLDs.
   * No comments, folding white space, display names or obsolete forms.
   */
  public static final SyntaxPolicy RFC5321 = new SyntaxPolicy(
      true, true, false, true, true, false, false, false, UnicodeMode.RFC6531, true, true);

  /**
   * The broad RFC 5322 addr-spec including comments, folding white space, obsolete syntax and the
   * name-addr form, with RFC 5321 length limits. This is JMail's policy, with its rejection of
   * Unicode punctuation and symbols in the local part, its tolerance of backslash escapes, and
   * UTS #46 domains without the IDNA2008 letter-digit restriction (emoji domains).
   */
  public static final SyntaxPolicy RFC5322_LENIENT = new SyntaxPolicy(
      true, true, true, true, false, true, true, true, UnicodeMode.LETTERS_AND_DIGITS, false, true);

  /** Returns a copy with {@link #quotedLocalPart()} set. */
  public SyntaxPolicy withQuotedLocalPart(boolean value) {
    return new SyntaxPolicy(value, domainLiteral, comments, dotlessDomain, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #domainLiteral()} set. */
  public SyntaxPolicy withDomainLiteral(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, value, comments, dotlessDomain, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #comments()} set. */
  public SyntaxPolicy withComments(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, value, dotlessDomain, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #dotlessDomain()} set. */
  public SyntaxPolicy withDotlessDomain(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, value, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #numericTld()} set. */
  public SyntaxPolicy withNumericTld(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, dotlessDomain, value,
        obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #obsoleteSyntax()} set. */
  public SyntaxPolicy withObsoleteSyntax(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, dotlessDomain, numericTld,
        value, backslashOutsideQuotes, displayName, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #backslashOutsideQuotes()} set. */
  public SyntaxPolicy withBackslashOutsideQuotes(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, dotlessDomain, numericTld,
        obsoleteSyntax, value, displayName, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #displayName()} set. */
  public SyntaxPolicy withDisplayName(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, dotlessDomain, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, value, unicode, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #unicode()} set. */
  public SyntaxPolicy withUnicode(UnicodeMode value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, dotlessDomain, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, displayName, value, strictIdna, lengthLimits);
  }

  /** Returns a copy with {@link #strictIdna()} set. */
  public SyntaxPolicy withStrictIdna(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, dotlessDomain, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, value, lengthLimits);
  }

  /** Returns a copy with {@link #lengthLimits()} set. */
  public SyntaxPolicy withLengthLimits(boolean value) {
    return new SyntaxPolicy(quotedLocalPart, domainLiteral, comments, dotlessDomain, numericTld,
        obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, strictIdna, value);
  }

  /** Checks the record components. */
  public SyntaxPolicy {
    if (unicode == null) {
      throw new NullPointerException("unicode");
    }
  }
}
