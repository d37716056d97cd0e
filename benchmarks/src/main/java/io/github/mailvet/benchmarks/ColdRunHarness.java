package io.github.mailvet.benchmarks;

import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list verified the way a user runs it, cold: {@code ./mailvet check ... - < list.txt} as a new
 * process each time, against loopback DNS and SMTP servers that delay every answer (the
 * simulated internet), side by side with the peers that run here: deep-email-validator (Node,
 * from npm: regex, typo, disposable, MX, SMTP) at the same number of SMTP connections, and
 * python email-validator (Debian's python3-email-validator: syntax and DNS only) at the same
 * number of lookups in flight. Reports wall time, CPU (user + system of the process tree, from
 * GNU time), SMTP sessions per domain, answers that match the fixture's truth, and the floor
 * that the delays impose.
 *
 * <pre>{@code
 * ./mvnw -B -q package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.ColdRunHarness
 * }</pre>
 *
 * Options (system properties): {@code domains} (500), {@code perDomain} (10), {@code dnsDelayMs}
 * (20), {@code smtpDelayMs} per reply (5), {@code sessions} (32: mailvet's --smtp-sessions and the
 * peers' concurrency), {@code runs} (3, the median is reported), {@code tools} (default
 * {@code mailvet,mailvet-plain,deep-email-validator,python-email-validator}; mailvet-plain is the
 * same jar with the JVM's defaults instead of the launcher's start-up settings), {@code profile}
 * (the path of async-profiler's {@code libasyncProfiler.so}: the mailvet runs are profiled, CPU,
 * into {@code mailvet.collapsed} in the work folder), {@code mailvetArgs} (more options for
 * both mailvet runs, space-separated).
 */
public final class ColdRunHarness {

  private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
  private static final Pattern VALID = Pattern.compile("\"valid\":\\s*(true|false)");

  private ColdRunHarness() {
  }

  /** One measured run of one tool. */
  record Run(double wall, double cpu, int sessions, int correct, int answers, double first,
      double half, double fixtureCpu) {
  }

  public static void main(String[] args) throws Exception {
    int domains = Integer.getInteger("domains", 500);
    int perDomain = Integer.getInteger("perDomain", 10);
    int dnsDelay = Integer.getInteger("dnsDelayMs", 20);
    int smtpDelay = Integer.getInteger("smtpDelayMs", 5);
    int sessions = Integer.getInteger("sessions", 32);
    int runs = Integer.getInteger("runs", 3);
    List<String> tools = List.of(System.getProperty("tools",
        "mailvet,mailvet-plain,deep-email-validator,python-email-validator").split(","));
    Path root = Path.of(System.getProperty("root", ".")).toAbsolutePath().normalize();

    // the list: perDomain addresses per domain, shuffled; one in ten has no mailbox
    List<String> list = new ArrayList<>();
    Map<String, Boolean> truth = new HashMap<>();
    SmtpTestServer.Builder smtpb = SmtpTestServer.builder()
        .replyDelay(Duration.ofMillis(smtpDelay));
    DnsTestServer.Builder dnsb = DnsTestServer.builder().delay(Duration.ofMillis(dnsDelay))
        .wellKnownProviders(false);
    for (int d = 0; d < domains; d++) {
      String domain = "d" + d + "-cold.com";
      dnsb.mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.1");
      List<String> boxes = new ArrayList<>();
      for (int i = 0; i < perDomain; i++) {
        boolean exists = i != 0;
        String local = (exists ? "user" : "gone") + i;
        if (exists) {
          boxes.add(local);
        }
        list.add(local + "@" + domain);
        truth.put(local + "@" + domain, exists);
      }
      smtpb.mailboxes(domain, boxes.toArray(new String[0]));
    }
    Collections.shuffle(list, new Random(42));
    Path work = Files.createTempDirectory("mailvet-cold-");
    Path listFile = work.resolve("list.txt");
    Files.write(listFile, list, StandardCharsets.UTF_8);

    // the floor: one MX lookup per domain (all at once), then one session per domain, `sessions`
    // at a time, each costing its replies' delays: EHLO, MAIL, every RCPT plus the catch-all test
    // (sent pipelined, answered as one unit after the sum of their delays), QUIT
    int replies = 1 + 1 + perDomain + 1 + 1;
    double floor = dnsDelay / 1000.0
        + Math.ceil(domains / (double) sessions) * replies * smtpDelay / 1000.0;
    System.out.printf(Locale.ROOT, "JDK %s, %d CPUs; %,d addresses over %,d domains (shuffled),"
            + " DNS %d ms, SMTP %d ms per reply, %d SMTP connections; floor %.2f s%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        list.size(), domains, dnsDelay, smtpDelay, sessions, floor);

    Map<String, Run> medians = new LinkedHashMap<>();
    try (DnsTestServer dns = dnsb.start(); SmtpTestServer smtp = smtpb.start()) {
      for (String tool : tools) {
        List<String> command = command(tool, root, listFile, dns, smtp, sessions);
        if (command == null) {
          continue;
        }
        List<Run> measured = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
          measured.add(run(command, tool, root, work, listFile, smtp, truth));
        }
        measured.sort((a, b) -> Double.compare(a.wall(), b.wall()));
        Run median = measured.get(measured.size() / 2);
        medians.put(tool, median);
        StringBuilder walls = new StringBuilder();
        for (Run m : measured) {
          walls.append(String.format(Locale.ROOT, " %.2f (first result %.2f, half %.2f,"
              + " fixtures' CPU %.2f)", m.wall(), m.first(), m.half(), m.fixtureCpu()));
        }
        System.out.printf(Locale.ROOT, "%s: wall times (s):%s%n", tool, walls);
      }
    }
    System.out.println();
    System.out.println("| tool | wall s (median) | CPU s | SMTP sessions | per domain | answers"
        + " matching the truth | wall / floor | wall / mailvet |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    Run mv = medians.get("mailvet");
    for (Map.Entry<String, Run> e : medians.entrySet()) {
      Run m = e.getValue();
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %,d | %.2f | %,d / %,d | %.2fx | %s |%n",
          e.getKey(), m.wall(), m.cpu(), m.sessions(), m.sessions() / (double) domains,
          m.correct(), list.size(), m.wall() / floor,
          mv == null ? "" : String.format(Locale.ROOT, "%.2fx", m.wall() / mv.wall()));
    }
  }

  /** The command line of a tool, or null (with the reason printed) when it cannot run here. */
  private static List<String> command(String tool, Path root, Path list, DnsTestServer dns,
      SmtpTestServer smtp, int sessions) throws IOException, InterruptedException {
    switch (tool) {
      case "mailvet", "mailvet-plain" -> {
        // mailvet: the launcher, as a user runs it; mailvet-plain: the same jar, JVM defaults
        List<String> head = tool.equals("mailvet") ? List.of(root.resolve("mailvet").toString())
            : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                root.resolve("samples/cli/target/mailvet-cli.jar").toString());
        List<String> c = new ArrayList<>(head);
        c.addAll(List.of("check", "--dns-server",
            dns.hostPort(), "--smtp", "--smtp-port", Integer.toString(smtp.port()),
            "--allow-private-mx", "--helo", "verifier.mailvet-tests.com", "--format", "json"));
        if (sessions != 32) { // 32 is the default (and the only budget of versions before 0.1)
          c.addAll(List.of("--smtp-sessions", Integer.toString(sessions)));
        }
        String extra = System.getProperty("mailvetArgs", "").trim();
        if (!extra.isEmpty()) {
          c.addAll(List.of(extra.split("\\s+")));
        }
        c.add("-");
        return c;
      }
      case "deep-email-validator" -> {
        Path dir = root.resolve("benchmarks/peers/deep-email-validator");
        if (!Files.isDirectory(dir.resolve("node_modules/deep-email-validator"))) {
          int code = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent")
              .directory(dir.toFile()).inheritIO().start().waitFor();
          if (code != 0) {
            System.out.println(tool + ": npm install failed; skipped");
            return null;
          }
        }
        return List.of("node", dir.resolve("run.mjs").toString(), list.toString(),
            dns.hostPort(), Integer.toString(smtp.port()), Integer.toString(sessions));
      }
      case "python-email-validator" -> {
        // Debian's interpreter, where apt puts the package (not a pyenv shim first on the PATH)
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
            : "python3";
        int code = new ProcessBuilder(python, "-c", "import email_validator, dns.resolver")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
            .waitFor();
        if (code != 0) {
          System.out.println(tool + ": not installed (apt-get install python3-email-validator);"
              + " skipped");
          return null;
        }
        String hostPort = dns.hostPort();
        int colon = hostPort.lastIndexOf(':');
        return List.of(python,
            root.resolve("benchmarks/peers/python-email-validator/run.py").toString(),
            list.toString(), hostPort.substring(0, colon), hostPort.substring(colon + 1),
            Integer.toString(sessions));
      }
      default -> throw new IllegalArgumentException("unknown tool " + tool);
    }
  }

  private static Run run(List<String> command, String tool, Path root, Path work, Path list,
      SmtpTestServer smtp, Map<String, Boolean> truth) throws IOException, InterruptedException {
    Path out = work.resolve(tool + ".out");
    Path times = work.resolve(tool + ".time");
    List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o",
        times.toString()));
    timed.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(timed).directory(root.toFile())
        .redirectInput(list.toFile()).redirectError(work.resolve(tool + ".err").toFile());
    String profiler = System.getProperty("profile");
    if (profiler != null && tool.equals("mailvet")) {
      // async-profiler (tools.profiler:async-profiler on Maven Central has the library)
      pb.environment().put("MAILVET_JAVA_OPTS", "-agentpath:" + profiler
          + "=start,event=cpu,interval=1ms,threads,collapsed,file=" + work.resolve("mailvet.collapsed"));
    }
    int before = smtp.sessions();
    long fixtureBefore = selfCpuNanos();
    long start = System.nanoTime();
    Process p = pb.start();
    // the output, with when the first result and the middle one arrived
    double[] marks = {-1, -1};
    int half = list.toFile().length() > 0 ? truth.size() / 2 : 0;
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
            p.getInputStream(), StandardCharsets.UTF_8));
        java.io.BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1) {
          marks[0] = (System.nanoTime() - start) / 1e9;
        }
        if (n == half) {
          marks[1] = (System.nanoTime() - start) / 1e9;
        }
        w.write(line);
        w.newLine();
      }
    }
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(tool + " did not finish in 30 minutes");
    }
    double wall = (System.nanoTime() - start) / 1e9;
    String[] cpu = Files.readString(times).trim().split("\\s+");
    double cpuSeconds = Double.parseDouble(cpu[cpu.length - 2])
        + Double.parseDouble(cpu[cpu.length - 1]);
    int correct = 0;
    int answers = 0;
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      Matcher email = Pattern.compile("\"email\":\\s*\"([^\"]+)\"").matcher(line);
      if (!email.find()) {
        continue;
      }
      answers++;
      Boolean exists = truth.get(email.group(1));
      Matcher status = STATUS.matcher(line);
      Matcher valid = VALID.matcher(line);
      boolean said = status.find() ? status.group(1).equals("valid")
          : valid.find() && valid.group(1).equals("true");
      if (exists != null && exists == said) {
        correct++;
      }
    }
    return new Run(wall, cpuSeconds, smtp.sessions() - before, correct, answers, marks[0],
        marks[1], (selfCpuNanos() - fixtureBefore) / 1e9);
  }

  /** CPU used so far by this JVM: the fixtures (and this harness reading the output). */
  private static long selfCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
