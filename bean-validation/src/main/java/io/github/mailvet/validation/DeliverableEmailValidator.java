package io.github.mailvet.validation;

import io.github.mailvet.Decision;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.ValidationException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Validates {@link DeliverableEmail}: verifies with the engine within the time budget, then
 * applies the profile or the annotation's switches. Thread-safe; holds only the annotation.
 */
public final class DeliverableEmailValidator
    implements ConstraintValidator<DeliverableEmail, CharSequence> {

  private static final String KEY = "{io.github.mailvet.validation.DeliverableEmail.";

  private DeliverableEmail constraint;

  @Override
  public void initialize(DeliverableEmail annotation) {
    if (annotation.timeoutMillis() < 1) {
      throw new ValidationException("@DeliverableEmail timeoutMillis must be positive: "
          + annotation.timeoutMillis());
    }
    if (annotation.minScore() > 1) {
      throw new ValidationException("@DeliverableEmail minScore must be at most 1: "
          + annotation.minScore());
    }
    this.constraint = annotation;
  }

  @Override
  public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
    if (value == null) {
      return true;
    }
    MailvetValidation mv = validation(context);
    Profile profile = null;
    if (!constraint.profile().isEmpty()) {
      profile = mv.profile(constraint.profile()).orElseThrow(() -> new ValidationException(
          "@DeliverableEmail(profile = \"" + constraint.profile() + "\"): no such profile"));
    }
    VerificationResult r = verify(mv.engine(), value.toString(), profile);
    String why = violation(r, profile);
    if (why == null) {
      return true;
    }
    String template = constraint.message().equals(DeliverableEmail.DEFAULT_MESSAGE)
        ? KEY + why + "}" : constraint.message();
    if (context instanceof HibernateConstraintValidatorContext
        || isHibernate(context)) {
      HibernateConstraintValidatorContext h =
          context.unwrap(HibernateConstraintValidatorContext.class);
      h.disableDefaultConstraintViolation();
      h.addMessageParameter("suggestion", r == null || r.suggestion() == null ? ""
              : r.suggestion())
          .addMessageParameter("reason", r == null ? "timeout" : r.reason().wireName())
          .addMessageParameter("status", r == null ? "unknown" : r.status().wireName());
      if (r != null) {
        h.withDynamicPayload(r);
      }
      h.buildConstraintViolationWithTemplate(template).addConstraintViolation();
    } else {
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(template).addConstraintViolation();
    }
    return false;
  }

  private static boolean isHibernate(ConstraintValidatorContext context) {
    try {
      context.unwrap(HibernateConstraintValidatorContext.class);
      return true;
    } catch (ValidationException e) {
      return false;
    }
  }

  private static MailvetValidation validation(ConstraintValidatorContext context) {
    if (isHibernate(context)) {
      HibernateConstraintValidatorContext h =
          context.unwrap(HibernateConstraintValidatorContext.class);
      MailvetValidation mv = h.getConstraintValidatorPayload(MailvetValidation.class);
      if (mv != null) {
        return mv;
      }
      Mailvet engine = h.getConstraintValidatorPayload(Mailvet.class);
      if (engine != null) {
        return MailvetValidation.of(engine);
      }
    }
    return MailvetValidation.current();
  }

  private VerificationResult verify(Mailvet engine, String email, @Nullable Profile profile) {
    CompletableFuture<VerificationResult> f = engine.verifyAsync(email, profile,
        constraint.checkSmtp());
    try {
      return f.get(constraint.timeoutMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null; // the budget is used up: unknown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      return null; // the engine never fails its futures; treated as unknown all the same
    }
  }

  /** The message key suffix of the violation, or null when the address passes. */
  private @Nullable String violation(@Nullable VerificationResult r, @Nullable Profile profile) {
    if (r == null) {
      return constraint.onUnknown() == DeliverableEmail.OnUnknown.REJECT ? "unknown" : null;
    }
    if (r.status() == Status.UNKNOWN) {
      return constraint.onUnknown() == DeliverableEmail.OnUnknown.REJECT ? "unknown" : null;
    }
    if (r.status() == Status.INVALID) {
      return reasonKey(r);
    }
    if (constraint.minScore() >= 0 && r.score() < constraint.minScore()) {
      return "low_score";
    }
    if (profile != null) {
      Decision d = r.decision();
      if (d == Decision.REJECT) {
        return ruleKey(r);
      }
      if (d == Decision.REVIEW && r.suggestion() != null) {
        return "likely_typo";
      }
      return null;
    }
    if (r.status() == Status.DISPOSABLE && !constraint.allowDisposable()) {
      return "disposable";
    }
    if (Boolean.TRUE.equals(r.checks().roleBased()) && !constraint.allowRoleBased()) {
      return "role_based";
    }
    if (Boolean.TRUE.equals(r.checks().freeProvider()) && !constraint.allowFree()) {
      return "free_provider";
    }
    if (r.suggestion() != null && Boolean.TRUE.equals(r.checks().typo())) {
      return "likely_typo";
    }
    return null;
  }

  private static String ruleKey(VerificationResult r) {
    String rule = r.rule() == null ? "" : r.rule().toLowerCase(Locale.ROOT);
    if (rule.contains("free")) {
      return "free_provider";
    }
    if (rule.contains("role")) {
      return "role_based";
    }
    if (rule.contains("disposable") || r.status() == Status.DISPOSABLE) {
      return "disposable";
    }
    if (rule.contains("score")) {
      return "low_score";
    }
    if (rule.contains("deny")) {
      return "denied";
    }
    if (rule.contains("typo")) {
      return "likely_typo";
    }
    return reasonKey(r);
  }

  private static String reasonKey(VerificationResult r) {
    return switch (r.reason()) {
      case INVALID_SYNTAX -> "invalid_syntax";
      case NO_DOMAIN -> r.suggestion() != null ? "likely_typo" : "no_domain";
      case NO_MX_RECORD, NULL_MX -> "no_mail";
      case RESERVED_DOMAIN -> "reserved_domain";
      case ADDRESS_LITERAL -> "address_literal";
      case MAILBOX_NOT_FOUND -> "mailbox_not_found";
      case MAILBOX_FULL -> "mailbox_full";
      case DISPOSABLE_PROVIDER -> "disposable";
      case ROLE_BASED -> "role_based";
      case LIKELY_TYPO -> "likely_typo";
      case TEMPORARILY_UNAVAILABLE, DNS_ERROR, SENDER_REJECTED, PROVIDER_ERROR -> "unknown";
      case CATCH_ALL, ACCEPTED_EMAIL -> "message";
    };
  }
}
