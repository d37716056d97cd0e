package io.github.mailvet.validation;

import io.github.mailvet.VerificationResult;
import jakarta.validation.ConstraintViolation;
import java.util.Optional;
import org.hibernate.validator.engine.HibernateConstraintViolation;

/**
 * Reads the verification behind a {@link DeliverableEmail} violation (its dynamic payload).
 *
 * <pre>{@code
 * for (ConstraintViolation<SignupForm> v : validator.validate(form)) {
 *   DeliverableEmailViolations.suggestion(v).ifPresent(s -> model.put("didYouMean", s));
 * }
 * }</pre>
 */
public final class DeliverableEmailViolations {

  private DeliverableEmailViolations() {
  }

  /** The result, when the violation is a {@code @DeliverableEmail} one from Hibernate Validator. */
  public static Optional<VerificationResult> result(ConstraintViolation<?> violation) {
    try {
      HibernateConstraintViolation<?> h = violation.unwrap(HibernateConstraintViolation.class);
      return Optional.ofNullable(h.getDynamicPayload(VerificationResult.class));
    } catch (RuntimeException notHibernate) {
      return Optional.empty();
    }
  }

  /** The suggested correction ("ada@gmail.com" for "ada@gmial.com"), if any. */
  public static Optional<String> suggestion(ConstraintViolation<?> violation) {
    return result(violation).map(VerificationResult::suggestion);
  }
}
