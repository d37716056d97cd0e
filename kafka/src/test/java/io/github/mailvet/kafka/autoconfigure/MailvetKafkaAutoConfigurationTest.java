package io.github.mailvet.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.Mailvet;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.kafka.MailvetKafka;
import io.github.mailvet.spring.MailvetAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A Spring Boot application with the mailvet starter, Boot's Kafka support and mailvet-kafka,
 * against Kafka's embedded KRaft broker: the node is configured from properties, answers from
 * Kafka, takes Boot's client settings, and starts and stops with the context.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailvetKafkaAutoConfigurationTest {

  private EmbeddedKafkaKraftBroker broker;

  @BeforeAll
  void start() {
    // one partition each: results come out in the order the inputs went in
    broker = new EmbeddedKafkaKraftBroker(1, 1, "boot.verify", "boot.smtp", "boot.results",
        "late.verify", "late.smtp", "late.results", "down.verify", "down.smtp",
        "stall.verify", "stall.smtp", "stall.results");
    broker.afterPropertiesSet();
  }

  @AfterAll
  void stop() {
    if (broker != null) {
      broker.destroy();
    }
  }

  private ApplicationContextRunner runner(String prefix) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MailvetAutoConfiguration.class,
            KafkaAutoConfiguration.class, MailvetKafkaAutoConfiguration.class,
            MailvetKafkaHealthAutoConfiguration.class))
        .withPropertyValues("spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
            "mailvet.offline=true", "mailvet.kafka.node-name=" + prefix + "-node",
            "mailvet.kafka.verify-topic=" + prefix + ".verify",
            "mailvet.kafka.smtp-topic=" + prefix + ".smtp",
            "mailvet.kafka.result-topic=" + prefix + ".results",
            "mailvet.kafka.verify-group=" + prefix + "-verify",
            "mailvet.kafka.smtp-group=" + prefix + "-smtp",
            "mailvet.kafka.max-poll-records=50");
  }

  @Test
  void aBootApplicationRunsANodeFromItsPropertiesAndStopsItWithTheContext() {
    AtomicReference<MailvetKafka> seen = new AtomicReference<>();
    runner("boot").run(context -> {
      MailvetKafka node = context.getBean(MailvetKafka.class);
      seen.set(node);
      assertThat(node.isRunning()).as("started with the context").isTrue();
      assertThat(node.nodeName()).isEqualTo("boot-node");
      assertThat(node.awaitAssigned(Duration.ofSeconds(60))).isTrue();
      produce("boot.verify", "lead-1", "ada@gmial.com");
      List<ConsumerRecord<String, String>> results = read("boot.results", 1);
      assertThat(results).hasSize(1);
      ConsumerRecord<String, String> r = results.get(0);
      assertThat(r.key()).isEqualTo("lead-1");
      assertThat(header(r, MailvetKafka.NODE_HEADER)).isEqualTo("boot-node");
      assertThat(VerificationResult.fromJson(r.value()).suggestion())
          .as("answered by the starter's engine").isEqualTo("ada@gmail.com");

      Health health = context.getBean(MailvetKafkaHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("node", "boot-node")
          .containsEntry("verify", Map.of("topic", "boot.verify", "group", "boot-verify",
              "running", true, "partitions", 1, "finished", 1L))
          .containsEntry("smtp", Map.of("topic", "boot.smtp", "group", "boot-smtp",
              "running", true, "partitions", 1, "finished", 0L));
    });
    assertThat(seen.get().isRunning()).as("stopped with the context").isFalse();
  }

  @Test
  void springKafkaConsumerSettingsReachTheNodesConsumers() {
    // a setting only Boot's spring.kafka.* carries: static membership, which the broker reports
    runner("late")
        .withPropertyValues("spring.kafka.consumer.properties[group.instance.id]=static-1")
        .run(context -> {
          MailvetKafka node = context.getBean(MailvetKafka.class);
          assertThat(node.awaitAssigned(Duration.ofSeconds(60))).isTrue();
          try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
              broker.getBrokersAsString()))) {
            for (String group : List.of("late-verify", "late-smtp")) {
              ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                  .describedGroups().get(group).get(30, TimeUnit.SECONDS);
              assertThat(d.members()).as(group)
                  .extracting(m -> m.groupInstanceId().orElse("none"))
                  .containsExactly("static-1");
            }
          }
        });
  }

  @Test
  void autoStartupOffLeavesTheNodeToTheApplication() {
    runner("boot").withPropertyValues("mailvet.kafka.auto-startup=false").run(context -> {
      assertThat(context.getBean(MailvetKafka.class).isRunning()).isFalse();
      assertThat(context.getBean(MailvetKafkaHealthIndicator.class).health().getStatus())
          .isEqualTo(Status.UNKNOWN);
    });
    runner("boot").withPropertyValues("management.health.mailvetKafka.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(MailvetKafka.class)
            .doesNotHaveBean(MailvetKafkaHealthIndicator.class));
  }

  @Test
  void theNodeBacksOffWhenTurnedOffWithoutAnEngineOrForTheApplicationsOwn() {
    runner("off").withPropertyValues("mailvet.kafka.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(Mailvet.class)
            .doesNotHaveBean(MailvetKafka.class));
    runner("off").withPropertyValues("mailvet.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MailvetKafka.class));
    runner("off").withUserConfiguration(OwnNode.class)
        .run(context -> assertThat(context.getBean(MailvetKafka.class).nodeName())
            .isEqualTo("own"));
    runner("off").withPropertyValues("mailvet.kafka.owner-key-slots=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("ownerKeySlots must be within 1..1024: 0"));
    runner("off").withPropertyValues("mailvet.kafka.max-poll-records=0")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("maxPollRecords must be within 1..100000: 0"));
  }

  @Test
  void aStageWhoseConsumerStoppedIsDown() {
    // an Error (not an Exception) thrown while a batch is handled stops Spring Kafka's consumer:
    // the node still runs, one stage does not
    runner("down").withUserConfiguration(FailingNode.class).run(context -> {
      MailvetKafka node = context.getBean(MailvetKafka.class);
      MailvetKafkaHealthIndicator health = context.getBean(MailvetKafkaHealthIndicator.class);
      assertThat(node.awaitAssigned(Duration.ofSeconds(60))).isTrue();
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      produce("down.verify", "lead-1", "ada@gmail.com");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (health.health().getStatus().equals(Status.UP)
          && System.nanoTime() < deadline) { // bounded: 60 s
        Thread.sleep(100);
      }
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.health().getDetails()).containsEntry("state",
          "a stage's consumer stopped");
      assertThat(node.stages()).extracting(MailvetKafka.Stage::running)
          .as("verify stopped, smtp runs").containsExactly(false, true);
    });
  }

  @Test
  void aBatchThatKeepsFailingIsDownPastTheThresholdAndUpOnceItGoesThrough() {
    // the result topic cannot be chosen (say, a registry that is down): the batch is delivered
    // again and again, never skipped; past the threshold the node is DOWN, naming the error
    BROKEN.set(true);
    runner("stall").withUserConfiguration(StallingNode.class)
        .withPropertyValues("mailvet.kafka.health-failing-threshold=1s").run(context -> {
          MailvetKafka node = context.getBean(MailvetKafka.class);
          MailvetKafkaHealthIndicator health = context.getBean(MailvetKafkaHealthIndicator.class);
          assertThat(node.awaitAssigned(Duration.ofSeconds(60))).isTrue();
          produce("stall.verify", "lead-1", "ada@gmail.com");
          assertThat(until(health, Status.DOWN)).isEqualTo(Status.DOWN);
          assertThat(health.health().getDetails()).containsEntry("state",
              "a stage's batch has failed for over 1 s");
          assertThat(node.stages().get(0).lastError())
              .isEqualTo("IllegalStateException: the topic registry is not reachable");
          assertThat(String.valueOf(((Map<?, ?>) health.health().getDetails().get("verify"))
              .get("failing"))).contains("the topic registry is not reachable");

          BROKEN.set(false);
          assertThat(until(health, Status.UP)).as("up again once the batch went through")
              .isEqualTo(Status.UP);
          assertThat(node.stages().get(0).failingSince()).isNull();
          assertThat(read("stall.results", 1)).extracting(ConsumerRecord::key)
              .containsExactly("lead-1");
        });
  }

  private static final java.util.concurrent.atomic.AtomicBoolean BROKEN =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Polls the health until it has this status, at most 60 s; returns the last status. */
  private static Status until(MailvetKafkaHealthIndicator health, Status wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Status s = health.health().getStatus();
    while (!s.equals(wanted) && System.nanoTime() < deadline) { // bounded: 60 s
      Thread.sleep(100);
      s = health.health().getStatus();
    }
    return s;
  }

  /** An application's own node on Boot's brokers, with the topics and groups of a prefix. */
  static MailvetKafka ownNode(Mailvet engine, KafkaProperties kafka, String prefix,
      java.util.function.Function<VerificationResult, String> resultTopic) {
    return MailvetKafka.builder(String.join(",", kafka.getBootstrapServers()), engine)
        .nodeName(prefix).verifyTopic(prefix + ".verify").smtpTopic(prefix + ".smtp")
        .groups(prefix + "-verify", prefix + "-smtp").resultTopic(resultTopic).build();
  }

  @Configuration(proxyBeanMethods = false)
  static class StallingNode {
    @Bean(destroyMethod = "close")
    MailvetKafka stallingNode(Mailvet engine, KafkaProperties kafka) {
      return ownNode(engine, kafka, "stall", r -> {
        if (BROKEN.get()) {
          throw new IllegalStateException("the topic registry is not reachable");
        }
        return "stall.results";
      });
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FailingNode {
    @Bean(destroyMethod = "close")
    MailvetKafka failingNode(Mailvet engine, KafkaProperties kafka) {
      return ownNode(engine, kafka, "down", r -> {
        throw new StackOverflowError("the caller's topic function");
      });
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnNode {
    @Bean(destroyMethod = "close")
    MailvetKafka ownNode(Mailvet engine) {
      return MailvetKafka.builder("127.0.0.1:1", engine).nodeName("own").autoStartup(false)
          .build();
    }
  }

  private void produce(String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
    }
  }

  /** Reads a topic from its start until {@code n} records came, or 60 s passed. */
  private List<ConsumerRecord<String, String>> read(String topic, int n) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ConsumerConfig.GROUP_ID_CONFIG, topic + "-test-reader",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (out.size() < n && System.nanoTime() < deadline) { // bounded: 60 s
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
      // a moment more: a record that should not be there would show up now
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
