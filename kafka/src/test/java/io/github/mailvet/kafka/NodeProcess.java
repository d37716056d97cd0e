package io.github.mailvet.kafka;

import io.github.mailvet.Mailvet;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A mailvet-kafka node in a JVM of its own, so that a test can kill it with SIGKILL in the middle
 * of a batch: no {@code close()}, no last commit, no goodbye to the group.
 *
 * <p>It prints {@code assigned} once both stages hold partitions, and ends by itself when its
 * standard input closes (the test's JVM is gone) or after {@link #LIFETIME}.
 */
final class NodeProcess {

  /** The longest a node process lives, whatever happens to the test. */
  static final Duration LIFETIME = Duration.ofMinutes(5);
  /** How soon the group gives a silent member's partitions away (the broker's minimum). */
  static final int SESSION_TIMEOUT_MS = 6_000;

  private NodeProcess() {
  }

  /**
   * {@code NodeProcess BOOTSTRAP DNS_HOST:PORT SMTP_PORT NODE TOPIC_PREFIX MAX_POLL_RECORDS}.
   */
  public static void main(String[] args) throws Exception {
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() >= 0) { // ends at EOF: the parent is gone
          // nothing is sent on stdin; reading only waits for its end
        }
      } catch (IOException e) {
        // the pipe broke: the parent is gone
      }
      System.exit(3);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    String node = args[3];
    String prefix = args[4];
    Mailvet engine = Mailvet.builder().dnsServers(List.of(args[1]))
        .dnsTimeout(Duration.ofSeconds(2)).smtp(true).smtpPort(Integer.parseInt(args[2]))
        .allowPrivateMx(true).heloName(node + ".mailvet-tests.com").build();
    MailvetKafka kafka = configure(MailvetKafka.builder(args[0], engine), node, prefix,
        Integer.parseInt(args[5])).build();
    kafka.start();
    if (kafka.awaitAssigned(Duration.ofSeconds(60))) {
      System.out.println("assigned");
      System.out.flush();
    }
    Thread.sleep(LIFETIME.toMillis()); // bounded; the test kills it long before
    kafka.close();
    engine.close();
    System.exit(0);
  }

  /**
   * A test's own topics and groups: {@code PREFIX.verify}, {@code PREFIX.smtp},
   * {@code PREFIX.results}, groups {@code PREFIX-verify} and {@code PREFIX-smtp}.
   */
  static MailvetKafka.Builder prefixed(MailvetKafka.Builder b, String node, String prefix) {
    return b.nodeName(node).verifyTopic(prefix + ".verify").smtpTopic(prefix + ".smtp")
        .groups(prefix + "-verify", prefix + "-smtp").resultTopic(prefix + ".results");
  }

  /** The same topics, groups and timeouts for the node in a process and the one in the test. */
  static MailvetKafka.Builder configure(MailvetKafka.Builder b, String node, String prefix,
      int maxPollRecords) {
    return prefixed(b, node, prefix).maxPollRecords(maxPollRecords)
        .property(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS)
        .property(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
  }

  /**
   * Starts a node process with the test's class path and waits (bounded) until it holds
   * partitions; its standard error goes to {@code log}.
   */
  static Process start(String bootstrap, String dns, int smtpPort, String node, String prefix,
      int maxPollRecords, Path log) throws IOException, InterruptedException {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-cp", classPath, NodeProcess.class.getName(), bootstrap, dns,
        Integer.toString(smtpPort), node, prefix, Integer.toString(maxPollRecords))
        .redirectError(Redirect.to(log.toFile())).start();
    var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    // readLine returns at the first line, or at EOF when the process ends; the process ends by
    // itself within its LIFETIME, and it prints "assigned" within 60 s or not at all
    String line = out.readLine();
    if (!"assigned".equals(line)) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new IllegalStateException("node " + node + " did not get partitions (it printed "
          + line + "); its log: " + log);
    }
    return p;
  }
}
