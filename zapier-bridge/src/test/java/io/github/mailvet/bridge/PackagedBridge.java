package io.github.mailvet.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged {@code mailvet-bridge.jar} run as a user runs it, for the integration tests that
 * start it as a process (and stop it by the id of the process they started).
 */
final class PackagedBridge {

  private PackagedBridge() {
  }

  /**
   * Starts {@code java -jar target/mailvet-bridge.jar ARGS} in {@code work}, its output in
   * {@code NAME.out} and {@code NAME.err}; adds it to {@code started}.
   */
  static Process start(Path work, String name, List<Process> started, String... args)
      throws IOException {
    Path jar = Path.of("target", "mailvet-bridge.jar").toAbsolutePath();
    assertThat(jar).as("the packaged bridge (mvn package)").exists();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(work.toFile())
        .redirectOutput(work.resolve(name + ".out").toFile())
        .redirectError(work.resolve(name + ".err").toFile()).start();
    started.add(p);
    return p;
  }

  /** Waits (at most 120 s) until {@code BASE/health} answers 200; returns its body. */
  static String awaitHealthy(HttpClient http, String base, Process p) throws Exception {
    for (int i = 0; i < 1200; i++) { // bounded: 120 s
      if (!p.isAlive()) {
        throw new AssertionError("the bridge exited with " + p.exitValue());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return r.body();
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the bridge did not become healthy in 120 s");
  }
}
