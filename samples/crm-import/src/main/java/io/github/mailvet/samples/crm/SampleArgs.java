package io.github.mailvet.samples.crm;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Command line reading shared by the CRM samples (this one and {@code samples/crm-kafka}). */
public final class SampleArgs {

  private SampleArgs() {
  }

  /**
   * Takes {@code name VALUE} out of {@code args} and returns the value, or {@code fallback} when
   * the option is not there.
   *
   * @throws IllegalArgumentException when the option is last, without its value
   */
  public static String option(List<String> args, String name, String fallback) {
    String v = optional(args, name);
    return v != null ? v : fallback;
  }

  /**
   * Takes {@code name VALUE} out of {@code args} and returns the value, or null when the option
   * is not there.
   *
   * @throws IllegalArgumentException when the option is last, without its value
   */
  public static @Nullable String optional(List<String> args, String name) {
    int i = args.indexOf(name);
    if (i < 0) {
      return null;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String v = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return v;
  }
}
