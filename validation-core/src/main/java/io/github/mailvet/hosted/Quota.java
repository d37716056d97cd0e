package io.github.mailvet.hosted;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a provider said about its quota, from response headers or a usage endpoint. Every part is
 * optional: services reveal different parts.
 *
 * @param plan      the plan name ({@code free}, {@code paid}, ...)
 * @param limit     requests or credits in the period; null when unknown or unlimited
 * @param used      used in the period
 * @param remaining left in the period; null when unknown or unlimited
 * @param resetAt   when the period restarts
 */
public record Quota(@Nullable String plan, @Nullable Long limit, @Nullable Long used,
    @Nullable Long remaining, @Nullable Instant resetAt) {

  /** Nothing known. */
  public static final Quota UNKNOWN = new Quota(null, null, null, null, null);
}
