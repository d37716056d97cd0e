package io.github.mailvet.camel;

import org.apache.camel.spi.Metadata;

/** The headers the {@code mailvet} component sets (and reads). */
public final class MailvetConstants {

  @Metadata(description = "The status: valid, invalid, risky, disposable or unknown.",
      javaType = "String")
  public static final String STATUS = "CamelMailvetStatus";
  @Metadata(description = "The score, 0..1.", javaType = "Double")
  public static final String SCORE = "CamelMailvetScore";
  @Metadata(description = "Why: accepted_email, invalid_syntax, no_domain, disposable_provider,"
      + " likely_typo, ...", javaType = "String")
  public static final String REASON = "CamelMailvetReason";
  @Metadata(description = "A suggested correction for a likely typo, if any.",
      javaType = "String")
  public static final String SUGGESTION = "CamelMailvetSuggestion";
  @Metadata(description = "accept, review or reject: the profile's decision, or the default"
      + " mapping of the status when no profile is set.", javaType = "String")
  public static final String DECISION = "CamelMailvetDecision";
  @Metadata(description = "The profile rule that decided.", javaType = "String")
  public static final String RULE = "CamelMailvetRule";
  @Metadata(description = "The normalized address (lower-case domain, IDN in Unicode).",
      javaType = "String")
  public static final String NORMALIZED_EMAIL = "CamelMailvetNormalizedEmail";
  @Metadata(description = "Who answered: local or the hosted provider's id.",
      javaType = "String")
  public static final String SOURCE = "CamelMailvetSource";
  @Metadata(description = "Whether the answer came from the hosted answer cache.",
      javaType = "Boolean")
  public static final String FROM_CACHE = "CamelMailvetFromCache";
  @Metadata(description = "The address as read from the exchange.", javaType = "String")
  public static final String EMAIL = "CamelMailvetEmail";
  @Metadata(description = "The whole result.",
      javaType = "io.github.mailvet.VerificationResult")
  public static final String RESULT = "CamelMailvetResult";

  private MailvetConstants() {
  }
}
