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
 * SyntaxPolicy custom = SyntaxPolicy.RFC5321.toBuilder().dotlessDomain(false).build();
 * }</pre>
 *
 * <p>Instances are immutable; start from a preset and change it with a wither or
 * {@link #toBuilder()}.
 */
public final class SyntaxPolicy {

  private final boolean quotedLocalPart;
  private final boolean domainLiteral;
  private final boolean comments;
  private final boolean dotlessDomain;
  private final boolean numericTld;
  private final boolean obsoleteSyntax;
  private final boolean backslashOutsideQuotes;
  private final boolean displayName;
  private final UnicodeMode unicode;
  private final boolean strictIdna;
  private final boolean lengthLimits;

  /**
   * How non-ASCII characters in the local part are treated. Domains always go through UTS #46.
   */
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
  public static final SyntaxPolicy PRACTICAL = new Builder().build();

  /**
   * Everything an SMTP server must accept on the envelope (RFC 5321 section 4.1.2 with the
   * RFC 6531 extension): quoted local parts, address literals, dotless domains and numeric TLDs.
   * No comments, folding white space, display names or obsolete forms.
   */
  public static final SyntaxPolicy RFC5321 = new Builder().quotedLocalPart(true)
      .domainLiteral(true).dotlessDomain(true).numericTld(true).unicode(UnicodeMode.RFC6531)
      .build();

  /**
   * The broad RFC 5322 addr-spec including comments, folding white space, obsolete syntax and the
   * name-addr form, with RFC 5321 length limits. This is JMail's policy, with its rejection of
   * Unicode punctuation and symbols in the local part, its tolerance of backslash escapes, and
   * UTS #46 domains without the IDNA2008 letter-digit restriction (emoji domains).
   */
  public static final SyntaxPolicy RFC5322_LENIENT = new Builder().quotedLocalPart(true)
      .domainLiteral(true).comments(true).dotlessDomain(true).obsoleteSyntax(true)
      .backslashOutsideQuotes(true).displayName(true).strictIdna(false).build();

  private SyntaxPolicy(Builder b) {
    this.quotedLocalPart = b.quotedLocalPart;
    this.domainLiteral = b.domainLiteral;
    this.comments = b.comments;
    this.dotlessDomain = b.dotlessDomain;
    this.numericTld = b.numericTld;
    this.obsoleteSyntax = b.obsoleteSyntax;
    this.backslashOutsideQuotes = b.backslashOutsideQuotes;
    this.displayName = b.displayName;
    this.unicode = b.unicode;
    this.strictIdna = b.strictIdna;
    this.lengthLimits = b.lengthLimits;
  }

  /** A builder starting from {@link #PRACTICAL}. */
  public static Builder builder() {
    return PRACTICAL.toBuilder();
  }

  /** A builder holding this policy's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.quotedLocalPart = quotedLocalPart;
    b.domainLiteral = domainLiteral;
    b.comments = comments;
    b.dotlessDomain = dotlessDomain;
    b.numericTld = numericTld;
    b.obsoleteSyntax = obsoleteSyntax;
    b.backslashOutsideQuotes = backslashOutsideQuotes;
    b.displayName = displayName;
    b.unicode = unicode;
    b.strictIdna = strictIdna;
    b.lengthLimits = lengthLimits;
    return b;
  }

  /**
   * Accept a quoted local part ({@code "john doe"@example.com}), RFC 5321 Quoted-string.
   */
  public boolean quotedLocalPart() {
    return quotedLocalPart;
  }

  /**
   * Accept address literals ({@code user@[192.0.2.1]}, {@code user@[IPv6:2001:db8::1]}), RFC 5321
   * section 4.1.3.
   */
  public boolean domainLiteral() {
    return domainLiteral;
  }

  /**
   * Accept comments and folding white space (CFWS) where RFC 5322 allows them; such addresses are
   * valid in a message header but cannot be used on the SMTP envelope as written.
   */
  public boolean comments() {
    return comments;
  }

  /** Accept a domain without a dot ({@code admin@localhost}). */
  public boolean dotlessDomain() {
    return dotlessDomain;
  }

  /** Accept a top-level label made only of digits ({@code a@1.2.3.4444}). */
  public boolean numericTld() {
    return numericTld;
  }

  /**
   * Accept RFC 5322 section 4.4 obsolete forms: a local part that mixes atoms and quoted strings
   * ({@code "first".last}), CFWS around dots, and quoted pairs of control characters.
   */
  public boolean obsoleteSyntax() {
    return obsoleteSyntax;
  }

  /**
   * Accept a backslash escape in an unquoted local part ({@code Abc\@def@example.com}); RFC 3696
   * erratum 246 withdrew this form, but some validators still accept it.
   */
  public boolean backslashOutsideQuotes() {
    return backslashOutsideQuotes;
  }

  /** Accept the name-addr form {@code Ada Lovelace <ada@example.com>}. */
  public boolean displayName() {
    return displayName;
  }

  /** How non-ASCII characters (RFC 6531 SMTPUTF8) are treated. */
  public UnicodeMode unicode() {
    return unicode;
  }

  /**
   * Beyond UTS #46 processing, require every non-ASCII code point of the domain to be PVALID or
   * CONTEXTO under IDNA2008 (RFC 5892): letters, marks and digits. UTS #46 alone admits symbols
   * such as emoji and currency signs, which IDNA2008 registries refuse.
   */
  public boolean strictIdna() {
    return strictIdna;
  }

  /**
   * Enforce RFC 5321 section 4.5.3.1 limits: 64 octets for the local part, 254 for the address,
   * 63 per domain label, 253 for the domain.
   */
  public boolean lengthLimits() {
    return lengthLimits;
  }

  /** Returns a copy with {@link #quotedLocalPart()} set. */
  public SyntaxPolicy withQuotedLocalPart(boolean value) {
    return toBuilder().quotedLocalPart(value).build();
  }

  /** Returns a copy with {@link #domainLiteral()} set. */
  public SyntaxPolicy withDomainLiteral(boolean value) {
    return toBuilder().domainLiteral(value).build();
  }

  /** Returns a copy with {@link #comments()} set. */
  public SyntaxPolicy withComments(boolean value) {
    return toBuilder().comments(value).build();
  }

  /** Returns a copy with {@link #dotlessDomain()} set. */
  public SyntaxPolicy withDotlessDomain(boolean value) {
    return toBuilder().dotlessDomain(value).build();
  }

  /** Returns a copy with {@link #numericTld()} set. */
  public SyntaxPolicy withNumericTld(boolean value) {
    return toBuilder().numericTld(value).build();
  }

  /** Returns a copy with {@link #obsoleteSyntax()} set. */
  public SyntaxPolicy withObsoleteSyntax(boolean value) {
    return toBuilder().obsoleteSyntax(value).build();
  }

  /** Returns a copy with {@link #backslashOutsideQuotes()} set. */
  public SyntaxPolicy withBackslashOutsideQuotes(boolean value) {
    return toBuilder().backslashOutsideQuotes(value).build();
  }

  /** Returns a copy with {@link #displayName()} set. */
  public SyntaxPolicy withDisplayName(boolean value) {
    return toBuilder().displayName(value).build();
  }

  /** Returns a copy with {@link #unicode()} set. */
  public SyntaxPolicy withUnicode(UnicodeMode value) {
    return toBuilder().unicode(value).build();
  }

  /** Returns a copy with {@link #strictIdna()} set. */
  public SyntaxPolicy withStrictIdna(boolean value) {
    return toBuilder().strictIdna(value).build();
  }

  /** Returns a copy with {@link #lengthLimits()} set. */
  public SyntaxPolicy withLengthLimits(boolean value) {
    return toBuilder().lengthLimits(value).build();
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof SyntaxPolicy p
        && quotedLocalPart == p.quotedLocalPart
        && domainLiteral == p.domainLiteral
        && comments == p.comments
        && dotlessDomain == p.dotlessDomain
        && numericTld == p.numericTld
        && obsoleteSyntax == p.obsoleteSyntax
        && backslashOutsideQuotes == p.backslashOutsideQuotes
        && displayName == p.displayName
        && unicode == p.unicode
        && strictIdna == p.strictIdna
        && lengthLimits == p.lengthLimits;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(quotedLocalPart, domainLiteral, comments, dotlessDomain,
        numericTld, obsoleteSyntax, backslashOutsideQuotes, displayName, unicode, strictIdna,
        lengthLimits);
  }

  @Override
  public String toString() {
    return "SyntaxPolicy[quotedLocalPart=" + quotedLocalPart + ", domainLiteral=" + domainLiteral
        + ", comments=" + comments + ", dotlessDomain=" + dotlessDomain + ", numericTld="
        + numericTld + ", obsoleteSyntax=" + obsoleteSyntax + ", backslashOutsideQuotes="
        + backslashOutsideQuotes + ", displayName=" + displayName + ", unicode=" + unicode
        + ", strictIdna=" + strictIdna + ", lengthLimits=" + lengthLimits + "]";
  }

  /**
   * Settings for a {@link SyntaxPolicy}; every setting starts as in {@link #PRACTICAL}.
   */
  public static final class Builder {
    private boolean quotedLocalPart;
    private boolean domainLiteral;
    private boolean comments;
    private boolean dotlessDomain;
    private boolean numericTld;
    private boolean obsoleteSyntax;
    private boolean backslashOutsideQuotes;
    private boolean displayName;
    private UnicodeMode unicode = UnicodeMode.LETTERS_AND_DIGITS;
    private boolean strictIdna = true;
    private boolean lengthLimits = true;

    private Builder() {
    }

    /** See {@link SyntaxPolicy#quotedLocalPart()}. */
    public Builder quotedLocalPart(boolean value) {
      this.quotedLocalPart = value;
      return this;
    }

    /** See {@link SyntaxPolicy#domainLiteral()}. */
    public Builder domainLiteral(boolean value) {
      this.domainLiteral = value;
      return this;
    }

    /** See {@link SyntaxPolicy#comments()}. */
    public Builder comments(boolean value) {
      this.comments = value;
      return this;
    }

    /** See {@link SyntaxPolicy#dotlessDomain()}. */
    public Builder dotlessDomain(boolean value) {
      this.dotlessDomain = value;
      return this;
    }

    /** See {@link SyntaxPolicy#numericTld()}. */
    public Builder numericTld(boolean value) {
      this.numericTld = value;
      return this;
    }

    /** See {@link SyntaxPolicy#obsoleteSyntax()}. */
    public Builder obsoleteSyntax(boolean value) {
      this.obsoleteSyntax = value;
      return this;
    }

    /** See {@link SyntaxPolicy#backslashOutsideQuotes()}. */
    public Builder backslashOutsideQuotes(boolean value) {
      this.backslashOutsideQuotes = value;
      return this;
    }

    /** See {@link SyntaxPolicy#displayName()}. */
    public Builder displayName(boolean value) {
      this.displayName = value;
      return this;
    }

    /** See {@link SyntaxPolicy#unicode()}. */
    public Builder unicode(UnicodeMode value) {
      this.unicode = java.util.Objects.requireNonNull(value, "unicode");
      return this;
    }

    /** See {@link SyntaxPolicy#strictIdna()}. */
    public Builder strictIdna(boolean value) {
      this.strictIdna = value;
      return this;
    }

    /** See {@link SyntaxPolicy#lengthLimits()}. */
    public Builder lengthLimits(boolean value) {
      this.lengthLimits = value;
      return this;
    }

    /** The policy. */
    public SyntaxPolicy build() {
      return new SyntaxPolicy(this);
    }
  }
}
