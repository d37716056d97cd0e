package io.github.mailvet.benchmarks;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.dns.DomainResolver;
import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.smtp.SmtpProber;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.net.smtp.SMTP;

/**
 * End-to-end bulk verification against the loopback DNS and SMTP fixtures, next to the floor the
 * fixture delays impose and two naive baselines (an uncached lookup and one SMTP session per
 * address, at the same parallelism and one at a time).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.BulkHarness \
 *     [domains=2000] [perDomain=10] [dnsDelayMs=20] [smtpDelayMs=2] [sessions=128] \
 *     [window=20000] [warmups=20] [runs=5] [fork=1]
 * </pre>
 *
 * <p>With {@code fork=1} (the default) the fixture servers run in a child JVM that this harness
 * starts and stops, so the client's own CPU time can be reported apart from the servers'.
 */
public final class BulkHarness {

  /** DomainResolver's default limit of DNS queries in flight. */
  private static final int DNS_IN_FLIGHT = 256;

  private BulkHarness() {
  }

  /** Where the fixtures listen, and how to read their counters. */
  private interface Fixtures extends AutoCloseable {
    String dnsHostPort();

    int smtpPort();

    int dnsQueries() throws IOException;

    int smtpSessions() throws IOException;

    /** CPU time the fixtures' process has used so far (this process's when in process). */
    long cpuNanos() throws IOException;

    @Override
    void close() throws IOException;
  }

  /** The bulk zone: domain d has user0..user(n-1), of which the last is unknown. */
  static List<String> zone(int domains, int perDomain, DnsTestServer.Builder dnsB,
      SmtpTestServer.Builder smtpB) {
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
    return inputs;
  }

  /** Runs the harness and prints Markdown tables. */
  public static void main(String[] args) throws Exception {
    Map<String, Integer> o = new HashMap<>(Map.of("domains", 2000, "perDomain", 10,
        "dnsDelayMs", 20, "smtpDelayMs", 2, "sessions", 128, "window", 20000, "warmups", 20,
        "runs", 5, "fork", 1));
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
    int runs = o.get("runs");

    List<String> inputs = zone(domains, perDomain, DnsTestServer.builder(),
        SmtpTestServer.builder());
    Collections.shuffle(inputs, new Random(42)); // a real list is not sorted by domain
    try (Fixtures fx = o.get("fork") == 1 ? forked(domains, perDomain, dnsDelay, smtpDelay)
        : inProcess(domains, perDomain, dnsDelay, smtpDelay)) {
      System.out.printf("%d addresses over %d domains, DNS delay %d ms, SMTP reply delay %d ms,"
          + " %d SMTP sessions at once, bulk window %d, fixtures %s, JDK %s, %d CPUs%n%n",
          inputs.size(), domains, dnsDelay, smtpDelay, sessions, window,
          o.get("fork") == 1 ? "in a child JVM" : "in this JVM", Runtime.version(),
          Runtime.getRuntime().availableProcessors());
      // JIT warm-up: whole runs of the same list with fresh caches (a new engine and prober each
      // run, so nothing is remembered between runs). The same addresses matter: other local parts
      // (user0+w1@...) are unknown to the fixture, train the JIT on an all-invalid run and make it
      // deoptimize and recompile the hot paths during the measured run.
      for (int w = 0; w < warmups; w++) {
        run(fx, inputs, sessions, window);
      }
      // several measured runs, each with a fresh engine; the median one is reported
      Profiler profiler = Profiler.start();
      List<Measured> measured = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        measured.add(measure(fx, inputs, sessions, window));
      }
      profiler.stop();
      List<Measured> byTime = new ArrayList<>(measured);
      byTime.sort(java.util.Comparator.comparingDouble(Measured::secs));
      Measured median = byTime.get(byTime.size() / 2);
      double secs = median.secs();

      // floor, CPU time counted as zero: one MX lookup per domain (the answer carries the MX
      // host's address), at most DNS_IN_FLIGHT at once; one session per domain (EHLO, MAIL, one
      // RCPT per address, the catch-all RCPT, QUIT, each after the reply delay), at most
      // `sessions` at once; sessions start as the first DNS answers arrive
      double session = (3 + perDomain + 1) * smtpDelay / 1000.0;
      double dnsBound = Math.ceil((double) domains / DNS_IN_FLIGHT) * dnsDelay / 1000.0;
      double smtpBound = dnsDelay / 1000.0 + Math.ceil((double) domains / sessions) * session;
      double floor = Math.max(dnsBound, smtpBound);
      // the naive baseline's own floor: per address a lookup, then EHLO, MAIL, RCPT and QUIT
      // each after the reply delay, `sessions` addresses at once. At equal parallelism naive /
      // mailvet cannot exceed naiveFloor / floor, however little CPU either side spends.
      double naiveFloor = Math.ceil((double) inputs.size() / sessions)
          * (dnsDelay + 4.0 * smtpDelay) / 1000.0;

      int naiveCount = Math.min(inputs.size(), 4000);
      List<Double> naiveRuns = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        long n0 = System.nanoTime();
        naive(fx, inputs.subList(0, naiveCount), sessions);
        naiveRuns.add((System.nanoTime() - n0) / 1e9 * inputs.size() / naiveCount);
      }
      Collections.sort(naiveRuns);
      double naiveSecs = naiveRuns.get(1);
      int seqCount = Math.min(inputs.size(), 200);
      long s0 = System.nanoTime();
      naive(fx, inputs.subList(0, seqCount), 1);
      double seqSecs = (System.nanoTime() - s0) / 1e9 * inputs.size() / seqCount;

      System.out.println("| run | wall time | addresses/s | DNS queries | SMTP sessions |");
      System.out.println("|---|---|---|---|---|");
      System.out.printf("| mailvet bulk (median of %d runs) | %.2f s | %,.0f | %,d | %,d |%n",
          runs, secs, inputs.size() / secs, median.dnsQueries(), median.smtpSessions());
      System.out.printf("| floor imposed by the delays at %d sessions | %.2f s | %,.0f | %,d |"
          + " %,d |%n", sessions, floor, inputs.size() / floor, domains, domains);
      System.out.printf("| naive, %d at once (%,d measured, scaled, median of 3) | %.2f s | %,.0f | %,d |"
          + " %,d |%n", sessions, naiveCount, naiveSecs, inputs.size() / naiveSecs,
          inputs.size(), inputs.size());
      System.out.printf("| floor of the naive baseline at %d at once | %.2f s | %,.0f | %,d | %,d |%n",
          sessions, naiveFloor, inputs.size() / naiveFloor, inputs.size(), inputs.size());
      System.out.printf("| naive, one at a time (%,d measured, scaled) | %.1f s | %,.0f | %,d |"
          + " %,d |%n", seqCount, seqSecs, inputs.size() / seqSecs, inputs.size(),
          inputs.size());
      System.out.printf("%nmailvet / floor = %.2fx; naive (%d at once) / mailvet = %.1fx;"
          + " naive (one at a time) / mailvet = %.0fx%n", secs / floor, sessions,
          naiveSecs / secs, seqSecs / secs);
      System.out.printf("at equal parallelism naive / mailvet is bounded by naive floor / floor"
          + " = %.1fx with these delays%n", naiveFloor / floor);
      System.out.printf("mailvet process CPU during the median run: %.2f s (%.0f us per address);"
          + " statuses %s%n", median.cpu(), median.cpu() * 1e6 / inputs.size(),
          median.statuses());
      if (o.get("fork") == 1) {
        System.out.printf("fixture process CPU during the median run: %.2f s%n",
            median.fixtureCpu());
      }
      System.out.printf("wall times of the measured runs (s): %s%n", measured.stream()
          .map(m -> String.format("%.2f", m.secs())).toList());
    }
  }

  /**
   * Profiles the measured run with async-profiler when {@code -Dmailvet.profile=LIB.so} names its
   * library ({@code -Dmailvet.profile.args} adds options, default a flame graph in
   * {@code bulk-profile.html}); otherwise does nothing.
   */
  private record Profiler(Object instance) {
    static Profiler start() throws Exception {
      String lib = System.getProperty("mailvet.profile");
      if (lib == null) {
        return new Profiler(null);
      }
      Object p = Class.forName("one.profiler.AsyncProfiler").getMethod("getInstance", String.class)
          .invoke(null, lib);
      p.getClass().getMethod("execute", String.class).invoke(p, "start,event=cpu,interval=1ms,"
          + "threads");
      return new Profiler(p);
    }

    void stop() throws Exception {
      if (instance != null) {
        String args = System.getProperty("mailvet.profile.args", "file=bulk-profile.html");
        instance.getClass().getMethod("execute", String.class).invoke(instance, "stop," + args);
      }
    }
  }

  /** One measured run. */
  private record Measured(double secs, double cpu, double fixtureCpu, int dnsQueries,
      int smtpSessions, Map<Status, Integer> statuses) { }

  private static Measured measure(Fixtures fx, List<String> inputs, int sessions, int window)
      throws IOException {
    int dnsBefore = fx.dnsQueries();
    int smtpBefore = fx.smtpSessions();
    long fxCpu0 = fx.cpuNanos();
    long cpu0 = processCpuNanos();
    long up0 = ManagementFactory.getRuntimeMXBean().getUptime();
    long t0 = System.nanoTime();
    Map<Status, Integer> statuses = run(fx, inputs, sessions, window);
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    System.err.printf("measured run: %.2f s, JVM uptime %d..%d ms%n", secs, up0,
        ManagementFactory.getRuntimeMXBean().getUptime());
    return new Measured(secs, cpu, (fx.cpuNanos() - fxCpu0) / 1e9,
        fx.dnsQueries() - dnsBefore, fx.smtpSessions() - smtpBefore, statuses);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Map<Status, Integer> run(Fixtures fx, List<String> inputs, int sessions,
      int window) {
    List<String> in = inputs;
    try (SmtpProber prober = SmtpProber.builder().port(fx.smtpPort()).allowPrivateAddresses(true)
        .heloName("bench.mailvet-tests.com").maxSessions(sessions).maxSessionsPerHost(2)
        .maxRcptPerSession(25).build()) {
      Mailvet m = Mailvet.builder().dnsServers(List.of(fx.dnsHostPort()))
          .dnsTimeout(Duration.ofSeconds(5)).smtp(true).smtpProber(prober)
          .concurrency(window).build();
      Map<Status, Integer> counts = new EnumMap<>(Status.class);
      try (var results = m.verifyAll(in.stream())) {
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
      }
      return counts;
    }
  }

  /** An uncached MX lookup and one SMTP session (EHLO, MAIL, RCPT, QUIT) per address. */
  private static void naive(Fixtures fx, List<String> inputs, int parallelism) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (String address : inputs) {
        all.add(pool.submit(() -> {
          String domain = address.substring(address.indexOf('@') + 1);
          DomainResolver fresh = DomainResolver.builder().servers(List.of(fx.dnsHostPort()))
              .timeout(Duration.ofSeconds(5)).cacheSize(0).build();
          MailRoute route = fresh.resolve(domain).join();
          SMTP s = new SMTP();
          try {
            s.connect(InetAddress.getByName(route.mxHosts().get(0).addresses().get(0)),
                fx.smtpPort());
            s.sendCommand("EHLO", "naive.mailvet-tests.com");
            s.mail("<>");
            s.rcpt("<" + address + ">");
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

  private static Fixtures inProcess(int domains, int perDomain, int dnsDelay, int smtpDelay) {
    DnsTestServer.Builder dnsB = DnsTestServer.builder().delay(Duration.ofMillis(dnsDelay));
    SmtpTestServer.Builder smtpB = SmtpTestServer.builder()
        .replyDelay(Duration.ofMillis(smtpDelay));
    zone(domains, perDomain, dnsB, smtpB);
    DnsTestServer dns = dnsB.start();
    SmtpTestServer smtp = smtpB.start();
    return new Fixtures() {
      @Override
      public String dnsHostPort() {
        return dns.hostPort();
      }

      @Override
      public int smtpPort() {
        return smtp.port();
      }

      @Override
      public int dnsQueries() {
        return dns.totalQueries();
      }

      @Override
      public int smtpSessions() {
        return smtp.sessions();
      }

      @Override
      public long cpuNanos() {
        return processCpuNanos();
      }

      @Override
      public void close() {
        dns.close();
        smtp.close();
      }
    };
  }

  /** Starts {@link FixtureProcess} in a child JVM with this classpath; stops it on close. */
  private static Fixtures forked(int domains, int perDomain, int dnsDelay, int smtpDelay)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        FixtureProcess.class.getName(), Integer.toString(domains), Integer.toString(perDomain),
        Integer.toString(dnsDelay), Integer.toString(smtpDelay))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader from = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter to = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    String line = from.readLine();
    while (line != null && !line.startsWith("PORTS ")) { // an agent may print first
      line = from.readLine();
    }
    if (line == null) {
      throw new IOException("the fixture process ended before it listened");
    }
    String[] ports = line.split(" ");
    return new Fixtures() {
      @Override
      public String dnsHostPort() {
        return "127.0.0.1:" + ports[1];
      }

      @Override
      public int smtpPort() {
        return Integer.parseInt(ports[2]);
      }

      private String[] stats() throws IOException {
        to.println("STATS");
        return from.readLine().split(" ");
      }

      @Override
      public int dnsQueries() throws IOException {
        return Integer.parseInt(stats()[1]);
      }

      @Override
      public int smtpSessions() throws IOException {
        return Integer.parseInt(stats()[2]);
      }

      @Override
      public long cpuNanos() throws IOException {
        return Long.parseLong(stats()[3]);
      }

      @Override
      public void close() throws IOException {
        to.close(); // the child exits when its standard input closes
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroy(); // only the process this harness started
          }
        } catch (InterruptedException e) {
          p.destroy();
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  /** The fixture servers as a process: prints "PORTS dns smtp", answers "STATS" lines. */
  public static final class FixtureProcess {
    private FixtureProcess() {
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) throws IOException {
      int domains = Integer.parseInt(args[0]);
      int perDomain = Integer.parseInt(args[1]);
      DnsTestServer.Builder dnsB = DnsTestServer.builder()
          .delay(Duration.ofMillis(Integer.parseInt(args[2])));
      SmtpTestServer.Builder smtpB = SmtpTestServer.builder()
          .replyDelay(Duration.ofMillis(Integer.parseInt(args[3])));
      zone(domains, perDomain, dnsB, smtpB);
      try (DnsTestServer dns = dnsB.start(); SmtpTestServer smtp = smtpB.start()) {
        System.out.println("PORTS " + dns.port() + " " + smtp.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
          if (line.equals("STATS")) {
            System.out.println("STATS " + dns.totalQueries() + " " + smtp.sessions() + " "
                + processCpuNanos());
            System.out.flush();
          }
        }
      }
    }
  }
}
