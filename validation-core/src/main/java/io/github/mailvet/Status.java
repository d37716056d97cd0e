package io.github.mailvet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The verdict on an address. Unknown is not invalid: the caller's policy decides. */
public enum Status {
  /** Deliverable as far as the checks that ran can tell. */
  VALID,
  /** Cannot receive mail: bad syntax, no such domain, no mail exchanger, no such mailbox. */
  INVALID,
  /** Probably receives mail, but with a risk: catch-all, role account, likely typo, full box. */
  RISKY,
  /** Belongs to a disposable (throw-away) address provider. */
  DISPOSABLE,
  /** Could not be decided: timeout, DNS failure, greylisting, provider outage. */
  UNKNOWN;

  /** The JSON name, lower case. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
