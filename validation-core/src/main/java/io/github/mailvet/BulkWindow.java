package io.github.mailvet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The bulk path's window: up to {@code concurrency} verifications in flight, results in input
 * order. It reads ahead no further than the window, so memory stays bounded for an unbounded
 * input, and starts each chunk grouped by domain, so that a domain's addresses reach its DNS
 * lookup and SMTP session together.
 */
final class BulkWindow implements Iterator<VerificationResult> {

  private final Iterator<String> in;
  private final int concurrency;
  private final Function<String, CompletableFuture<VerificationResult>> start;
  private final BulkProgress progress;
  private final ArrayDeque<CompletableFuture<VerificationResult>> window = new ArrayDeque<>();
  private long started;
  private long completed;

  BulkWindow(Iterator<String> in, int concurrency,
      Function<String, CompletableFuture<VerificationResult>> start, BulkProgress progress) {
    this.in = in;
    this.concurrency = concurrency;
    this.start = start;
    this.progress = progress;
  }

  /**
   * Refills the window when it is half empty: reads the chunk, starts it grouped by domain
   * (so a domain's addresses reach its DNS lookup and SMTP session together), and queues
   * the futures in input order.
   */
  private void fill() {
    if (window.size() > concurrency / 2 && !window.isEmpty()) {
      return;
    }
    List<String> chunk = new ArrayList<>();
    while (window.size() + chunk.size() < concurrency && in.hasNext()) {
      chunk.add(in.next());
    }
    if (chunk.isEmpty()) {
      return;
    }
    Map<String, List<Integer>> byDomain = new LinkedHashMap<>();
    for (int i = 0; i < chunk.size(); i++) {
      String e = chunk.get(i);
      int at = e == null ? -1 : e.lastIndexOf('@');
      String key = at < 0 ? "" : e.substring(at + 1).strip().toLowerCase(Locale.ROOT);
      byDomain.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    CompletableFuture<VerificationResult>[] futures = new CompletableFuture[chunk.size()];
    for (List<Integer> group : byDomain.values()) {
      for (int i : group) {
        futures[i] = start.apply(chunk.get(i));
      }
    }
    for (CompletableFuture<VerificationResult> f : futures) {
      window.add(f);
    }
    started += chunk.size();
  }

  @Override
  public boolean hasNext() {
    fill();
    return !window.isEmpty();
  }

  @Override
  public VerificationResult next() {
    fill();
    if (window.isEmpty()) {
      throw new NoSuchElementException();
    }
    VerificationResult r = window.poll().join();
    progress.onProgress(++completed, started);
    return r;
  }
}
