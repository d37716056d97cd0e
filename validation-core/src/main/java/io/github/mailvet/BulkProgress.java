package io.github.mailvet;

/**
 * Progress of a bulk verification, reported on the consuming thread each time a result is
 * handed out.
 *
 * <pre>{@code
 * mailvet.verifyAll(lines, (done, started) -> bar.stepTo(done)).forEach(writer::write);
 * }</pre>
 */
@FunctionalInterface
public interface BulkProgress {

  /**
   * Called after each result.
   *
   * @param completed results handed out so far
   * @param started   verifications started so far (completed plus those in flight)
   */
  void onProgress(long completed, long started);
}
