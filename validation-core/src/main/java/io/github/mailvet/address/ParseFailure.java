package io.github.mailvet.address;

/**
 * Why an input is not an address.
 *
 * @param error    the kind of failure
 * @param position the 0-based index into the input (in UTF-16 code units) where the scanner found
 *                 the problem, or {@code -1} when the failure is about the whole input (a length)
 * @param message  a one-line English explanation naming the position and the character
 */
public record ParseFailure(SyntaxError error, int position, String message) implements ParseResult {

  /** Checks the components. */
  public ParseFailure {
    if (error == null || message == null) {
      throw new NullPointerException("error and message are required");
    }
  }

  /**
   * The 1-based column of the problem, as the message says it ("at position 4" for
   * {@code position() == 3}), or {@code -1} when the failure is about the whole input.
   */
  public int column() {
    return position < 0 ? -1 : position + 1;
  }

  @Override
  public boolean isValid() {
    return false;
  }
}
