package io.github.mailvet.bridge;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The embedded default: a real PostgreSQL (binaries from Maven Central, inside a jar) whose data
 * lives in {@code <data>/pg}. No set-up, and the same SQL and migrations as a PostgreSQL of your
 * own.
 *
 * <p>A second process on the same folder ({@code ./mailvet keys create} while {@code serve} runs)
 * attaches to the running server through the port in {@code postmaster.pid} instead of starting
 * another. A server left behind by a bridge that was killed ({@code kill -9} gives the JVM no
 * chance to stop it) is stopped and started afresh by the next {@code serve}: the bridge writes
 * its own process id to {@code <data>/bridge.pid}, so a server whose bridge is gone is known to be
 * an orphan of ours.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private final @Nullable EmbeddedPostgres started;
  private final String jdbcUrl;

  private EmbeddedDatabase(@Nullable EmbeddedPostgres started, String jdbcUrl) {
    this.started = started;
    this.jdbcUrl = jdbcUrl;
  }

  /** The JDBC URL (user {@code postgres}, database {@code postgres}). */
  String jdbcUrl() {
    return jdbcUrl;
  }

  /** Whether this process started the server (and so stops it on close). */
  boolean owned() {
    return started != null;
  }

  /**
   * Starts the server of the data folder, or attaches to the one already running there.
   *
   * @param server true for {@code serve}: an orphaned server is replaced and this process's id
   *               is recorded as the folder's bridge
   */
  static EmbeddedDatabase open(Path data, boolean server) {
    try {
      Path pg = data.resolve("pg");
      Files.createDirectories(data);
      Optional<Running> running = running(pg);
      if (running.isPresent()) {
        Running r = running.get();
        boolean bridgeAlive = bridgePid(data).flatMap(ProcessHandle::of)
            .map(ProcessHandle::isAlive).orElse(false);
        if (!server || bridgeAlive) {
          if (server) {
            throw new IllegalStateException("another bridge (process "
                + bridgePid(data).orElse(-1L) + ") is serving the data folder " + data);
          }
          return new EmbeddedDatabase(null, url(r.port()));
        }
        stopOrphan(r);
      }
      EmbeddedPostgres pgServer = EmbeddedPostgres.builder()
          .setDataDirectory(pg)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          // A commit returns before its WAL reaches the disk: a crash of the bridge or of
          // PostgreSQL loses nothing (the WAL is in the OS), a power cut may lose the last
          // fraction of a second. Without it every request waits for an fsync or two.
          .setServerConfig("synchronous_commit", "off")
          .start();
      if (server) {
        Files.writeString(data.resolve("bridge.pid"),
            Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
      }
      return new EmbeddedDatabase(pgServer, url(pgServer.getPort()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + data, e);
    }
  }

  private static String url(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  private record Running(long pid, int port) {
  }

  /** The server running on the folder, from its postmaster.pid (pid, data dir, start, port). */
  private static Optional<Running> running(Path pg) throws IOException {
    Path pidFile = pg.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
    if (lines.size() < 4) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).strip());
      int port = Integer.parseInt(lines.get(3).strip());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(new Running(pid, port)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> bridgePid(Path data) {
    try {
      return Optional.of(Long.parseLong(Files.readString(data.resolve("bridge.pid")).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A server whose bridge died: SIGTERM (PostgreSQL's smart shutdown), then wait for it. */
  private static void stopOrphan(Running r) {
    ProcessHandle.of(r.pid()).ifPresent(p -> {
      p.destroy();
      try {
        p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the embedded PostgreSQL left by a killed bridge"
            + " (process " + r.pid() + ") did not stop", e);
      }
    });
  }

  @Override
  public void close() {
    if (started != null) {
      try {
        started.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
