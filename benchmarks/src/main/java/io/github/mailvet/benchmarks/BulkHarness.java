package io.github.mailvet.benchmarks;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.dns.DomainResolver;
import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.smtp.SmtpProber;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.net.smtp.SMTP;

/**
 * End-to-end bulk verification against the loopback DNS and SMTP fixtures, next to the floor the
 * fixture delays impose and a naive baseline (one DNS lookup and one SMTP session per address).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.BulkHarness \
 *     [domains=2000] [perDomain=10] [dnsDelayMs=20] [smtpDelayMs=2] [sessions=128] [window=20000]
 *     [warmups=2]
 * </pre>
 */
public final class BulkHarness {

  /** DomainResolver's default limit of DNS queries in flight. */
  private static final int DNS_IN_FLIGHT = 256;

  private BulkHarness() {
  }

  /** Runs the harness and prints a Markdown table. */
  public static void main(String[] args) throws Exception {
    Map<String, Integer> o = new java.util.HashMap<>(Map.of("domains", 2000, "perDomain", 10,
        "dnsDelayMs", 20, "smtpDelayMs", 2, "sessions", 128, "window", 20000, "warmups", 2));
    for (String a : args) {
      String[] kv = a.split("=", 2);
      o.put(kv[0], Integer.parseInt(kv[1]));
    }
    int domains = o.get("domains");
    int perDomain = o.get("perDomain");
    int dnsDelay = o.get("dnsDelayMs");
    int smtpDelay = o.get("smtpDelayMs");
    int sessions = o.get("sessions");
    int window = o.get("window");
    int warmups = o.get("warmups");

    DnsTestServer.Builder dnsB = DnsTestServer.builder().delay(Duration.ofMillis(dnsDelay));
    SmtpTestServer.Builder smtpB = SmtpTestServer.builder()
        .replyDelay(Duration.ofMillis(smtpDelay));
    List<String> inputs = new ArrayList<>();
    for (int d = 0; d < domains; d++) {
      String domain = "bulk" + d + "-widgets.com";
      dnsB.mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.1");
      String[] boxes = new String[perDomain - 1];
      for (int i = 0; i < perDomain; i++) {
        inputs.add("user" + i + "@" + domain);
        if (i < perDomain - 1) {
          boxes[i] = "user" + i; // the last address of each domain does not exist
        }
      }
      smtpB.mailboxes(domain, boxes);
    }
    Collections.shuffle(inputs, new Random(42)); // a real list is not sorted by domain
    try (DnsTestServer dns = dnsB.start(); SmtpTestServer smtp = smtpB.start()) {
      System.out.printf("%d addresses over %d domains, DNS delay %d ms, SMTP reply delay %d ms,"
          + " %d SMTP sessions at once, bulk window %d, %s%n%n", inputs.size(), domains,
          dnsDelay, smtpDelay, sessions, window, Runtime.version());

      // JIT warm-up: whole runs with other local parts and fresh caches (new engine each run)
      for (int w = 0; w < warmups; w++) {
        run(dns, smtp, inputs, sessions, window, w + 1);
      }

      int dnsBefore = dns.totalQueries();
      int smtpBefore = smtp.sessions();
      long t0 = System.nanoTime();
      Map<Status, Integer> statuses = run(dns, smtp, inputs, sessions, window, 0);
      double secs = (System.nanoTime() - t0) / 1e9;
      int dnsQueries = dns.totalQueries() - dnsBefore;
      int smtpSessions = smtp.sessions() - smtpBefore;

      // floor, CPU time counted as zero: one MX lookup per domain (the answer carries the MX
      // host's address), at most DNS_IN_FLIGHT at once; one session per domain (EHLO, MAIL, one
      // RCPT per address, the catch-all RCPT, QUIT, each after the reply delay), at most
      // `sessions` at once; sessions start as the first DNS answers arrive
      double session = (3 + perDomain + 1) * smtpDelay / 1000.0;
      double dnsBound = Math.ceil((double) domains / DNS_IN_FLIGHT) * dnsDelay / 1000.0;
      double smtpBound = dnsDelay / 1000.0 + Math.ceil((double) domains / sessions) * session;
      double floor = Math.max(dnsBound, smtpBound);

      int naiveCount = Math.min(inputs.size(), 4000);
      long n0 = System.nanoTime();
      naive(dns, smtp, inputs.subList(0, naiveCount), sessions);
      double naiveSecs = (System.nanoTime() - n0) / 1e9 * inputs.size() / naiveCount;

      System.out.println("| run | wall time | addresses/s | DNS queries | SMTP sessions |");
      System.out.println("|---|---|---|---|---|");
      System.out.printf("| mailvet bulk | %.2f s | %,.0f | %,d | %,d |%n", secs,
          inputs.size() / secs, dnsQueries, smtpSessions);
      System.out.printf("| floor imposed by the delays at %d sessions | %.2f s | %,.0f | %,d |"
          + " %,d |%n", sessions, floor, inputs.size() / floor, domains, domains);
      System.out.printf("| naive: one lookup + one session per address (%,d measured,"
          + " scaled) | %.2f s | %,.0f | %,d | %,d |%n", naiveCount, naiveSecs,
          inputs.size() / naiveSecs, inputs.size(), inputs.size());
      System.out.printf("%nmailvet / floor = %.2fx; naive / mailvet = %.1fx; statuses %s%n",
          secs / floor, naiveSecs / secs, statuses);
    }
  }

  private static Map<Status, Integer> run(DnsTestServer dns, SmtpTestServer smtp,
      List<String> inputs, int sessions, int window, int warmup) {
    List<String> in = inputs;
    if (warmup > 0) {
      in = inputs.stream().map(a -> a.replace("@", "+w" + warmup + "@")).toList();
    }
    try (SmtpProber prober = SmtpProber.builder().port(smtp.port()).allowPrivateAddresses(true)
        .heloName("bench.mailvet-tests.com").maxSessions(sessions).maxSessionsPerHost(2)
        .maxRcptPerSession(25).build()) {
      Mailvet m = Mailvet.builder().dnsServers(List.of(dns.hostPort()))
          .dnsTimeout(Duration.ofSeconds(5)).smtp(true).smtpProber(prober)
          .concurrency(window).build();
      Map<Status, Integer> counts = new EnumMap<>(Status.class);
      try (var results = m.verifyAll(in.stream())) {
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
      }
      return counts;
    }
  }

  /** One uncached MX+A lookup and one SMTP session per address, at the same parallelism. */
  private static void naive(DnsTestServer dns, SmtpTestServer smtp, List<String> inputs,
      int parallelism) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    AtomicInteger ok = new AtomicInteger();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (String address : inputs) {
        all.add(pool.submit(() -> {
          String domain = address.substring(address.indexOf('@') + 1);
          DomainResolver fresh = DomainResolver.builder().servers(List.of(dns.hostPort()))
              .timeout(Duration.ofSeconds(5)).cacheSize(0).build();
          MailRoute route = fresh.resolve(domain).join();
          SMTP s = new SMTP();
          try {
            s.connect(InetAddress.getByName(route.mxHosts().get(0).addresses().get(0)),
                smtp.port());
            s.sendCommand("EHLO", "naive.mailvet-tests.com");
            s.mail("<>");
            if (s.rcpt("<" + address + ">") / 100 == 2) {
              ok.incrementAndGet();
            }
            s.quit();
            s.disconnect();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
