package io.github.mailvet.kafka.autoconfigure;

import io.github.mailvet.kafka.MailvetKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The node's health: UP while both stages' consumers run, with each stage's topic, group,
 * partitions held and addresses answered in the details; DOWN when the node runs but a stage's
 * consumer has stopped (Spring Kafka stops a consumer on an error it does not retry, such as a
 * refused login or an {@link Error} thrown while a batch is handled) or when a stage's batch has
 * kept failing for longer than the threshold (it is delivered again for as long as it fails,
 * never skipped, so a result topic that does not exist stalls the stage: the details name the
 * error; within the threshold the stage shows {@code retrying}); UNKNOWN while the node is
 * not running (before it is started, with {@code mailvet.kafka.auto-startup=false}, or after it
 * is stopped). Holding no partitions is not DOWN: a node beyond the topic's partition count
 * waits as a standby.
 */
public final class MailvetKafkaHealthIndicator extends AbstractHealthIndicator {

  private final MailvetKafka node;
  private final Duration failingThreshold;

  /**
   * The health of this node.
   *
   * @param failingThreshold how long a stage's batch may keep failing before the node is DOWN
   */
  public MailvetKafkaHealthIndicator(MailvetKafka node, Duration failingThreshold) {
    super("mailvet-kafka health check failed");
    this.node = node;
    this.failingThreshold = failingThreshold;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("node", node.nodeName());
    boolean stopped = false;
    boolean stalled = false;
    Instant now = Instant.now();
    for (MailvetKafka.Stage s : node.stages()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("topic", s.topic());
      d.put("group", s.group());
      d.put("running", s.running());
      d.put("partitions", s.partitions());
      d.put("finished", s.finished());
      Instant since = s.failingSince();
      if (since != null) {
        boolean over = Duration.between(since, now).compareTo(failingThreshold) > 0;
        d.put(over ? "failing" : "retrying", "since " + since + ": " + s.lastError());
        stalled |= over;
      }
      builder.withDetail(s.name(), d);
      stopped |= !s.running();
    }
    if (!node.isRunning()) {
      builder.unknown().withDetail("state", "not running");
    } else if (stopped) {
      builder.down().withDetail("state", "a stage's consumer stopped");
    } else if (stalled) {
      builder.down().withDetail("state", "a stage's batch has failed for over "
          + failingThreshold.toSeconds() + " s");
    } else {
      builder.up();
    }
  }
}
