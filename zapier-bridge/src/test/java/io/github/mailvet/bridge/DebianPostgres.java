package io.github.mailvet.bridge;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's PostgreSQL ({@code apt-get install postgresql}), started by the test as the
 * {@code postgres} user on a loopback port in a fresh cluster, and stopped (by the id of the
 * server it started) when the test ends. Without Debian's binaries the test is skipped, unless
 * {@code MAILVET_REQUIRE_POSTGRES=1} (set by {@code .ci/run}) makes that a failure.
 */
final class DebianPostgres implements AutoCloseable {

  private final Path dir;
  private final Path bin;
  private final int port;

  private DebianPostgres(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/mailvet?user=postgres";
  }

  static DebianPostgres start() throws IOException, InterruptedException {
    Optional<Path> bin = binaries();
    boolean required = "1".equals(System.getenv("MAILVET_REQUIRE_POSTGRES"));
    if (bin.isEmpty()) {
      if (required) {
        throw new IllegalStateException("MAILVET_REQUIRE_POSTGRES=1 but Debian's PostgreSQL"
            + " is not installed (apt-get install postgresql)");
      }
      Assumptions.abort("Debian's PostgreSQL is not installed (apt-get install postgresql)");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("mailvet-pg-");
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = dir.resolve("data");
    run(List.of(bin.get().resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
        "-A", "trust", "--no-sync", "-E", "UTF8"), root);
    run(List.of(bin.get().resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
        dir.resolve("log").toString(), "-o", "-c listen_addresses=127.0.0.1 -p " + port
            + " -k " + dir + " -c fsync=off", "start"), root);
    DebianPostgres pg = new DebianPostgres(dir, bin.get(), port);
    run(List.of(bin.get().resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", "postgres", "mailvet"), root);
    return pg;
  }

  private static Optional<Path> binaries() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(Path::toString));
    }
  }

  private static void run(List<String> command, boolean asPostgres)
      throws IOException, InterruptedException {
    List<String> c = new ArrayList<>();
    if (asPostgres) {
      c.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    c.addAll(command);
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Override
  public void close() throws IOException {
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w",
        "-m", "fast", "stop"), root);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
