package io.github.mailvet.address;

import org.jspecify.annotations.Nullable;

/**
 * A syntactically valid address, as the parser understood it.

 *
 * <p>Only {@link AddressParser} creates one, so an {@code EmailAddress} in hand has always passed
 * the parser under some {@link SyntaxPolicy}.
 */
public final class EmailAddress implements ParseResult {

  private final String localPart;
  private final String domain;
  private final String asciiDomain;
  private final boolean quotedLocalPart;
  private final boolean domainLiteral;
  private final boolean smtpUtf8;
  private final @Nullable String displayName;

  EmailAddress(String localPart, String domain, String asciiDomain, boolean quotedLocalPart, boolean domainLiteral, boolean smtpUtf8, @Nullable String displayName) {
    this.localPart = java.util.Objects.requireNonNull(localPart, "localPart");
    this.domain = java.util.Objects.requireNonNull(domain, "domain");
    this.asciiDomain = java.util.Objects.requireNonNull(asciiDomain, "asciiDomain");
    this.quotedLocalPart = quotedLocalPart;
    this.domainLiteral = domainLiteral;
    this.smtpUtf8 = smtpUtf8;
    this.displayName = displayName;
  }

  /**
   * The local part as it goes on the SMTP envelope: comments and folding white space removed,
   * quotes kept, Unicode in NFC.
   */
  public String localPart() {
    return localPart;
  }

  /**
   * The domain in Unicode form, lower-cased (U-labels), or the address literal in brackets.
   */
  public String domain() {
    return domain;
  }

  /**
   * The domain in ASCII form (A-labels, {@code xn--...}), as used in DNS.
   */
  public String asciiDomain() {
    return asciiDomain;
  }

  /**
   * Whether the local part is (or contains) a quoted string.
   */
  public boolean quotedLocalPart() {
    return quotedLocalPart;
  }

  /**
   * Whether the domain is an address literal such as {@code [192.0.2.1]}.
   */
  public boolean domainLiteral() {
    return domainLiteral;
  }

  /**
   * Whether delivering to this address needs the SMTPUTF8 extension (RFC 6531): the local part
   * contains non-ASCII characters.
   */
  public boolean smtpUtf8() {
    return smtpUtf8;
  }

  /**
   * The display name of a {@code Name <address>} input, or {@code null}.
   */
  public @Nullable String displayName() {
    return displayName;
  }

  @Override
  public boolean isValid() {
    return true;
  }

  /**
   * The normalized address: local part as written (NFC), domain lower-cased in Unicode form.
   * Mailbox local parts are case-sensitive in principle (RFC 5321 section 2.4), so the local part
   * keeps its case.
   */
  public String normalized() {
    return localPart + '@' + domain;
  }

  /** The address with an ASCII domain ({@code user@xn--bcher-kva.ch}). */
  public String asciiAddress() {
    return localPart + '@' + asciiDomain;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EmailAddress a && localPart.equals(a.localPart)
        && domain.equals(a.domain) && asciiDomain.equals(a.asciiDomain)
        && quotedLocalPart == a.quotedLocalPart && domainLiteral == a.domainLiteral
        && smtpUtf8 == a.smtpUtf8 && java.util.Objects.equals(displayName, a.displayName);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(localPart, domain, asciiDomain, quotedLocalPart, domainLiteral,
        smtpUtf8, displayName);
  }

  @Override
  public String toString() {
    return "EmailAddress[localPart=" + localPart + ", domain=" + domain + ", asciiDomain="
        + asciiDomain + ", quotedLocalPart=" + quotedLocalPart + ", domainLiteral="
        + domainLiteral + ", smtpUtf8=" + smtpUtf8 + ", displayName=" + displayName + "]";
  }
}
