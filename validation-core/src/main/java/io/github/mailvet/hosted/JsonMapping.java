package io.github.mailvet.hosted;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a JSON-mapping adapter talks to a service: endpoint, authentication and where the answer's
 * fields are. Field paths are dotted ({@code result.score}); an empty path means the service has
 * no such field.
 *
 * <p>Two presets. {@link #validMail()}: ValidMail documents its endpoint, Bearer keys, test keys,
 * errors and rate-limit headers but not its answer, so the preset's answer fields
 * ({@code status}, {@code score} on 0..100, {@code is_disposable}, ...) are assumptions: check
 * them against a real answer and adjust with {@link #toBuilder()}. {@link #mailerio()}: Mailerio
 * names its fields (status valid / risky / invalid, a score where "below 60" is risky,
 * disposable, free, role) but no endpoint; <strong>the base URL and path must be
 * configured</strong>.
 *
 * <pre>{@code
 * JsonMapping m = JsonMapping.mailerio().toBuilder().path("/v1/verify").build();
 * HostedProvider p = Providers.builder("mailerio").apiKey(key)
 *     .baseUrl("https://api.mailerio.example").mapping(m).build();
 * }</pre>
 */
public final class JsonMapping {

  private final @Nullable String defaultBaseUrl;
  private final String path;
  private final boolean get;
  private final String emailParameter;
  private final String authHeader;
  private final String authPrefix;
  private final String statusField;
  private final String scoreField;
  private final double scoreScale;
  private final String reasonField;
  private final String suggestionField;
  private final String disposableField;
  private final String roleField;
  private final String freeField;
  private final String errorCodeField;
  private final String errorMessageField;
  private final @Nullable String testKeyPrefix;

  private JsonMapping(Builder b) {
    this.defaultBaseUrl = b.defaultBaseUrl;
    this.path = b.path;
    this.get = b.get;
    this.emailParameter = b.emailParameter;
    this.authHeader = b.authHeader;
    this.authPrefix = b.authPrefix;
    this.statusField = b.statusField;
    this.scoreField = b.scoreField;
    this.scoreScale = b.scoreScale;
    this.reasonField = b.reasonField;
    this.suggestionField = b.suggestionField;
    this.disposableField = b.disposableField;
    this.roleField = b.roleField;
    this.freeField = b.freeField;
    this.errorCodeField = b.errorCodeField;
    this.errorMessageField = b.errorMessageField;
    this.testKeyPrefix = b.testKeyPrefix;
  }

  /** ValidMail: {@code POST https://validmail.io/api/v1/verify}, Bearer, test keys {@code vm_test_}. */
  public static JsonMapping validMail() {
    return new Builder().defaultBaseUrl("https://validmail.io").path("/api/v1/verify")
        .testKeyPrefix("vm_test_").build();
  }

  /** Mailerio's fields; the base URL and {@link Builder#path(String)} must be configured. */
  public static JsonMapping mailerio() {
    return new Builder().path("").disposableField("disposable").roleField("role")
        .freeField("free").build();
  }

  /** A mapping from scratch: Bearer auth, {@code POST {"email": ...}}, common field names. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this mapping. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.defaultBaseUrl = defaultBaseUrl;
    b.path = path;
    b.get = get;
    b.emailParameter = emailParameter;
    b.authHeader = authHeader;
    b.authPrefix = authPrefix;
    b.statusField = statusField;
    b.scoreField = scoreField;
    b.scoreScale = scoreScale;
    b.reasonField = reasonField;
    b.suggestionField = suggestionField;
    b.disposableField = disposableField;
    b.roleField = roleField;
    b.freeField = freeField;
    b.errorCodeField = errorCodeField;
    b.errorMessageField = errorMessageField;
    b.testKeyPrefix = testKeyPrefix;
    return b;
  }

  @Nullable String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  String path() {
    return path;
  }

  boolean get() {
    return get;
  }

  String emailParameter() {
    return emailParameter;
  }

  String authHeader() {
    return authHeader;
  }

  String authPrefix() {
    return authPrefix;
  }

  String statusField() {
    return statusField;
  }

  String scoreField() {
    return scoreField;
  }

  double scoreScale() {
    return scoreScale;
  }

  String reasonField() {
    return reasonField;
  }

  String suggestionField() {
    return suggestionField;
  }

  String disposableField() {
    return disposableField;
  }

  String roleField() {
    return roleField;
  }

  String freeField() {
    return freeField;
  }

  String errorCodeField() {
    return errorCodeField;
  }

  String errorMessageField() {
    return errorMessageField;
  }

  @Nullable String testKeyPrefix() {
    return testKeyPrefix;
  }

  /** Builds a {@link JsonMapping}. */
  public static final class Builder {
    private @Nullable String defaultBaseUrl;
    private String path = "/";
    private boolean get;
    private String emailParameter = "email";
    private String authHeader = "Authorization";
    private String authPrefix = "Bearer ";
    private String statusField = "status";
    private String scoreField = "score";
    private double scoreScale = 100;
    private String reasonField = "reason";
    private String suggestionField = "suggestion";
    private String disposableField = "is_disposable";
    private String roleField = "is_role_based";
    private String freeField = "is_free";
    private String errorCodeField = "error.code";
    private String errorMessageField = "error.message";
    private @Nullable String testKeyPrefix;

    private Builder() {
    }

    /** The base URL used when the adapter is given none. */
    public Builder defaultBaseUrl(@Nullable String value) {
      this.defaultBaseUrl = value;
      return this;
    }

    /** The endpoint's path. */
    public Builder path(String value) {
      this.path = Objects.requireNonNull(value, "path");
      return this;
    }

    /** {@code GET ?email=} instead of {@code POST {"email": ...}}. */
    public Builder useGet(boolean value) {
      this.get = value;
      return this;
    }

    /** The name of the email parameter or body field (default {@code email}). */
    public Builder emailParameter(String value) {
      this.emailParameter = Objects.requireNonNull(value, "emailParameter");
      return this;
    }

    /** The header and the prefix before the key (default {@code Authorization: Bearer }). */
    public Builder auth(String header, String prefix) {
      this.authHeader = Objects.requireNonNull(header, "header");
      this.authPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The status field (values valid / invalid / risky / catch-all / disposable / unknown). */
    public Builder statusField(String value) {
      this.statusField = Objects.requireNonNull(value, "statusField");
      return this;
    }

    /** The score field and the value that means "certain" (1 or 100). */
    public Builder score(String field, double scale) {
      if (!(scale > 0)) {
        throw new IllegalArgumentException("scale must be positive: " + scale);
      }
      this.scoreField = Objects.requireNonNull(field, "field");
      this.scoreScale = scale;
      return this;
    }

    /** The reason field. */
    public Builder reasonField(String value) {
      this.reasonField = Objects.requireNonNull(value, "reasonField");
      return this;
    }

    /** The suggestion field. */
    public Builder suggestionField(String value) {
      this.suggestionField = Objects.requireNonNull(value, "suggestionField");
      return this;
    }

    /** The disposable flag. */
    public Builder disposableField(String value) {
      this.disposableField = Objects.requireNonNull(value, "disposableField");
      return this;
    }

    /** The role-address flag. */
    public Builder roleField(String value) {
      this.roleField = Objects.requireNonNull(value, "roleField");
      return this;
    }

    /** The free-provider flag. */
    public Builder freeField(String value) {
      this.freeField = Objects.requireNonNull(value, "freeField");
      return this;
    }

    /** Where an error body keeps its code and message (default {@code error.code}). */
    public Builder errorFields(String code, String message) {
      this.errorCodeField = Objects.requireNonNull(code, "code");
      this.errorMessageField = Objects.requireNonNull(message, "message");
      return this;
    }

    /** Keys with this prefix are test keys: answers cost no credits. */
    public Builder testKeyPrefix(@Nullable String value) {
      this.testKeyPrefix = value;
      return this;
    }

    /** The mapping. */
    public JsonMapping build() {
      return new JsonMapping(this);
    }
  }
}
