package io.github.mailvet;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One named rule of a {@link Profile}: when it applies to a result, it gives the decision.
 *
 * <pre>{@code
 * Rule noCompetitors = Rule.of("no-competitors",
 *     r -> r.normalizedEmail() != null && r.normalizedEmail().endsWith("@rival.example"),
 *     Decision.REJECT);
 * }</pre>
 */
public interface Rule {

  /** The rule's name, reported in the result's {@code rule} field. */
  String name();

  /** The decision when this rule applies to the result, else empty. */
  Optional<Decision> apply(VerificationResult result);

  /** A rule that gives {@code decision} whenever {@code when} holds. */
  static Rule of(String name, Predicate<VerificationResult> when, Decision decision) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(decision, "decision");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a rule needs a name");
    }
    return new Rule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<Decision> apply(VerificationResult result) {
        return when.test(result) ? Optional.of(decision) : Optional.empty();
      }

      @Override
      public String toString() {
        return "Rule[" + name + " -> " + decision.wireName() + "]";
      }
    };
  }
}
