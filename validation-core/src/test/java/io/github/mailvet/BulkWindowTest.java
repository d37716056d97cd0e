package io.github.mailvet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The bulk path's scheduling, with verifications that finish after random delays and out of
 * order: input order out, a domain's addresses started together, the concurrency and the
 * read-ahead never exceeded.
 */
class BulkWindowTest {

  private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(4);
  private static final Mailvet OFFLINE = Mailvet.builder().offline(true).build();

  @AfterAll
  static void stop() {
    TIMER.shutdownNow();
    OFFLINE.close();
  }

  /** A stand-in for the engine: answers each address after a random few milliseconds. */
  private static final class SlowEngine {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final List<String> startOrder = Collections.synchronizedList(new ArrayList<>());
    final Random random = new Random(7);

    CompletableFuture<VerificationResult> start(String email) {
      startOrder.add(email);
      peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<VerificationResult> f = new CompletableFuture<>();
      int delay;
      synchronized (random) {
        delay = random.nextInt(5);
      }
      TIMER.schedule(() -> {
        inFlight.decrementAndGet();
        f.complete(OFFLINE.verify(email));
      }, delay, TimeUnit.MILLISECONDS);
      return f;
    }
  }

  /** Counts what has been read from the input. */
  private static final class Counted implements Iterator<String> {
    final Iterator<String> in;
    final AtomicLong read = new AtomicLong();

    Counted(List<String> list) {
      this.in = list.iterator();
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public String next() {
      read.incrementAndGet();
      return in.next();
    }
  }

  private static List<String> shuffled(int domains, int perDomain, long seed) {
    List<String> list = new ArrayList<>();
    for (int d = 0; d < domains; d++) {
      for (int i = 0; i < perDomain; i++) {
        list.add("user" + i + "@d" + d + ".mailvet.test");
      }
    }
    Collections.shuffle(list, new Random(seed));
    return list;
  }

  @Test
  void resultsComeOutInInputOrderWithinTheConcurrencyAndTheReadAhead() {
    List<String> list = shuffled(300, 10, 1);
    SlowEngine engine = new SlowEngine();
    Counted input = new Counted(list);
    BulkWindow w = new BulkWindow(input, 50, 500, engine::start, (done, started) -> { });
    List<String> out = new ArrayList<>();
    long mostAhead = 0;
    while (w.hasNext()) {
      out.add(w.next().email());
      mostAhead = Math.max(mostAhead, input.read.get() - out.size());
    }
    assertThat(out).containsExactlyElementsOf(list);
    assertThat(engine.peak.get()).as("verifications in flight").isLessThanOrEqualTo(50);
    assertThat(mostAhead).as("read past the oldest unanswered address").isLessThanOrEqualTo(500);
  }

  @Test
  void aDomainsAddressesScatteredOverTheListStartTogether() {
    List<String> list = shuffled(100, 10, 2);
    SlowEngine engine = new SlowEngine();
    BulkWindow w = new BulkWindow(list.iterator(), 100, 10_000, engine::start,
        (done, started) -> { });
    while (w.hasNext()) {
      w.next();
    }
    // in start order, each domain's ten addresses form one run
    List<String> domains = engine.startOrder.stream().map(BulkWindow::domainOf).toList();
    int runs = 1;
    for (int i = 1; i < domains.size(); i++) {
      if (!domains.get(i).equals(domains.get(i - 1))) {
        runs++;
      }
    }
    assertThat(runs).as("one run of starts per domain: " + domains).isEqualTo(100);
  }

  @Test
  void aDomainBiggerThanTheConcurrencyIsStartedInPartsAndNothingIsLost() {
    List<String> list = new ArrayList<>(IntStream.range(0, 200)
        .mapToObj(i -> "u" + i + "@big.mailvet.test").toList());
    list.addAll(shuffled(20, 3, 3));
    SlowEngine engine = new SlowEngine();
    BulkWindow w = new BulkWindow(list.iterator(), 16, 1_000, engine::start,
        (done, started) -> { });
    List<String> out = new ArrayList<>();
    while (w.hasNext()) {
      out.add(w.next().email());
    }
    assertThat(out).containsExactlyElementsOf(list);
    assertThat(engine.peak.get()).isLessThanOrEqualTo(16);
  }
}
