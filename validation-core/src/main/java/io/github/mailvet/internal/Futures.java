package io.github.mailvet.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for futures. Not an API. */
public final class Futures {

  private Futures() {
  }

  /** The failure inside the wrappers that futures put around it. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
