package io.github.mailvet.hosted;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One provider's ledger for one month, and its state now.
 *
 * @param provider       the provider's id
 * @param month          the month, {@code 2026-11} (UTC)
 * @param requests       HTTP requests sent (each retry counted)
 * @param credits        credits spent (0 with a test key)
 * @param answers        addresses the provider answered
 * @param cacheHits      addresses answered from mailvet's cache instead of a paid request
 * @param errors         failed requests by error code ({@code quota_exceeded}, {@code timeout},
 *                       {@code http_500}, ...)
 * @param budget         the monthly budget configured in mailvet, null when none
 * @param remaining      the provider's remaining quota as last seen, null when unknown
 * @param resetAt        when that quota resets, if known
 * @param state          {@code active}, {@code suspended} (quota gone, until
 *                       {@code suspendedUntil}), {@code unusable} (the key was refused) or
 *                       {@code circuit_open} (failing; tried again after a pause)
 * @param suspendedUntil the end of a suspension
 */
public record ProviderUsage(String provider, String month, long requests, long credits,
    long answers, long cacheHits, Map<String, Long> errors, @Nullable Long budget,
    @Nullable Long remaining, @Nullable Instant resetAt, String state,
    @Nullable Instant suspendedUntil) {

  /** Copies the error map. */
  public ProviderUsage {
    errors = Map.copyOf(errors);
  }
}
