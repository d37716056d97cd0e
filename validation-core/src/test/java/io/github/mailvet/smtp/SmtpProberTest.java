package io.github.mailvet.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.dns.MxHost;
import io.github.mailvet.smtp.ProbeResult.Verdict;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The prober's politeness limits, its shutdown and its reading of replies, against SMTP servers
 * on loopback: the scripted test server, and raw sockets for what no real MTA would send.
 */
class SmtpProberTest {

  private static SmtpProber.Builder prober(int port) {
    return SmtpProber.builder().port(port).allowPrivateAddresses(true)
        .heloName("verifier.mailvet-tests.com").commandTimeout(Duration.ofSeconds(5));
  }

  private static List<MxHost> mx(String host) {
    return List.of(new MxHost(10, host, List.of("127.0.0.1")));
  }

  private static List<ProbeResult> all(List<CompletableFuture<ProbeResult>> futures) {
    return futures.stream().map(f -> f.orTimeout(20, TimeUnit.SECONDS).join()).toList();
  }

  @Test
  void sessionsStayWithinTheGlobalLimit() {
    SmtpTestServer.Builder b = SmtpTestServer.builder().replyDelay(Duration.ofMillis(20));
    IntStream.range(0, 12).forEach(d -> b.mailboxes("d" + d + ".test", "ada"));
    try (SmtpTestServer server = b.start();
        SmtpProber p = prober(server.port()).maxSessions(3).build()) {
      List<CompletableFuture<ProbeResult>> futures = IntStream.range(0, 12)
          .mapToObj(d -> p.probe("d" + d + ".test", mx("mx.d" + d + ".test"),
              "ada@d" + d + ".test", false)).toList();
      assertThat(all(futures)).extracting(ProbeResult::verdict).containsOnly(Verdict.ACCEPTED);
      assertThat(server.sessions()).isEqualTo(12);
      assertThat(server.peakConcurrentSessions()).isEqualTo(3);
    }
  }

  @Test
  void sessionsPerMxHostStayWithinTheirLimit() throws InterruptedException {
    SmtpTestServer.Builder b = SmtpTestServer.builder().replyDelay(Duration.ofMillis(10));
    IntStream.range(0, 6).forEach(d -> b.mailboxes("shared" + d + ".test", "ada"));
    try (SmtpTestServer server = b.start();
        SmtpProber p = prober(server.port()).maxSessions(10).maxSessionsPerHost(1).build()) {
      List<CompletableFuture<ProbeResult>> futures = IntStream.range(0, 6)
          .mapToObj(d -> p.probe("shared" + d + ".test", mx("mx.hosting.test"),
              "ada@shared" + d + ".test", false)).toList();
      assertThat(all(futures)).extracting(ProbeResult::verdict).containsOnly(Verdict.ACCEPTED);
      assertThat(server.peakConcurrentSessions()).as("one MX host, one session at a time")
          .isEqualTo(1);
      for (int i = 0; i < 200 && p.hostsInUse() > 0; i++) {
        Thread.sleep(10); // the last session's slot is given back just after its answers
      }
      assertThat(p.hostsInUse()).as("a long-running prober keeps no state per idle host")
          .isZero();
    }
  }

  /**
   * Ownership for tests: one holder per key at a time, waiters queued (what the bridge keeps in
   * PostgreSQL, in memory).
   */
  private static final class ExclusiveKeys implements MxOwnership {
    private final java.util.Map<String, java.util.ArrayDeque<CompletableFuture<Lease>>> waiting =
        new java.util.HashMap<>();
    private final java.util.Map<String, Integer> holders = new java.util.HashMap<>();
    final java.util.List<String> granted = java.util.Collections.synchronizedList(
        new ArrayList<>());

    @Override
    public synchronized CompletableFuture<Lease> acquire(String key) {
      CompletableFuture<Lease> f = new CompletableFuture<>();
      if (!holders.containsKey(key)) {
        grant(key, f);
      } else {
        waiting.computeIfAbsent(key, k -> new java.util.ArrayDeque<>()).add(f);
      }
      return f;
    }

    private void grant(String key, CompletableFuture<Lease> f) {
      holders.put(key, 1);
      granted.add(key);
      boolean[] released = new boolean[1];
      f.completeAsync(() -> () -> {
        synchronized (this) {
          if (released[0]) {
            throw new IllegalStateException("released twice");
          }
          released[0] = true;
          holders.remove(key);
          java.util.ArrayDeque<CompletableFuture<Lease>> q = waiting.get(key);
          if (q != null && !q.isEmpty()) {
            grant(key, q.poll());
          }
        }
      });
    }
  }

  @Test
  void twoProbersSharingOwnershipOpenNoMoreSessionsToAHostThanOneWould() {
    SmtpTestServer.Builder b = SmtpTestServer.builder().replyDelay(Duration.ofMillis(10));
    IntStream.range(0, 8).forEach(d -> b.mailboxes("tenant" + d + ".test", "ada", "bob"));
    ExclusiveKeys keys = new ExclusiveKeys();
    try (SmtpTestServer server = b.start();
        SmtpProber one = prober(server.port()).maxSessionsPerHost(2).ownership(keys).build();
        SmtpProber two = prober(server.port()).maxSessionsPerHost(2).ownership(keys).build()) {
      // eight domains on one hosting provider's MX, split over two "nodes"
      List<CompletableFuture<ProbeResult>> futures = new ArrayList<>();
      for (int d = 0; d < 8; d++) {
        SmtpProber p = d % 2 == 0 ? one : two;
        for (String user : List.of("ada", "bob", "eve")) {
          futures.add(p.probe("tenant" + d + ".test", mx("mx1.hosting.test"),
              user + "@tenant" + d + ".test", false));
        }
      }
      List<ProbeResult> results = all(futures);
      assertThat(results).extracting(ProbeResult::verdict).containsOnly(Verdict.ACCEPTED,
          Verdict.MAILBOX_NOT_FOUND);
      assertThat(results.stream().filter(r -> r.verdict() == Verdict.ACCEPTED)).hasSize(16);
      assertThat(server.peakConcurrentSessions())
          .as("two probers, one owner at a time: the per-host limit of one prober")
          .isLessThanOrEqualTo(2);
      assertThat(keys.granted).containsOnly("mx1.hosting.test");
    }
  }

  @Test
  void withOwnerKeySlotsEachAddressAsksForItsSlotOfAProviderOthersForTheOneKey() {
    // two probers with egress IPs of their own: Google's addresses split over 2 slots, so both
    // may hold a slot of it at once; a company's own server keeps one key
    SmtpTestServer.Builder b = SmtpTestServer.builder().replyDelay(Duration.ofMillis(5));
    IntStream.range(0, 4).forEach(d -> b.mailboxes("tenant" + d + ".test", "ada", "bob", "cy"));
    b.mailboxes("own.test", "ada");
    ExclusiveKeys keys = new ExclusiveKeys();
    List<MxHost> google = List.of(new MxHost(1, "aspmx.l.google.com", List.of("127.0.0.1")));
    try (SmtpTestServer server = b.start();
        SmtpProber one = prober(server.port()).ownership(keys).ownerKeySlots(2).build();
        SmtpProber two = prober(server.port()).ownership(keys).ownerKeySlots(2).build()) {
      List<CompletableFuture<ProbeResult>> futures = new ArrayList<>();
      java.util.Set<String> expected = new java.util.HashSet<>();
      for (int d = 0; d < 4; d++) {
        for (String user : List.of("ada", "bob", "cy", "eve")) {
          String address = user + "@tenant" + d + ".test";
          futures.add((d % 2 == 0 ? one : two).probe("tenant" + d + ".test", google, address,
              false));
          expected.add("google.com#" + Math.floorMod(address.hashCode(), 2));
        }
      }
      futures.add(one.probe("own.test", mx("mx1.own.test"), "ada@own.test", false));
      assertThat(all(futures)).extracting(ProbeResult::verdict).containsExactly(
          IntStream.range(0, 17).mapToObj(i -> i % 4 == 3 && i < 16 ? Verdict.MAILBOX_NOT_FOUND
              : Verdict.ACCEPTED).toArray(Verdict[]::new));
      expected.add("mx1.own.test");
      assertThat(expected).as("both slots in use").contains("google.com#0", "google.com#1");
      assertThat(keys.granted).as("the addresses' slots of Google, one key for the own server")
          .hasSameElementsAs(expected);
    }
  }

  @Test
  void anOwnerKeyNotGrantedAnswersInconclusiveWithoutASession() {
    try (SmtpTestServer server = SmtpTestServer.builder().mailboxes("busy.test", "ada").start();
        SmtpProber p = prober(server.port()).ownership(key -> CompletableFuture.failedFuture(
            new java.util.concurrent.TimeoutException("waited"))).build()) {
      ProbeResult r = p.probe("busy.test", mx("mx.busy.test"), "ada@busy.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(r.detail()).contains("mx.busy.test").contains("another process");
      assertThat(server.sessions()).isZero();
    }
  }

  @Test
  void sessionStartsPerMxHostArePaced() {
    SmtpTestServer.Builder b = SmtpTestServer.builder();
    IntStream.range(0, 4).forEach(d -> b.mailboxes("paced" + d + ".test", "ada"));
    try (SmtpTestServer server = b.start();
        SmtpProber p = prober(server.port()).maxSessionsPerHost(4)
            .minIntervalPerHost(Duration.ofMillis(100)).build()) {
      long start = System.nanoTime();
      all(IntStream.range(0, 4).mapToObj(d -> p.probe("paced" + d + ".test",
          mx("mx.hosting.test"), "ada@paced" + d + ".test", false)).toList());
      List<Long> at = new java.util.ArrayList<>(server.acceptTimes());
      java.util.Collections.sort(at);
      assertThat(at).hasSize(4);
      // Session k may not start before k intervals have passed. Measured from the start, not
      // between accepts: on a loaded machine the server may accept the first connection late,
      // which shortens the gap to the next one without any pacing being broken.
      for (int k = 1; k < at.size(); k++) {
        assertThat(TimeUnit.NANOSECONDS.toMillis(at.get(k) - start))
            .as("start of session %d", k).isGreaterThanOrEqualTo(k * 100L - 20); // less jitter
      }
    }
  }

  @Test
  void closingAnswersEveryAddressStillWaiting() throws Exception {
    SmtpTestServer.Builder b = SmtpTestServer.builder().bannerDelay(Duration.ofSeconds(10));
    IntStream.range(0, 3).forEach(d -> b.mailboxes("slow" + d + ".test", "ada"));
    try (SmtpTestServer server = b.start()) {
      SmtpProber p = prober(server.port()).maxSessions(1).build();
      List<CompletableFuture<ProbeResult>> futures = IntStream.range(0, 3)
          .mapToObj(d -> p.probe("slow" + d + ".test", mx("mx.slow" + d + ".test"),
              "ada@slow" + d + ".test", false)).toList();
      for (int i = 0; i < 200 && server.sessions() == 0; i++) {
        Thread.sleep(10);
      }
      p.close();
      List<ProbeResult> out = futures.stream()
          .map(f -> f.orTimeout(5, TimeUnit.SECONDS).join()).toList();
      assertThat(out).extracting(ProbeResult::verdict).containsOnly(Verdict.UNREACHABLE);
      assertThat(p.probe("late.test", mx("mx.late.test"), "ada@late.test", false)
          .orTimeout(5, TimeUnit.SECONDS).join().detail()).contains("shut down");
    }
  }

  @Test
  void aServerThatSpeaksNoSmtpIsUnreachableWithTheReason() throws Exception {
    try (Scripted http = new Scripted("HTTP/1.1 400 Bad Request", line -> null);
        SmtpProber p = prober(http.port()).build()) {
      ProbeResult r = p.probe("web.test", mx("mx.web.test"), "ada@web.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(Verdict.UNREACHABLE);
      assertThat(r.detail()).contains("malformed reply").contains("HTTP/1.1 400");
    }
  }

  @Test
  void repliesAreReadLenientlyAndKeepTheirUtf8Text() throws Exception {
    UnaryOperator<String> script = line -> {
      String upper = line.toUpperCase(java.util.Locale.ROOT);
      if (upper.startsWith("EHLO")) {
        return "250-mx.example.test\r\n250-SMTPUTF8\r\n250 PIPELINING";
      } else if (upper.startsWith("MAIL")) {
        return "250"; // a code without text is a whole reply (RFC 5321 4.2)
      } else if (upper.startsWith("RCPT TO:<JÖRG@")) {
        return "550-5.1.1 Empfänger unbekannt:\r\n550 5.1.1 jörg existiert nicht";
      } else if (upper.startsWith("RCPT")) {
        return "550 5.1.1 unknown";
      }
      return upper.startsWith("QUIT") ? "221 bye" : "500 what";
    };
    try (Scripted server = new Scripted("220", script);
        SmtpProber p = prober(server.port()).build()) {
      ProbeResult r = p.probe("umlaut.test", mx("mx.umlaut.test"), "jörg@umlaut.test", true)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(Verdict.MAILBOX_NOT_FOUND);
      assertThat(r.enhancedCode()).isEqualTo("5.1.1");
      assertThat(r.text()).contains("Empfänger unbekannt").contains("jörg existiert nicht");
      assertThat(server.received()).contains("MAIL FROM:<> SMTPUTF8", "RCPT TO:<jörg@umlaut.test>");
    }
  }

  @Test
  void aSessionThatBreaksAfterAnAcceptedRcptStillAnswersIt() throws Exception {
    UnaryOperator<String> script = line -> {
      String upper = line.toUpperCase(java.util.Locale.ROOT);
      if (upper.startsWith("EHLO")) {
        return "250 mx.example.test"; // no PIPELINING: the catch-all RCPT comes last, alone
      } else if (upper.startsWith("MAIL") || upper.startsWith("RCPT TO:<ADA@")) {
        return "250 2.1.5 ok";
      }
      return null; // the catch-all RCPT: the server hangs up
    };
    try (Scripted server = new Scripted("220 mx.example.test", script);
        SmtpProber p = prober(server.port()).build()) {
      ProbeResult r = p.probe("flaky.test", mx("mx.flaky.test"), "ada@flaky.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(Verdict.ACCEPTED);
      assertThat(server.received()).anyMatch(l -> l.startsWith("RCPT TO:<mailvet-"));
    }
  }

  /** One connection at a time, answered by a script; null closes it. */
  // ------------------------------------------------------------- servers that fight back

  @Test
  void anEndlessReplyIsCutOffNotBuffered() {
    try (SmtpTestServer server = SmtpTestServer.builder()
            .hostile(SmtpTestServer.Hostile.ENDLESS_REPLY, Duration.ZERO).start();
        SmtpProber p = prober(server.port()).build()) {
      ProbeResult r = p.probe("endless.test", mx("mx.endless.test"), "ada@endless.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(ProbeResult.Verdict.UNREACHABLE);
      assertThat(r.detail()).contains("more than 100 lines");
    }
  }

  @Test
  void aLineWithoutEndIsCutOff() {
    try (SmtpTestServer server = SmtpTestServer.builder()
            .hostile(SmtpTestServer.Hostile.LONG_LINE, Duration.ZERO).start();
        SmtpProber p = prober(server.port()).build()) {
      ProbeResult r = p.probe("long.test", mx("mx.long.test"), "ada@long.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(ProbeResult.Verdict.UNREACHABLE);
    }
  }

  @Test
  void aDrippedReplyTimesOutFromTheCommandNotTheLastByte() {
    try (SmtpTestServer server = SmtpTestServer.builder()
            .hostile(SmtpTestServer.Hostile.SLOWLORIS, Duration.ofMillis(20)).start();
        SmtpProber p = prober(server.port()).commandTimeout(Duration.ofMillis(500)).build()) {
      ProbeResult r = p.probe("drip.test", mx("mx.drip.test"), "ada@drip.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(ProbeResult.Verdict.UNREACHABLE);
      assertThat(r.detail()).contains("no reply within");
    }
  }

  @Test
  void repliesOutOfStepAreNotTrusted() {
    try (SmtpTestServer server = SmtpTestServer.builder().mailboxes("desync.test", "ada")
            .hostile(SmtpTestServer.Hostile.REPLY_DESYNC, Duration.ZERO).start();
        SmtpProber p = prober(server.port()).build()) {
      // "nobody" does not exist; shifted by one, it would get MAIL FROM's 250
      ProbeResult r = p.probe("desync.test", mx("mx.desync.test"), "nobody@desync.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(ProbeResult.Verdict.INCONCLUSIVE);
      assertThat(r.detail()).contains("out of step");
    }
  }

  @Test
  void aWholeSessionHasAWallTimeBound() {
    try (SmtpTestServer server = SmtpTestServer.builder().mailboxes("slow.test", "ada")
            .replyDelay(Duration.ofMillis(400)).start();
        SmtpProber p = prober(server.port()).commandTimeout(Duration.ofSeconds(5))
            .sessionTimeout(Duration.ofMillis(600)).build()) {
      ProbeResult r = p.probe("slow.test", mx("mx.slow.test"), "ada@slow.test", false)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertThat(r.verdict()).isEqualTo(ProbeResult.Verdict.UNREACHABLE);
      assertThat(r.detail()).contains("the session took longer than 600 ms");
    }
  }

  private static final class Scripted implements AutoCloseable {
    private final ServerSocket socket;
    private final List<String> received = java.util.Collections.synchronizedList(
        new ArrayList<>());
    private final Thread thread;

    Scripted(String greeting, UnaryOperator<String> script) throws IOException {
      socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket s = socket.accept()) {
            BufferedReader in = new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write((greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
              received.add(line);
              String reply = script.apply(line);
              if (reply == null) {
                break;
              }
              out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
          } catch (IOException e) {
            // closed
          }
        }
      }, "scripted-smtp");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    List<String> received() {
      return List.copyOf(received);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
