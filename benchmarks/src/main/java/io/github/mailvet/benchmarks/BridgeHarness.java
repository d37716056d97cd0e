package io.github.mailvet.benchmarks;

import io.github.mailvet.Mailvet;
import io.github.mailvet.testing.dns.DnsTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge's cost over the engine: {@code POST /api/v1/validate-email} at 1, 8 and 64
 * concurrent clients (offline, and with DNS against the loopback fixture) and a 5,000-address
 * batch end to end, each against the same work done in-process. The bridge runs as a user runs
 * it: {@code java -jar zapier-bridge/target/mailvet-bridge.jar serve} on its embedded default.
 *
 * <pre>{@code
 * ./mvnw -B -q package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.BridgeHarness
 * }</pre>
 *
 * Options (system properties): {@code seconds} per measurement (default 5), {@code dnsDelayMs}
 * (default 2), {@code jar} (default {@code zapier-bridge/target/mailvet-bridge.jar}).
 */
public final class BridgeHarness {

  private static final int DOMAINS = 500;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .executor(Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true); // the harness ends when main does
        return t;
      })).build();

  private BridgeHarness() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("seconds", 5);
    int dnsDelay = Integer.getInteger("dnsDelayMs", 2);
    Path jar = Path.of(System.getProperty("jar", "zapier-bridge/target/mailvet-bridge.jar"));
    DnsTestServer.Builder b = DnsTestServer.builder().delay(Duration.ofMillis(dnsDelay));
    for (int d = 0; d < DOMAINS; d++) {
      b.mx("d" + d + "-bench.com", 10, "mx.d" + d + "-bench.com")
          .a("mx.d" + d + "-bench.com", "192.0.2." + (d % 250 + 1));
    }
    System.out.printf(Locale.ROOT, "JDK %s, %d CPUs, %d s per measurement, DNS delay %d ms%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        seconds, dnsDelay);
    try (DnsTestServer dns = b.start()) {
      for (boolean offline : new boolean[] {true, false}) {
        run(jar, dns, offline, seconds);
      }
    }
  }

  private static void run(Path jar, DnsTestServer dns, boolean offline, int seconds)
      throws Exception {
    Path data = Files.createTempDirectory("mailvet-bench-");
    Process create = new ProcessBuilder("java", "-jar", jar.toString(), "keys", "create",
        "--name", "bench", "--plan", "enterprise", "--monthly-limit", "1000000000",
        "--data", data.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String line = new String(create.getInputStream().readAllBytes());
    create.waitFor();
    Matcher m = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("keys create printed: " + line);
    }
    String key = m.group(1);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString(), "serve",
        "--data", data.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dns-server", dns.hostPort(), "--mailvet.bridge.rate-per-minute.enterprise=1000000000",
        "--mailvet.dns.canaries="));
    if (offline) {
      cmd.add("--offline");
    }
    Process bridge = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String base = "http://127.0.0.1:" + port + "/api/v1";
    Mailvet.Builder eb = Mailvet.builder().dnsServers(List.of(dns.hostPort()))
        .dnsCanaries(List.of());
    if (offline) {
      eb.offline(true);
    }
    try (Mailvet engine = eb.build()) {
      ScaleHarness.awaitHealthy(base, bridge);
      String mode = offline ? "offline" : "DNS (loopback fixture)";
      System.out.println();
      System.out.println("## POST /validate-email, " + mode);
      System.out.println("| clients | bridge req/s | p50 ms | p99 ms | in-process verify/s | p50 ms"
          + " | p99 ms | bridge / in-process |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      AtomicInteger n = new AtomicInteger();
      for (int clients : new int[] {1, 8, 64}) {
        // fresh addresses each call; DNS answers are cached per domain, as in real traffic
        Result http = measure(clients, seconds, i -> post(base + "/validate-email", key,
            "{\"email\":\"u" + n.incrementAndGet() + "@d" + (i % DOMAINS) + "-bench.com\"}"));
        Result local = measure(clients, seconds, i -> engine.verify(
            "u" + n.incrementAndGet() + "@d" + (i % DOMAINS) + "-bench.com"));
        System.out.printf(Locale.ROOT, "| %d | %,.0f | %.2f | %.2f | %,.0f | %.3f | %.3f | %.2fx |%n",
            clients, http.rate, http.p50, http.p99, local.rate, local.p50, local.p99,
            http.rate / local.rate);
      }
      List<String> emails = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        emails.add("batch" + i + "@d" + (i % DOMAINS) + "-bench.com");
      }
      StringBuilder body = new StringBuilder("{\"emails\":[");
      for (int i = 0; i < emails.size(); i++) {
        body.append(i == 0 ? "" : ",").append('"').append(emails.get(i)).append('"');
      }
      body.append("]}");
      long t0 = System.nanoTime();
      String created = post(base + "/batches", key, body.toString());
      Matcher id = Pattern.compile("\"batch_id\":\"([^\"]+)\"").matcher(created);
      if (!id.find()) {
        throw new IllegalStateException(created);
      }
      while (!get(base + "/batches/" + id.group(1), key).contains("\"status\":\"completed\"")) {
        Thread.sleep(20);
      }
      double batchMs = (System.nanoTime() - t0) / 1e6;
      long t1 = System.nanoTime();
      long count = engine.verifyAll(emails.stream().map(e -> "x" + e).toList()).count();
      double localMs = (System.nanoTime() - t1) / 1e6;
      System.out.printf(Locale.ROOT, "%n5,000-address batch, %s: bridge %.0f ms (POST, work,"
          + " stored, polled until completed), in-process verifyAll %.0f ms (%d results):"
          + " %.2fx%n", mode, batchMs, localMs, count, batchMs / localMs);
    } finally {
      bridge.destroy();
      bridge.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private record Result(double rate, double p50, double p99) {
  }

  private static Result measure(int clients, int seconds, IntConsumer call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      runFor(pool, clients, Math.max(1, seconds / 2), call, null); // warm-up
      List<long[]> lat = new ArrayList<>();
      long start = System.nanoTime();
      int done = runFor(pool, clients, seconds, call, lat);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] all = lat.stream().flatMapToLong(Arrays::stream).filter(x -> x > 0).sorted()
          .toArray();
      return new Result(done / elapsed, all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int runFor(ExecutorService pool, int clients, int seconds, IntConsumer call,
      List<long[]> lat) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<long[]>> fs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      fs.add(pool.submit(() -> {
        long[] mine = new long[2_000_000];
        int i = 0;
        while (System.nanoTime() < end && i < mine.length) { // bounded by time and count
          long t = System.nanoTime();
          call.accept(client * 1_000_003 + i);
          mine[i++] = System.nanoTime() - t;
        }
        return Arrays.copyOf(mine, i);
      }));
    }
    int total = 0;
    for (Future<long[]> f : fs) {
      long[] l = f.get();
      total += l.length;
      if (lat != null) {
        lat.add(l);
      }
    }
    return total;
  }

  private static String post(String url, String key, String body) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String get(String url, String key) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key));
  }

  private static String send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
