package io.github.mailvet.hosted;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A hosted verification service, as the engine sees it. The built-in adapters come from
 * {@link Providers}; implement this interface to plug in another service.
 *
 * <p>Contract: futures complete with an answer, or exceptionally with a
 * {@link ProviderException} saying what kind of failure it was (bad request, bad key, quota gone,
 * rate limited, unavailable). The engine does the retrying, circuit breaking, quota tracking,
 * caching and fallback; an implementation makes one attempt per call and never retries itself.
 * Implementations never put their API key into a message, {@code toString()} or answer.
 */
public interface HostedProvider extends AutoCloseable {

  /** The stable id, used as the result's {@code source} ({@code apiddress}, ...). */
  String id();

  /** Verifies one address: one attempt. */
  CompletableFuture<HostedAnswer> verify(String email, boolean checkSmtp);

  /** The most addresses one {@link #verifyBatch} request takes; 1 when the service has no bulk endpoint. */
  default int maxBatch() {
    return 1;
  }

  /**
   * Verifies several addresses in one request (at most {@link #maxBatch()}), answers in the same
   * order. Only called when {@link #maxBatch()} is above 1.
   */
  default CompletableFuture<List<HostedAnswer>> verifyBatch(List<String> emails,
      boolean checkSmtp) {
    throw new UnsupportedOperationException(id() + " has no bulk endpoint");
  }

  /** Asks the service's usage endpoints, where it has them: plan, used and remaining quota. */
  default CompletableFuture<Optional<Quota>> usage() {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /** False when answers cost nothing, such as with a ValidMail test key. */
  default boolean spendsCredits() {
    return true;
  }

  /** Releases connections and threads. */
  @Override
  default void close() {
  }
}
