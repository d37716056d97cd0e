package io.github.mailvet.benchmarks;

import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One bridge node against two and four on one PostgreSQL, probing over SMTP: processes on this
 * machine ({@code java -jar mailvet-bridge.jar serve --db-url ...}), the loopback DNS fixture
 * with a realistic delay, and one loopback SMTP server per mail provider (Google on 127.0.0.2,
 * Microsoft on .3, Yahoo on .4, a long tail of small hosts on .5), each counting its sessions.
 * The list has a realistic mix: a few giant providers (gmail.com, Google Workspace domains,
 * outlook.com and hotmail.com, yahoo.com) and a long tail of company domains.
 *
 * <pre>{@code
 * ./mvnw -B -q package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.ScaleHarness
 * }</pre>
 *
 * Options (system properties): {@code nodes} (default {@code 1,2,4}), {@code addresses}
 * (default 4000), {@code dnsDelayMs} (default 20), {@code smtpDelayMs} per reply (default 5),
 * {@code perHost} sessions per MX host (default 2), {@code nodeArgs} (more {@code serve}
 * options, space-separated, such as {@code --mailvet.bridge.mx.fair-share=PT1S}), {@code jar}.
 */
public final class ScaleHarness {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> PROVIDERS = List.of("google", "microsoft", "yahoo", "tail");
  private static final int WORKSPACE_DOMAINS = 100;
  private static final int TAIL_DOMAINS = 400;

  private ScaleHarness() {
  }

  public static void main(String[] args) throws Exception {
    int[] nodeCounts = Arrays.stream(System.getProperty("nodes", "1,2,4").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int addresses = Integer.getInteger("addresses", 4000);
    int dnsDelay = Integer.getInteger("dnsDelayMs", 20);
    int smtpDelay = Integer.getInteger("smtpDelayMs", 5);
    int perHost = Integer.getInteger("perHost", 2);
    Path jar = Path.of(System.getProperty("jar", "zapier-bridge/target/mailvet-bridge.jar"))
        .toAbsolutePath();
    List<String> emails = workload(addresses);
    System.out.printf(Locale.ROOT, "JDK %s, %d CPUs; %,d addresses; DNS %d ms, SMTP %d ms per"
            + " reply, %d sessions per MX host%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), addresses, dnsDelay, smtpDelay, perHost);
    System.out.println("nodes | wall s | addresses/s | nodes' CPU s for the work"
        + " | sessions google/microsoft/yahoo/tail | peak sessions google/microsoft/yahoo/tail");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        DnsTestServer dns = dns(dnsDelay)) {
      for (int n : nodeCounts) {
        String db = "scale" + n + "_" + System.nanoTime() % 100_000;
        try (Connection c = pg.getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("create database " + db);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + db + "?user=postgres";
        run(jar, url, dns, emails, n, smtpDelay, perHost);
      }
    }
  }

  /** 30% gmail.com, 10% Workspace, 12% Microsoft, 8% Yahoo, 40% long tail; a fixed seed. */
  static List<String> workload(int n) {
    Random r = new Random(42);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int p = r.nextInt(100);
      String domain = p < 30 ? "gmail.com"
          : p < 40 ? "ws" + r.nextInt(WORKSPACE_DOMAINS) + "-bench.com"
          : p < 46 ? "outlook.com" : p < 52 ? "hotmail.com"
          : p < 60 ? "yahoo.com" : "t" + r.nextInt(TAIL_DOMAINS) + "-bench.com";
      out.add((i % 3 == 2 ? "gone" : "user") + i + "@" + domain);
    }
    return out;
  }

  private static DnsTestServer dns(int delayMs) throws IOException {
    DnsTestServer.Builder b = DnsTestServer.builder().delay(Duration.ofMillis(delayMs))
        .wellKnownProviders(false)
        .mx("gmail.com", 5, "gmail-smtp-in.l.google.com")
        .a("gmail-smtp-in.l.google.com", "127.0.0.2")
        .a("aspmx.l.google.com", "127.0.0.2")
        .mx("outlook.com", 10, "outlook-com.olc.protection.outlook.com")
        .mx("hotmail.com", 10, "hotmail-com.olc.protection.outlook.com")
        .a("outlook-com.olc.protection.outlook.com", "127.0.0.3")
        .a("hotmail-com.olc.protection.outlook.com", "127.0.0.3")
        .mx("yahoo.com", 1, "mta5.am0.yahoodns.net")
        .a("mta5.am0.yahoodns.net", "127.0.0.4");
    for (int d = 0; d < WORKSPACE_DOMAINS; d++) {
      b.mx("ws" + d + "-bench.com", 1, "aspmx.l.google.com");
    }
    for (int d = 0; d < TAIL_DOMAINS; d++) {
      b.mx("t" + d + "-bench.com", 10, "mx.t" + d + "-bench.com")
          .a("mx.t" + d + "-bench.com", "127.0.0.5");
    }
    return b.start();
  }

  private static Map<String, SmtpTestServer> smtp(List<String> emails, int delayMs)
      throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, List<String>> users = new LinkedHashMap<>();
    for (String e : emails) {
      if (e.startsWith("user")) {
        users.computeIfAbsent(e.substring(e.indexOf('@') + 1), k -> new ArrayList<>())
            .add(e.substring(0, e.indexOf('@')));
      }
    }
    Map<String, SmtpTestServer> servers = new LinkedHashMap<>();
    for (int i = 0; i < PROVIDERS.size(); i++) {
      SmtpTestServer.Builder b = SmtpTestServer.builder().replyDelay(Duration.ofMillis(delayMs))
          .bind("127.0.0." + (i + 2), port);
      users.forEach((domain, locals) -> b.mailboxes(domain, locals.toArray(new String[0])));
      servers.put(PROVIDERS.get(i), b.start());
    }
    return servers;
  }

  private static void run(Path jar, String url, DnsTestServer dns, List<String> emails, int n,
      int smtpDelay, int perHost) throws Exception {
    Map<String, SmtpTestServer> smtp = smtp(emails, smtpDelay);
    Path work = Files.createTempDirectory("mailvet-scale-");
    List<Process> nodes = new ArrayList<>();
    try {
      Process create = new ProcessBuilder("java", "-jar", jar.toString(), "keys", "create",
          "--name", "scale", "--plan", "enterprise", "--monthly-limit", "1000000000",
          "--db-url", url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String created = new String(create.getInputStream().readAllBytes());
      create.waitFor(120, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(created);
      if (!m.find()) {
        throw new IllegalStateException("keys create said: " + created);
      }
      String key = m.group(1);
      int smtpPort = smtp.get("google").port();
      List<String> bases = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "serve",
            "--db-url", url, "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--dns-server", dns.hostPort(), "--smtp", "--smtp-port", Integer.toString(smtpPort),
            "--allow-private-mx", "--helo", "node" + i + ".scale-bench.com",
            "--mailvet.smtp.sessions-per-host=" + perHost));
        String extra = System.getProperty("nodeArgs", "").trim();
        if (!extra.isEmpty()) {
          command.addAll(List.of(extra.split("\\s+")));
        }
        nodes.add(new ProcessBuilder(command)
            .redirectOutput(work.resolve("node" + i + ".out").toFile())
            .redirectError(work.resolve("node" + i + ".err").toFile()).start());
        bases.add("http://127.0.0.1:" + port + "/api/v1");
      }
      for (int i = 0; i < n; i++) {
        awaitHealthy(bases.get(i), nodes.get(i));
      }
      double startupCpu = cpu(nodes);
      // two batches per node (each node runs two batch workers), sent round-robin
      int batches = 2 * n;
      int per = (emails.size() + batches - 1) / batches;
      long start = System.nanoTime();
      List<String[]> submitted = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        List<String> part = emails.subList(Math.min(emails.size(), b * per),
            Math.min(emails.size(), (b + 1) * per));
        StringBuilder body = new StringBuilder("{\"check_smtp\": true, \"emails\": [");
        for (int i = 0; i < part.size(); i++) {
          body.append(i == 0 ? "\"" : ",\"").append(part.get(i)).append('"');
        }
        body.append("]}");
        String base = bases.get(b % n);
        String answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/batches"))
            .header("x-api-key", key).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher id = Pattern.compile("\"batch_id\":\"([^\"]+)\"").matcher(answer);
        if (!id.find()) {
          throw new IllegalStateException("batch not accepted: " + answer);
        }
        submitted.add(new String[] {base, id.group(1)});
      }
      for (String[] s : submitted) {
        for (int i = 0; ; i++) { // bounded: 30 min
          if (i > 18_000) {
            throw new IllegalStateException("batch " + s[1] + " did not complete in 30 min");
          }
          String b = HTTP.send(HttpRequest.newBuilder(URI.create(s[0] + "/batches/" + s[1]
              + "?limit=1")).header("x-api-key", key).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          if (b.contains("\"status\":\"completed\"")) {
            break;
          }
          Thread.sleep(100);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = cpu(nodes) - startupCpu;
      StringBuilder sessions = new StringBuilder();
      StringBuilder peaks = new StringBuilder();
      for (String p : PROVIDERS) {
        sessions.append(sessions.length() == 0 ? "" : "/").append(smtp.get(p).sessions());
        peaks.append(peaks.length() == 0 ? "" : "/").append(smtp.get(p).peakConcurrentSessions());
      }
      System.out.printf(Locale.ROOT, "%5d | %6.1f | %11.0f | %8.1f | %s | %s%n", n, seconds,
          emails.size() / seconds, cpu, sessions, peaks);
    } finally {
      for (Process p : nodes) {
        p.destroy();
      }
      for (Process p : nodes) {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      smtp.values().forEach(SmtpTestServer::close);
    }
  }

  /** CPU seconds the node processes have used so far. */
  private static double cpu(List<Process> nodes) {
    double cpu = 0;
    for (Process p : nodes) {
      cpu += p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L) / 1000.0;
    }
    return cpu;
  }

  /**
   * Waits, at most 120 s, until a bridge process answers its health check; fails at once when
   * the process exits.
   */
  static void awaitHealthy(String base, Process p) throws InterruptedException {
    for (int i = 0; i < 1200; i++) { // bounded: 120 s
      if (!p.isAlive()) {
        throw new IllegalStateException("a node exited with " + p.exitValue());
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("a node did not become healthy in 120 s");
  }
}
