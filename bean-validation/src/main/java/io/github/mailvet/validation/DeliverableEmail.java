package io.github.mailvet.validation;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The annotated string must be an address mailvet would accept: well-formed, a domain that
 * receives mail, and, as configured, not disposable, role-based, free or a likely typo.
 * {@code null} is valid (pair with {@code @NotBlank}).
 *
 * <pre>{@code
 * record SignupForm(@NotBlank @DeliverableEmail(profile = "signup") String email) { }
 * record Invite(List<@DeliverableEmail String> emails) { }
 * }</pre>
 *
 * <p>The engine comes from, in order: the constraint validator payload of the
 * {@code ValidatorFactory} (a {@link MailvetValidation}, or a {@code Mailvet}; the Spring Boot
 * starter sets it to the application's engine bean), else
 * {@link MailvetValidation#register(MailvetValidation)}, else a default engine built with
 * {@code Mailvet.create()} (DNS on, SMTP off). The violation's message says why (disposable, no
 * such domain, likely typo with "Did you mean ...?"); the result is the violation's dynamic
 * payload ({@link DeliverableEmailViolations}).
 */
@Documented
@Constraint(validatedBy = DeliverableEmailValidator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
@Repeatable(DeliverableEmail.List.class)
public @interface DeliverableEmail {

  /** The default message key; reason-specific keys are used unless a message is given. */
  String DEFAULT_MESSAGE = "{io.github.mailvet.validation.DeliverableEmail.message}";

  /** The message; by default a reason-specific one. */
  String message() default DEFAULT_MESSAGE;

  /** Validation groups. */
  Class<?>[] groups() default {};

  /** Payload. */
  Class<? extends Payload>[] payload() default {};

  /**
   * A profile whose decision applies (built in: {@code signup}, {@code b2b},
   * {@code newsletter}, {@code default}; or one registered with {@link MailvetValidation}):
   * reject fails; review fails only when there is a suggestion to offer. Empty: the other
   * attributes alone decide.
   */
  String profile() default "";

  /** Whether to ask the mail server (SMTP) when the engine has SMTP on. */
  boolean checkSmtp() default false;

  /** Whether disposable addresses pass. */
  boolean allowDisposable() default false;

  /** Whether role addresses (info@, support@) pass. */
  boolean allowRoleBased() default true;

  /** Whether free providers (gmail.com) pass. */
  boolean allowFree() default true;

  /** The lowest score that passes, 0..1; negative: no minimum. */
  double minScore() default -1;

  /** What an {@code unknown} result (DNS down, time budget used up) means. */
  OnUnknown onUnknown() default OnUnknown.ACCEPT;

  /** The time budget in milliseconds; after it the result counts as unknown. */
  long timeoutMillis() default 3_000;

  /** What an undecidable address means. */
  enum OnUnknown {
    /** Fail open (the default): a network problem never blocks a signup. */
    ACCEPT,
    /** Fail closed. */
    REJECT
  }

  /** Several constraints on one element. */
  @Documented
  @Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
  @Retention(RUNTIME)
  @interface List {
    /** The constraints. */
    DeliverableEmail[] value();
  }
}
