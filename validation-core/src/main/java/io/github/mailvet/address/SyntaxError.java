package io.github.mailvet.address;

/** Why an input is not an e-mail address under the active {@link SyntaxPolicy}. */
public enum SyntaxError {
  /** The input is empty or blank. */
  EMPTY("the address is empty"),
  /** The input is far longer than any address can be, so it was not scanned. */
  INPUT_TOO_LONG("the input is too long to be an address"),
  /** There is no {@code @} separating local part and domain. */
  MISSING_AT("the address has no @"),
  /** More than one unquoted {@code @}. */
  MULTIPLE_AT("the address has more than one @"),
  /** Nothing before the {@code @}. */
  EMPTY_LOCAL_PART("the local part (before the @) is empty"),
  /** More than 64 octets before the {@code @} (RFC 5321 section 4.5.3.1.1). */
  LOCAL_PART_TOO_LONG("the local part is longer than 64 octets"),
  /** The address is longer than 254 octets (RFC 5321 section 4.5.3.1.3, RFC 3696 erratum 1690). */
  ADDRESS_TOO_LONG("the address is longer than 254 octets"),
  /** Nothing after the {@code @}. */
  EMPTY_DOMAIN("the domain (after the @) is empty"),
  /** The domain is longer than 253 octets in its ASCII form (RFC 1035 section 2.3.4). */
  DOMAIN_TOO_LONG("the domain is longer than 253 octets"),
  /** A character that is not allowed where it stands. */
  BAD_CHARACTER("a character is not allowed here"),
  /** Two dots in a row. */
  CONSECUTIVE_DOTS("two dots in a row"),
  /** A dot at the start of the local part or of the domain. */
  LEADING_DOT("a dot at the start"),
  /** A dot at the end of the local part or of the domain. */
  TRAILING_DOT("a dot at the end"),
  /** A domain label that is not a valid host name label (hyphen at either end, bad IDN). */
  BAD_LABEL("a domain label is not valid"),
  /** A domain label longer than 63 octets (RFC 1035 section 2.3.4). */
  LABEL_TOO_LONG("a domain label is longer than 63 octets"),
  /** A domain without a dot, such as {@code localhost}. */
  NO_TLD("the domain has no top-level domain"),
  /** A top-level label made only of digits. */
  NUMERIC_TLD("the top-level domain is numeric"),
  /** An address literal that is not a valid IPv4 or {@code IPv6:} literal (RFC 5321 4.1.3). */
  BAD_DOMAIN_LITERAL("the address literal is not a valid IPv4 or IPv6 address"),
  /** An address literal where the policy does not accept one. */
  DOMAIN_LITERAL_NOT_ALLOWED("address literals are not accepted"),
  /** A quoted local part where the policy does not accept one. */
  QUOTED_LOCAL_PART_NOT_ALLOWED("quoted local parts are not accepted"),
  /** A quoted string without its closing quote. */
  UNTERMINATED_QUOTED_STRING("a quoted string is not closed"),
  /** A comment or folding white space where the policy does not accept one. */
  COMMENT_NOT_ALLOWED("white space and comments are not allowed here"),
  /** A comment without its closing parenthesis, or a stray closing parenthesis. */
  UNBALANCED_COMMENT("a comment is not closed"),
  /** A construct only the obsolete RFC 5322 section 4.4 grammar allows. */
  OBSOLETE_SYNTAX("obsolete syntax is not accepted"),
  /** A backslash escape outside a quoted string. */
  BACKSLASH_NOT_ALLOWED("a backslash is not accepted outside quotes"),
  /** The {@code Name <address>} form where the policy does not accept it, or a malformed one. */
  DISPLAY_NAME_NOT_ALLOWED("display names are not accepted"),
  /** A CR or LF that is not part of folding white space. */
  BAD_LINE_BREAK("a line break that is not folding white space"),
  /** A non-ASCII character where the policy only accepts ASCII. */
  NON_ASCII_NOT_ALLOWED("non-ASCII characters are not accepted"),
  /**
   * An invisible character: zero-width space or joiner, soft hyphen, bidi control, variation
   * selector, any other format character (Unicode general category Cf) or default-ignorable code
   * point, in the local part or the domain. UTS #46 would silently remove some of them from a
   * domain, so {@code user@exa\u200Bmple.com} would pass for {@code user@example.com}: an address
   * a person cannot see is a spoofing vector, so every policy rejects it.
   */
  INVISIBLE_CHARACTER("an invisible character (zero-width, soft hyphen, bidi control)"),
  /** A non-ASCII character the policy refuses: control, private use, symbol, ... */
  UNSAFE_CHARACTER("a character that is invisible, unassigned or a look-alike symbol");

  private final String description;

  SyntaxError(String description) {
    this.description = description;
  }

  /** A short English description, used in messages and in the result's evidence. */
  public String description() {
    return description;
  }
}
