package io.github.mailvet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.mailvet.internal.Json;
import io.github.mailvet.knowledge.MailboxKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer for one address, the same shape whether mailvet decided locally or a hosted
 * provider did. Its JSON form ({@link #toJson()}) uses the snake_case names of DESIGN.md.
 *
 * @param email           the input as given (shortened when it is absurdly long)
 * @param normalizedEmail the lower-cased, trimmed canonical form (Unicode NFC) to store and
 *                        dedupe on, or {@code null} when the input is not an address; see also
 *                        {@link #dedupeKey()}
 * @param status          the verdict
 * @param valid           {@code true} only when the status is {@link Status#VALID} (as the
 *                        APIddress contract says); the constructor derives it from the status
 * @param score           0 (certainly undeliverable) to 1 (certainly deliverable)
 * @param reason          the main reason for the status
 * @param suggestion      a corrected address when the domain looks mistyped, else {@code null}
 * @param checks          each check's outcome, {@code null} where it did not run
 * @param provider        the mailbox provider (e.g. {@code google.com}) when known
 * @param mxRecords       the domain's mail exchangers in preference order (empty when not
 *                        resolved)
 * @param source          {@code local} or the hosted provider's id
 * @param fromCache       whether the answer came from a cache
 * @param verifiedAt      when the answer was produced
 * @param durationMs      how long it took
 * @param evidence        every signal that moved the score, in pipeline order
 * @param decision        the profile's decision, when a profile was applied
 * @param rule            the name of the profile rule that decided
 */
@JsonIgnoreProperties(value = "dedupe_key", allowGetters = true)
@JsonPropertyOrder({"email", "normalized_email", "dedupe_key"})
public record VerificationResult(
    String email,
    @Nullable String normalizedEmail,
    Status status,
    boolean valid,
    double score,
    Reason reason,
    @Nullable String suggestion,
    Checks checks,
    @Nullable String provider,
    List<String> mxRecords,
    String source,
    boolean fromCache,
    Instant verifiedAt,
    long durationMs,
    List<Evidence> evidence,
    @Nullable Decision decision,
    @Nullable String rule) {

  /** Checks required components and copies the lists. */
  public VerificationResult {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(checks, "checks");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    mxRecords = List.copyOf(mxRecords);
    evidence = List.copyOf(evidence);
    valid = status == Status.VALID;
    if (score < 0 || score > 1 || Double.isNaN(score)) {
      throw new IllegalArgumentException("score must be within 0..1: " + score);
    }
  }

  /** A copy carrying a profile's decision and the rule that made it. */
  public VerificationResult withDecision(Decision decision, String rule) {
    return toBuilder().decision(Objects.requireNonNull(decision, "decision"),
        Objects.requireNonNull(rule, "rule")).build();
  }

  /**
   * A builder for a result: status, reason, checks and source are required, the rest has an
   * empty default (no suggestion, no MX records, no evidence, score 0, now).
   *
   * <pre>{@code
   * VerificationResult r = VerificationResult.builder("ada@example.org", Status.UNKNOWN,
   *         Reason.TEMPORARILY_UNAVAILABLE, Checks.NONE, "local")
   *     .score(0.5).evidence(List.of(Evidence.of("camel", "time_budget", "no answer", 0)))
   *     .build();
   * }</pre>
   */
  public static Builder builder(String email, Status status, Reason reason, Checks checks,
      String source) {
    return new Builder(email, status, reason, checks, source);
  }

  /** A builder holding this result's values, to copy it with some of them changed. */
  public Builder toBuilder() {
    return new Builder(email, status, reason, checks, source).normalizedEmail(normalizedEmail)
        .score(score).suggestion(suggestion).provider(provider).mxRecords(mxRecords)
        .fromCache(fromCache).verifiedAt(verifiedAt).durationMs(durationMs).evidence(evidence)
        .decision(decision, rule);
  }

  /** Builds a {@link VerificationResult}; {@code valid} follows from the status. */
  public static final class Builder {
    private String email;
    private @Nullable String normalizedEmail;
    private Status status;
    private double score;
    private Reason reason;
    private @Nullable String suggestion;
    private Checks checks;
    private @Nullable String provider;
    private List<String> mxRecords = List.of();
    private String source;
    private boolean fromCache;
    private Instant verifiedAt = Instant.now();
    private long durationMs;
    private List<Evidence> evidence = List.of();
    private @Nullable Decision decision;
    private @Nullable String rule;

    private Builder(String email, Status status, Reason reason, Checks checks, String source) {
      this.email = email;
      this.status = status;
      this.reason = reason;
      this.checks = checks;
      this.source = source;
    }

    /** The input as given. */
    public Builder email(String value) {
      this.email = value;
      return this;
    }

    /** The canonical form, or null when the input is not an address. */
    public Builder normalizedEmail(@Nullable String value) {
      this.normalizedEmail = value;
      return this;
    }

    /** The verdict and its main reason. */
    public Builder status(Status value, Reason why) {
      this.status = value;
      this.reason = why;
      return this;
    }

    /** The main reason. */
    public Builder reason(Reason value) {
      this.reason = value;
      return this;
    }

    /** 0..1. */
    public Builder score(double value) {
      this.score = value;
      return this;
    }

    /** A corrected address, or null. */
    public Builder suggestion(@Nullable String value) {
      this.suggestion = value;
      return this;
    }

    /** Each check's outcome. */
    public Builder checks(Checks value) {
      this.checks = value;
      return this;
    }

    /** The mailbox provider, or null. */
    public Builder provider(@Nullable String value) {
      this.provider = value;
      return this;
    }

    /** The mail exchangers in preference order. */
    public Builder mxRecords(List<String> value) {
      this.mxRecords = value;
      return this;
    }

    /** {@code local} or a hosted provider's id. */
    public Builder source(String value) {
      this.source = value;
      return this;
    }

    /** Whether the answer came from a cache. */
    public Builder fromCache(boolean value) {
      this.fromCache = value;
      return this;
    }

    /** When the answer was produced. */
    public Builder verifiedAt(Instant value) {
      this.verifiedAt = value;
      return this;
    }

    /** How long it took. */
    public Builder durationMs(long value) {
      this.durationMs = value;
      return this;
    }

    /** Every signal that moved the score, in pipeline order. */
    public Builder evidence(List<Evidence> value) {
      this.evidence = value;
      return this;
    }

    /** A profile's decision and its rule (both null: none). */
    public Builder decision(@Nullable Decision value, @Nullable String ruleName) {
      this.decision = value;
      this.rule = ruleName;
      return this;
    }

    /** The result; checks every value as the record's constructor does. */
    public VerificationResult build() {
      return new VerificationResult(email, normalizedEmail, status, status == Status.VALID, score,
          reason, suggestion, checks, provider, mxRecords, source, fromCache, verifiedAt,
          durationMs, evidence, decision, rule);
    }
  }

  /**
   * The mailbox this address delivers to, for abuse checks such as one trial per person: the
   * normalized address with what its provider documents as ignored taken out (Gmail: dots and
   * {@code +tags}, googlemail.com is gmail.com; see {@link MailboxKey} for every provider listed).
   * {@code null} when the input is not an address. In JSON: {@code dedupe_key}.
   */
  @JsonProperty("dedupe_key")
  public @Nullable String dedupeKey() {
    return MailboxKey.of(normalizedEmail);
  }

  /** The result as one line of JSON with DESIGN.md's snake_case field names. */
  public String toJson() {
    return ResultJson.write(this);
  }

  /** Reads a result back from {@link #toJson()}'s form. */
  public static VerificationResult fromJson(String json) {
    return Json.read(json, VerificationResult.class);
  }
}
