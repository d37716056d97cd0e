package io.github.mailvet;

/**
 * Told about every finished verification (metrics, audit logs). Called on the thread that
 * completed the verification; keep it quick and non-blocking. An exception it throws is ignored.
 */
@FunctionalInterface
public interface VerificationListener {

  /** A verification finished with this result. */
  void onResult(VerificationResult result);
}
