package io.github.mailvet.hosted;

import io.github.mailvet.VerificationResult;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider's answer for one address, mapped to mailvet's result.
 *
 * @param result     the answer in mailvet's shape, {@code source} = the provider's id, the raw
 *                   answer in its evidence
 * @param conclusive false when the service answered only part of the question (a disposable-only
 *                   service saying "not disposable"): the engine then asks the next provider or
 *                   the local pipeline and keeps this answer as evidence
 * @param credits    credits the request spent on this address
 * @param quota      the quota the response revealed (headers or body), if any
 */
public record HostedAnswer(VerificationResult result, boolean conclusive, int credits,
    @Nullable Quota quota) {

  /** Checks for nulls and a negative credit count. */
  public HostedAnswer {
    Objects.requireNonNull(result, "result");
    if (credits < 0) {
      throw new IllegalArgumentException("credits must not be negative: " + credits);
    }
  }
}
