package io.github.mailvet.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders (not API). */
public final class Args {

  private Args() {
  }

  /** The duration, if positive; else an IllegalArgumentException naming the setting. */
  public static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }
}
