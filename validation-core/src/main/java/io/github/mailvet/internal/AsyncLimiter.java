package io.github.mailvet.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A limit on work in progress that queues what is over it instead of blocking a thread: the
 * DNS stage's queries in flight, the SMTP stage's sessions and sessions per mail host.
 *
 * <p>A released permit goes to the oldest waiting task, which is handed to the limiter's executor
 * rather than run on the releasing thread, so that a chain of releases never grows a stack and a
 * slow task never runs on the thread of the work that just finished.
 *
 * <p>A limiter made with {@link #retiring} retires the moment it falls idle: it runs its
 * {@code onIdle} action once (a per-host map removes it) and refuses further work, so that a caller
 * holding a stale reference takes a fresh limiter instead.
 */
public final class AsyncLimiter {

  private final int permits;
  private final Executor handoff;
  private final @Nullable Runnable onIdle;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int used;
  private boolean retired;

  private AsyncLimiter(int permits, Executor handoff, @Nullable Runnable onIdle) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1: " + permits);
    }
    this.permits = permits;
    this.handoff = handoff;
    this.onIdle = onIdle;
  }

  /** A limiter that lives as long as its owner. */
  public static AsyncLimiter of(int permits, Executor handoff) {
    return new AsyncLimiter(permits, handoff, null);
  }

  /** A limiter that retires when it falls idle, after running {@code onIdle}. */
  public static AsyncLimiter retiring(int permits, Executor handoff, Runnable onIdle) {
    return new AsyncLimiter(permits, handoff, onIdle);
  }

  /**
   * Runs the task now on this thread if a permit is free, else queues it. The task must call
   * {@link #release()} once when its work is done.
   *
   * @return false, and the task neither runs nor queues, when this limiter has retired
   */
  public boolean run(Runnable task) {
    synchronized (this) {
      if (retired) {
        return false;
      }
      if (used >= permits) {
        waiting.add(task);
        return true;
      }
      used++;
    }
    task.run();
    return true;
  }

  /** Gives a permit back: to the oldest waiting task, or to the pool. */
  public void release() {
    Runnable next;
    boolean idle = false;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        used--;
        if (used == 0 && onIdle != null) {
          retired = true;
          idle = true;
        }
      }
    }
    if (next != null) {
      handoff.execute(next);
    } else if (idle && onIdle != null) {
      onIdle.run();
    }
  }

  /** Permits in use (for tests and metrics). */
  public synchronized int inUse() {
    return used;
  }

  /** Tasks waiting for a permit. */
  public synchronized int queued() {
    return waiting.size();
  }
}
