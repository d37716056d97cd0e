package io.github.mailvet.address;

import org.jspecify.annotations.Nullable;

/**
 * A syntactically valid address, as the parser understood it.
 *
 * @param localPart       the local part as it goes on the SMTP envelope: comments and folding
 *                        white space removed, quotes kept, Unicode in NFC
 * @param domain          the domain in Unicode form, lower-cased (U-labels), or the address
 *                        literal in brackets
 * @param asciiDomain     the domain in ASCII form (A-labels, {@code xn--...}), as used in DNS
 * @param quotedLocalPart whether the local part is (or contains) a quoted string
 * @param domainLiteral   whether the domain is an address literal such as {@code [192.0.2.1]}
 * @param smtpUtf8        whether delivering to this address needs the SMTPUTF8 extension
 *                        (RFC 6531): the local part contains non-ASCII characters
 * @param displayName     the display name of a {@code Name <address>} input, or {@code null}
 */
public record EmailAddress(
    String localPart,
    String domain,
    String asciiDomain,
    boolean quotedLocalPart,
    boolean domainLiteral,
    boolean smtpUtf8,
    @Nullable String displayName) implements ParseResult {

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
}
