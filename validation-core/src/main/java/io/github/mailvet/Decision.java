package io.github.mailvet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a {@link Profile} says to do with an address. */
public enum Decision {
  /** Take the address. */
  ACCEPT,
  /** Take it, but flag it for a human or a confirmation step. */
  REVIEW,
  /** Refuse it. */
  REJECT;

  /** The JSON name, lower case. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
