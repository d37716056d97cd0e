package io.github.mailvet.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A large list through the command line tool, offline, the way a user runs it:
 * {@code ./mailvet clean --offline leads.csv} and {@code ./mailvet check --offline - < list.txt},
 * each a new process. The list is made here, seeded: {@code rows} CRM rows, seven in ten at one
 * of {@code domains} company domains, the rest at free, disposable and mistyped providers.
 * Reports wall time, CPU (user + system, GNU time), the largest resident set, rows a second, and
 * checks that every row came out once (clean: the three files; check: one line per address).
 *
 * <pre>{@code
 * ./mvnw -B -q package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.LargeListHarness
 * java -Dheap=96m -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.LargeListHarness
 * }</pre>
 *
 * Options (system properties): {@code rows} (1,000,000), {@code domains} (20,000), {@code heap}
 * (a maximum heap for the tool, as {@code -Xmx}: default the JVM's), {@code javaOpts} (more JVM
 * options for the tool, through {@code MAILVET_JAVA_OPTS}), {@code root} (the repository).
 */
public final class LargeListHarness {

  private LargeListHarness() {
  }

  /** Runs the harness; see the class documentation for its options. */
  public static void main(String[] args) throws IOException, InterruptedException {
    int rows = Integer.getInteger("rows", 1_000_000);
    int domains = Integer.getInteger("domains", 20_000);
    String heap = System.getProperty("heap", "");
    String javaOpts = (heap.isEmpty() ? "" : "-Xmx" + heap + " ")
        + System.getProperty("javaOpts", "");
    Path root = Path.of(System.getProperty("root", ".")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("mailvet-large-");
    Path csv = work.resolve("leads.csv");
    Path list = work.resolve("list.txt");
    Random random = new Random(7);
    String[] providers = {"gmail.com", "yahoo.com", "outlook.com", "mailinator.com", "gmial.com"};
    try (BufferedWriter c = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        BufferedWriter l = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
      c.write("id,name,email,company\n");
      for (int i = 0; i < rows; i++) {
        String domain = random.nextInt(10) < 7 ? "d" + random.nextInt(domains) + "-corp.com"
            : providers[random.nextInt(providers.length)];
        String email = "user" + i + "@" + domain;
        c.write(i + ",Name " + i + "," + email + ",Corp " + (i % 977) + "\n");
        l.write(email + "\n");
      }
    }
    System.out.printf(Locale.ROOT, "JDK %s, %d CPUs; %,d rows over %,d company domains (%,d bytes"
            + " of CSV, %,d of list)%s%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), rows, domains, Files.size(csv),
        Files.size(list), javaOpts.isBlank() ? "" : "; tool options: " + javaOpts.strip());
    System.out.println();
    System.out.println("| command | wall s | CPU s | max RSS MB | rows/s | every row out once |");
    System.out.println("|---|---|---|---|---|---|");

    Path out = work.resolve("clean");
    Measured clean = run(root, work, javaOpts, null, "clean",
        List.of("clean", "--offline", csv.toString(), "--out", out.toString()));
    long written = 0;
    for (String f : List.of("accepted.csv", "review.csv", "rejected.csv")) {
      try (Stream<String> lines = Files.lines(out.resolve(f), StandardCharsets.UTF_8)) {
        written += lines.count() - 1; // the header
      }
    }
    print("`./mailvet clean --offline leads.csv`", clean, rows, written == rows);

    Measured check = run(root, work, javaOpts, list, "check",
        List.of("check", "--offline", "--format", "json", "-"));
    long lines;
    try (Stream<String> s = Files.lines(work.resolve("check.out"), StandardCharsets.UTF_8)) {
      lines = s.filter(x -> x.startsWith("{\"email\":")).count();
    }
    print("`./mailvet check --offline --format json - < list.txt`", check, rows, lines == rows);
  }

  /** What GNU time saw of one run. */
  private record Measured(double wall, double cpu, long maxRssKb, int exit) {
  }

  private static Measured run(Path root, Path work, String javaOpts, Path stdin, String name,
      List<String> args) throws IOException, InterruptedException {
    Path times = work.resolve(name + ".time");
    List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o",
        times.toString(), root.resolve("mailvet").toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
        .redirectOutput(work.resolve(name + ".out").toFile())
        .redirectError(work.resolve(name + ".err").toFile());
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    if (!javaOpts.isBlank()) {
      pb.environment().put("MAILVET_JAVA_OPTS", javaOpts.strip());
    }
    Process p = pb.start();
    if (!p.waitFor(30, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not finish in 30 minutes");
    }
    String[] t = Files.readString(times).trim().split("\\s+");
    int n = t.length;
    return new Measured(Double.parseDouble(t[n - 4]),
        Double.parseDouble(t[n - 3]) + Double.parseDouble(t[n - 2]), Long.parseLong(t[n - 1]),
        p.exitValue());
  }

  private static void print(String what, Measured m, int rows, boolean whole) {
    System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %d | %,.0f | %s |%n", what, m.wall(),
        m.cpu(), m.maxRssKb() / 1024, rows / m.wall(),
        whole ? "yes" : "NO (exit " + m.exit() + ")");
  }
}
