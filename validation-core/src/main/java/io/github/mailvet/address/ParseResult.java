package io.github.mailvet.address;

/**
 * The outcome of {@link AddressParser#parse(String)}: either an {@link EmailAddress} or a
 * {@link ParseFailure}. Never an exception, whatever the input.
 */
public sealed interface ParseResult permits EmailAddress, ParseFailure {

  /** Whether the input is an address under the parser's policy. */
  boolean isValid();
}
