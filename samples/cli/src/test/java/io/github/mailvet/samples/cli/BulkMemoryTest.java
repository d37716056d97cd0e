package io.github.mailvet.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code check -} on a list far longer than the read-ahead, in a JVM with a small heap: every
 * address is answered, in order, and memory does not grow with the list (the read-ahead follows
 * the heap). Runs the tool in its own process, as a user does, with the heap capped at 64 MB.
 */
class BulkMemoryTest {

  @Test
  void aLongListStreamsThroughASmallHeapInOrder() throws Exception {
    int n = 300_000;
    Process p = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-cp", System.getProperty("java.class.path"), MailvetCli.class.getName(),
        "check", "--offline", "--format", "json", "-"))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(),
          StandardCharsets.UTF_8))) {
        for (int i = 0; i < n; i++) {
          w.write("user" + i + "@d" + (i % 5_000) + ".mailvet.test\n");
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    long lines = 0;
    boolean inOrder = true;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        inOrder &= line.startsWith("{\"email\":\"user" + lines + "@");
        lines++;
      }
    }
    feed.get(5, TimeUnit.MINUTES);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("no OutOfMemoryError in 64 MB").isZero();
    assertThat(lines).isEqualTo(n);
    assertThat(inOrder).as("results in input order").isTrue();
  }
}
