package io.github.mailvet.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Where the network stages complete their futures, and so where the stages after a DNS answer or
 * an SMTP reply run: never on an I/O thread (a caller's slow continuation must not stall every
 * other lookup or session), and not on the common pool, which on a machine with one or two CPUs
 * starts a new thread per task. The workers are daemons, so the pool needs no shutdown.
 */
public final class Callbacks {

  /** The pool. */
  public static final Executor POOL = new ForkJoinPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), pool -> {
        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("mailvet-callback-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
      }, null, true);

  private Callbacks() {
  }
}
