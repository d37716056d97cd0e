package io.github.mailvet;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The bulk path: reads far ahead, starts a domain's addresses together, keeps at most
 * {@code concurrency} verifications in flight, and hands results out in input order.
 *
 * <p>Up to {@code readAhead} addresses are read past the oldest unanswered one (a bound set by
 * memory, not by the concurrency). Unstarted addresses wait in per-domain groups, ordered by the
 * domain's first appearance; whenever a verification finishes, the oldest group is started,
 * whole when it fits. So the addresses of one domain that are anywhere in the read-ahead reach
 * the DNS lookup and the SMTP stage at the same moment and share one session (RCPTs pipelined),
 * however the list is ordered; the oldest address always belongs to the first group, so output
 * never waits on an address that was not started. Results wait in the read-ahead, in input
 * order (the reorder buffer), until every earlier one is out.
 */
final class BulkWindow implements Iterator<VerificationResult> {

  /** One address of the read-ahead. */
  private static final class Entry {
    final @Nullable String email;
    @Nullable CompletableFuture<VerificationResult> future;

    Entry(@Nullable String email) {
      this.email = email;
    }
  }

  private final Iterator<String> in;
  private final int concurrency;
  private final int readAhead;
  private final Function<String, CompletableFuture<VerificationResult>> start;
  private final BulkProgress progress;
  /** Read and not yet handed out, in input order. */
  private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
  /** Read and not yet started, by domain, in order of each group's first address. */
  private final Map<String, ArrayDeque<Entry>> waiting = new LinkedHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finished = lock.newCondition();
  private long started;
  private long handedOut;

  BulkWindow(Iterator<String> in, int concurrency, int readAhead,
      Function<String, CompletableFuture<VerificationResult>> start, BulkProgress progress) {
    this.in = in;
    this.concurrency = concurrency;
    this.readAhead = Math.max(readAhead, concurrency);
    this.start = start;
    this.progress = progress;
  }

  /** The domain an address is grouped by: what follows its last @, trimmed, lower case. */
  static String domainOf(@Nullable String email) {
    if (email == null) {
      return "";
    }
    int at = email.lastIndexOf('@');
    return at < 0 ? "" : email.substring(at + 1).strip().toLowerCase(Locale.ROOT);
  }

  /** Reads up to the read-ahead, then starts what the concurrency allows. */
  private void fill() {
    while (buffer.size() < readAhead && in.hasNext()) {
      Entry e = new Entry(in.next());
      buffer.add(e);
      waiting.computeIfAbsent(domainOf(e.email), k -> new ArrayDeque<>()).add(e);
    }
    dispatch();
  }

  /**
   * Starts the oldest group while verifications may be added: whole when it fits, else as much
   * as fits, and the rest of it before any other group.
   */
  private void dispatch() {
    while (!waiting.isEmpty()) {
      int room = concurrency - inFlight.get();
      if (room <= 0) {
        return;
      }
      Iterator<ArrayDeque<Entry>> groups = waiting.values().iterator();
      ArrayDeque<Entry> group = groups.next();
      for (int i = 0; i < room && !group.isEmpty(); i++) {
        Entry e = group.poll();
        inFlight.incrementAndGet();
        started++;
        CompletableFuture<VerificationResult> f = start.apply(e.email);
        e.future = f;
        f.whenComplete((r, t) -> {
          inFlight.decrementAndGet();
          lock.lock();
          try {
            finished.signalAll();
          } finally {
            lock.unlock();
          }
        });
      }
      if (group.isEmpty()) {
        groups.remove();
      }
    }
  }

  @Override
  public boolean hasNext() {
    fill();
    return !buffer.isEmpty();
  }

  @Override
  public VerificationResult next() {
    fill();
    Entry head = buffer.peek();
    if (head == null) {
      throw new NoSuchElementException();
    }
    while (true) {
      CompletableFuture<VerificationResult> f = head.future;
      if (f != null && f.isDone()) {
        break;
      }
      lock.lock();
      try {
        // every completion signals; the timeout only guards against a missed signal
        if (inFlight.get() >= concurrency || waiting.isEmpty()) {
          f = head.future;
          if (f == null || !f.isDone()) {
            finished.awaitNanos(50_000_000L);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a verification", e);
      } finally {
        lock.unlock();
      }
      dispatch();
    }
    buffer.poll();
    VerificationResult r = java.util.Objects.requireNonNull(head.future).join();
    progress.onProgress(++handedOut, started);
    return r;
  }
}
