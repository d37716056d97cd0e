package io.github.mailvet;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One signal that a stage observed, and how much it moved the score.
 *
 * @param stage  the pipeline stage: {@code parse}, {@code classify}, {@code resolve},
 *               {@code probe}, {@code score}, {@code decide}
 * @param code   a stable machine-readable code, e.g. {@code disposable}, {@code bad_character},
 *               {@code dns_skipped}
 * @param message a human-readable sentence
 * @param weight how much this signal added to (or took from) the score; 0 for context
 * @param data   structured details: position, list entry, SMTP reply code, MX host, DNS rcode
 */
public record Evidence(String stage, String code, String message, double weight,
    Map<String, String> data) {

  /**
   * Copies the data map, sorted by key (so a result prints the same way in every run: the
   * iteration order of {@code Map.of} and {@code Map.copyOf} changes from one JVM to the next);
   * checks for nulls.
   */
  public Evidence {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(data, "data");
    if (!data.isEmpty()) {
      TreeMap<String, String> sorted = new TreeMap<>();
      data.forEach((k, v) -> sorted.put(Objects.requireNonNull(k, "data key"),
          Objects.requireNonNull(v, "data value")));
      data = Collections.unmodifiableSortedMap(sorted);
    } else {
      data = Map.of();
    }
    // weights are sums of a few decimal constants: print -0.15, not -0.15000000000000002
    weight = Math.round(weight * 1_000_000d) / 1_000_000d;
  }

  /** Evidence without structured details. */
  public static Evidence of(String stage, String code, String message, double weight) {
    return new Evidence(stage, code, message, weight, Map.of());
  }
}
