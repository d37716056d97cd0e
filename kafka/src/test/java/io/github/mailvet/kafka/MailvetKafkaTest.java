package io.github.mailvet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.testing.dns.DnsTestServer;
import io.github.mailvet.testing.smtp.SmtpTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Two nodes on Kafka's own embedded KRaft broker (spring-kafka-test, in this JVM), each with its
 * own engine against loopback DNS and SMTP servers: the SMTP stage keeps one owner per mail
 * server key across both consumers, and every input comes out once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailvetKafkaTest {

  private static final int PROVIDERS = 8;
  private static final int DOMAINS = 24;
  private static final List<String> USERS = List.of("ada", "bob", "carol", "dan");

  private EmbeddedKafkaKraftBroker broker;
  private DnsTestServer dns;
  private SmtpTestServer smtp;

  @BeforeAll
  void start() throws Exception {
    // every test's topics up front: the broker waits for them here, while a topic added later
    // may not have its partition leaders yet when the first records are produced to it
    broker = new EmbeddedKafkaKraftBroker(1, 6, "mailvet.verify", "mailvet.smtp",
        "mailvet.results", "join.verify", "join.smtp", "join.results", "retry.verify",
        "retry.smtp", "retry.results", "kill.verify", "kill.smtp", "kill.results", "slots.verify", "slots.smtp", "slots.results");
    broker.afterPropertiesSet();
    DnsTestServer.Builder d = DnsTestServer.builder();
    SmtpTestServer.Builder s = SmtpTestServer.builder().replyDelay(Duration.ofMillis(5));
    for (int p = 0; p < PROVIDERS; p++) {
      d.a("mx.host" + p + "-hosting.com", "127.0.0.1");
    }
    for (int i = 0; i < DOMAINS; i++) {
      d.mx(domain(i), 10, "mx.host" + (i % PROVIDERS) + "-hosting.com");
      s.mailboxes(domain(i), "ada", "bob");
    }
    // 24 more domains on Google's servers (Workspace), for the slots test
    d.a("aspmx.l.google.com", "127.0.0.1");
    for (int i = 0; i < DOMAINS; i++) {
      d.mx(shared(i), 1, "aspmx.l.google.com");
    }
    dns = d.start();
    smtp = s.start();
  }

  @AfterAll
  void stop() {
    if (smtp != null) {
      smtp.close();
    }
    if (dns != null) {
      dns.close();
    }
    if (broker != null) {
      broker.destroy();
    }
  }

  private static String shared(int i) {
    return "s" + i + "-shared.com";
  }

  private static String domain(int i) {
    return "c" + i + "-customer.com";
  }

  /** A loopback mail server knowing ada and bob at each of the DOMAINS domains. */
  private static SmtpTestServer mailServer(Duration replyDelay,
      java.util.function.IntFunction<String> domains) {
    SmtpTestServer.Builder b = SmtpTestServer.builder().replyDelay(replyDelay);
    for (int i = 0; i < DOMAINS; i++) {
      b.mailboxes(domains.apply(i), "ada", "bob");
    }
    return b.start();
  }

  /** A node on the test's broker with the topics and groups of {@code prefix}. */
  private MailvetKafka.Builder node(Mailvet engine, String name, String prefix) {
    return NodeProcess.prefixed(MailvetKafka.builder(broker.getBrokersAsString(), engine), name,
        prefix);
  }

  private Mailvet engine(String helo) {
    return engine(helo, smtp);
  }

  private Mailvet engine(String helo, SmtpTestServer server) {
    return Mailvet.builder().dnsServers(List.of(dns.hostPort())).dnsTimeout(Duration.ofSeconds(2))
        .smtp(true).smtpPort(server.port()).allowPrivateMx(true).heloName(helo).build();
  }

  @Test
  void eachMailServerKeyHasOneOwnerAcrossTwoConsumersAndEveryInputComesOutOnce()
      throws Exception {
    try (Mailvet engineA = engine("node-a.mailvet-tests.com");
        Mailvet engineB = engine("node-b.mailvet-tests.com");
        MailvetKafka a = MailvetKafka.builder(broker.getBrokersAsString(), engineA)
            .nodeName("node-a").build();
        MailvetKafka b = MailvetKafka.builder(broker.getBrokersAsString(), engineB)
            .nodeName("node-b").build()) {
      a.start();
      b.start();
      boolean both = a.awaitAssigned(Duration.ofSeconds(60))
          && b.awaitAssigned(Duration.ofSeconds(60));
      assertThat(both).as("both nodes hold partitions of both stages")
          .isTrue();

      Map<String, String> inputs = new LinkedHashMap<>();
      int n = 0;
      for (int i = 0; i < DOMAINS; i++) {
        for (String user : USERS) {
          inputs.put("lead-" + n++, user + "@" + domain(i));
        }
      }
      inputs.put("lead-json", "{\"email\": \"ada@" + domain(3) + "\", \"company\": \"Acme\"}");
      inputs.put("lead-nx", "someone@nothing-here-nx.com");
      inputs.put("lead-garbage", "not an address at all");
      inputs.put("lead-json-no-email", "{\"name\": \"Ada\"}");
      produce("mailvet.verify", inputs);
      Map<String, List<ConsumerRecord<String, String>>> byKey =
          collect("mailvet.results", "test-results", inputs.keySet(), 120);
      assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(inputs.keySet());
      assertThat(byKey.values()).as("once each: no rebalance during the run")
          .allSatisfy(l -> assertThat(l).hasSize(1));

      Map<String, Set<String>> nodesByOwner = new HashMap<>();
      for (Map.Entry<String, List<ConsumerRecord<String, String>>> e : byKey.entrySet()) {
        ConsumerRecord<String, String> rec = e.getValue().get(0);
        VerificationResult r = VerificationResult.fromJson(rec.value());
        String input = header(rec, MailvetKafka.INPUT_HEADER);
        assertThat(input).isEqualTo(inputs.get(e.getKey()));
        String stage = header(rec, MailvetKafka.STAGE_HEADER);
        if (stage.equals("smtp")) {
          nodesByOwner.computeIfAbsent(MailvetKafka.ownerKey(r), k -> new HashSet<>())
              .add(header(rec, MailvetKafka.NODE_HEADER));
          boolean known = r.email().startsWith("ada@") || r.email().startsWith("bob@");
          assertThat(r.status()).as(r.email()).isEqualTo(known ? Status.VALID : Status.INVALID);
          assertThat(r.checks().smtp()).as(r.email()).isEqualTo(known);
        }
      }
      assertThat(header(byKey.get("lead-nx").get(0), MailvetKafka.STAGE_HEADER))
          .as("no mail server: finished by the first stage").isEqualTo("verify");
      assertThat(VerificationResult.fromJson(byKey.get("lead-garbage").get(0).value()).status())
          .isEqualTo(Status.INVALID);
      assertThat(VerificationResult.fromJson(byKey.get("lead-json-no-email").get(0).value())
          .status()).isEqualTo(Status.INVALID);
      assertThat(VerificationResult.fromJson(byKey.get("lead-json").get(0).value()).status())
          .isEqualTo(Status.VALID);

      assertThat(nodesByOwner).hasSize(PROVIDERS);
      assertThat(nodesByOwner.values()).as("each mail server key probed by one node")
          .allSatisfy(nodes -> assertThat(nodes).hasSize(1));
      assertThat(a.ownerKeysProbed()).as("both consumers own some keys").isNotEmpty()
          .doesNotContainAnyElementsOf(b.ownerKeysProbed());
      assertThat(b.ownerKeysProbed()).isNotEmpty();
      assertThat(smtp.sessionsByClient()).containsOnlyKeys("node-a.mailvet-tests.com",
          "node-b.mailvet-tests.com");
    }
  }

  @Test
  void withOwnerKeySlotsAProvidersAddressesAreSharedByBothNodesEachSlotByOne()
      throws Exception {
    // 24 domains on Google's servers, 6 slots over 6 partitions: the slots land on different
    // partitions, so both nodes (both egress IPs, in production) probe Google, each slot's
    // addresses on one node only
    try (SmtpTestServer server = mailServer(Duration.ofMillis(5),
        MailvetKafkaTest::shared);
        Mailvet engineA = engine("slots-a.mailvet-tests.com", server);
        Mailvet engineB = engine("slots-b.mailvet-tests.com", server);
        MailvetKafka a = node(engineA, "slots-a", "slots").ownerKeySlots(6).build();
        MailvetKafka b = node(engineB, "slots-b", "slots").ownerKeySlots(6).build()) {
      a.start();
      b.start();
      boolean both = a.awaitAssigned(Duration.ofSeconds(60))
          && b.awaitAssigned(Duration.ofSeconds(60));
      assertThat(both).as("both nodes hold partitions of both stages").isTrue();
      Map<String, String> inputs = new LinkedHashMap<>();
      for (int i = 0; i < DOMAINS; i++) {
        for (String user : USERS) {
          inputs.put("slots-" + i + "-" + user, user + "@" + shared(i));
        }
      }
      produce("slots.verify", inputs);
      Map<String, List<ConsumerRecord<String, String>>> byKey =
          collect("slots.results", "slots-test-results", inputs.keySet(), 120);
      assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(inputs.keySet());
      assertThat(byKey.values()).allSatisfy(l -> assertThat(l).hasSize(1));

      for (List<ConsumerRecord<String, String>> l : byKey.values()) {
        ConsumerRecord<String, String> rec = l.get(0);
        VerificationResult r = VerificationResult.fromJson(rec.value());
        assertThat(header(rec, MailvetKafka.STAGE_HEADER)).isEqualTo("smtp");
        assertThat(MailvetKafka.ownerKey(r)).isEqualTo("google.com");
        boolean known = r.email().startsWith("ada@") || r.email().startsWith("bob@");
        assertThat(r.status()).as(r.email()).isEqualTo(known ? Status.VALID : Status.INVALID);
      }
      assertThat(a.ownerKeysProbed()).as("slots of Google on both nodes, each slot on one")
          .isNotEmpty().allSatisfy(k -> assertThat(k).startsWith("google.com#"))
          .doesNotContainAnyElementsOf(b.ownerKeysProbed());
      assertThat(b.ownerKeysProbed()).isNotEmpty();
      assertThat(a.ownerKeysProbed().size() + b.ownerKeysProbed().size())
          .as("every slot used (96 addresses over 6 slots)").isEqualTo(6);
      assertThat(server.sessionsByClient()).containsOnlyKeys("slots-a.mailvet-tests.com",
          "slots-b.mailvet-tests.com");
      // the SMTP stage's topic: each slot on a partition of its own
      Map<String, Set<Integer>> partitionsBySlot = new HashMap<>();
      Set<String> slots = new HashSet<>(a.ownerKeysProbed());
      slots.addAll(b.ownerKeysProbed());
      for (List<ConsumerRecord<String, String>> l
          : collect("slots.smtp", "slots-test-smtp", slots, 60).values()) {
        for (ConsumerRecord<String, String> rec : l) {
          partitionsBySlot.computeIfAbsent(rec.key(), k -> new HashSet<>()).add(rec.partition());
        }
      }
      assertThat(partitionsBySlot.values()).as("a slot stays on one partition")
          .allSatisfy(p -> assertThat(p).hasSize(1));
      assertThat(partitionsBySlot.values().stream().flatMap(Set::stream).distinct())
          .as("6 slots on 6 partitions, one each").hasSize(6);
    }
  }

  @Test
  void aNodeJoiningMidRunTakesPartitionsOverAndNoInputIsLost() throws Exception {
    // its own topics and groups, so the first test's offsets do not matter
    // mail servers slow enough (50 ms a reply) that the run outlasts the rebalance
    try (SmtpTestServer slow = mailServer(Duration.ofMillis(50), MailvetKafkaTest::domain);
        Mailvet engineA = engine("node-a.mailvet-tests.com", slow);
        Mailvet engineB = engine("node-b.mailvet-tests.com", slow);
        MailvetKafka a = node(engineA, "join-a", "join").maxPollRecords(20).build();
        MailvetKafka b = node(engineB, "join-b", "join").maxPollRecords(20).build()) {
      a.start();
      assertThat(a.awaitAssigned(Duration.ofSeconds(60))).as("the first node holds partitions")
          .isTrue();
      Map<String, String> inputs = new LinkedHashMap<>();
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < DOMAINS; i++) {
          for (String user : USERS) {
            inputs.put("join-" + round + "-" + i + "-" + user, user + "@" + domain(i));
          }
        }
      }
      produce("join.verify", inputs);
      // node B joins while node A is working: partitions move between them mid-run
      Thread.sleep(300);
      b.start();
      Map<String, List<ConsumerRecord<String, String>>> seen =
          collect("join.results", "join-test-results", inputs.keySet(), 180);
      assertThat(seen.keySet()).as("every input answered, across the rebalance")
          .containsExactlyInAnyOrderElementsOf(inputs.keySet());
      int repeats = seen.values().stream().mapToInt(l -> l.size() - 1).sum();
      assertThat(repeats).as("answered again: at most what was in flight when partitions moved"
          + " (two stages, up to 20 records a poll each)").isLessThanOrEqualTo(inputs.size() / 4);
      assertThat(b.finishedAtVerify() + b.finishedAtSmtp()).as("node B took work over")
          .isPositive();
    }
  }

  @Test
  void aNodeKilledMidBatchHasItsWorkFinishedByTheOtherAndNoInputIsLost(@TempDir Path logs)
      throws Exception {
    // node A runs in a JVM of its own and is killed with SIGKILL while it works: no close, no
    // last commit, no leave-group. The group hands its partitions to node B (in this JVM) once
    // A's session times out, and B answers from A's last committed offsets on.
    int maxPoll = 20;
    Process a = null;
    try (SmtpTestServer slow = mailServer(Duration.ofMillis(50), MailvetKafkaTest::domain);
        Mailvet engineB = engine("kill-b.mailvet-tests.com", slow);
        MailvetKafka b = NodeProcess.configure(MailvetKafka.builder(
            broker.getBrokersAsString(), engineB), "kill-b", "kill", maxPoll).build()) {
      a = NodeProcess.start(broker.getBrokersAsString(), dns.hostPort(), slow.port(), "kill-a",
          "kill", maxPoll, logs.resolve("kill-a.log"));
      b.start();
      assertThat(b.awaitAssigned(Duration.ofSeconds(60))).as("node B holds partitions").isTrue();
      Map<String, String> inputs = new LinkedHashMap<>();
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < DOMAINS; i++) {
          for (String user : USERS) {
            inputs.put("kill-" + round + "-" + i + "-" + user, user + "@" + domain(i));
          }
        }
      }
      produce("kill.verify", inputs);

      Map<String, List<ConsumerRecord<String, String>>> seen = new HashMap<>();
      long byAAtKill = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      try (KafkaConsumer<String, String> results = resultsConsumer("kill-test-results")) {
        results.subscribe(List.of("kill.results"));
        while (!seen.keySet().containsAll(inputs.keySet())
            && System.nanoTime() < deadline) { // bounded: 180 s
          for (ConsumerRecord<String, String> r : results.poll(Duration.ofMillis(200))) {
            seen.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
          }
          long byA = seen.values().stream().flatMap(List::stream)
              .filter(r -> header(r, MailvetKafka.NODE_HEADER).equals("kill-a")).count();
          if (byAAtKill < 0 && byA >= 2L * maxPoll) {
            a.destroyForcibly(); // SIGKILL, mid-run: A holds a batch of each stage in flight
            assertThat(a.waitFor(30, TimeUnit.SECONDS)).as("node A is gone").isTrue();
            byAAtKill = byA;
          }
        }
      }
      assertThat(byAAtKill).as("node A answered some inputs before it was killed").isPositive();
      assertThat(seen.keySet()).as("every input answered, node A's share too")
          .containsExactlyInAnyOrderElementsOf(inputs.keySet());
      long byA = seen.values().stream().flatMap(List::stream)
          .filter(r -> header(r, MailvetKafka.NODE_HEADER).equals("kill-a")).count();
      assertThat(byA).as("from node A: what it sent before the kill, some not yet read then")
          .isLessThanOrEqualTo(byAAtKill + 4L * maxPoll);
      assertThat(b.finishedAtSmtp()).as("node B answered the rest, node A's share included")
          .isGreaterThanOrEqualTo(inputs.size() - byA);
      int repeats = seen.values().stream().mapToInt(l -> l.size() - 1).sum();
      assertThat(repeats).as("answered again: at most node A's uncommitted batches (one poll of"
          + " each stage)").isLessThanOrEqualTo(2 * maxPoll);
      for (List<ConsumerRecord<String, String>> answers : seen.values()) {
        VerificationResult r = VerificationResult.fromJson(answers.get(0).value());
        boolean known = r.email().startsWith("ada@") || r.email().startsWith("bob@");
        assertThat(r.status()).as(r.email()).isEqualTo(known ? Status.VALID : Status.INVALID);
      }
    } finally {
      if (a != null && a.isAlive()) {
        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aBatchThatFailsIsDeliveredAgainUntilItGoesThroughNotSkipped() throws Exception {
    // the caller's topic function fails for its first 3 seconds: longer than Spring Kafka's
    // default of 10 immediate attempts, after which a batch is logged and committed unanswered
    AtomicInteger calls = new AtomicInteger();
    AtomicLong firstCall = new AtomicLong();
    try (Mailvet engine = Mailvet.builder().offline(true).build();
        MailvetKafka node = node(engine, "retry", "retry").maxPollRecords(50)
            .resultTopic(r -> {
              calls.incrementAndGet();
              firstCall.compareAndSet(0, System.nanoTime());
              if (System.nanoTime() - firstCall.get() < TimeUnit.SECONDS.toNanos(3)) {
                throw new IllegalStateException("the topic registry is not reachable yet");
              }
              return "retry.results";
            }).build()) {
      node.start();
      Map<String, String> inputs = new LinkedHashMap<>();
      for (int i = 0; i < 40; i++) {
        inputs.put("retry-" + i, "user" + i + "@gmial.com");
      }
      produce("retry.verify", inputs);
      Map<String, List<ConsumerRecord<String, String>>> seen =
          collect("retry.results", "retry-test-results", inputs.keySet(), 120);
      assertThat(calls.get()).as("failed, then went through").isGreaterThan(inputs.size());
      assertThat(seen.keySet()).as("every input answered once the failure passed")
          .containsExactlyInAnyOrderElementsOf(inputs.keySet());
      assertThat(VerificationResult.fromJson(seen.get("retry-7").get(0).value()).suggestion())
          .isEqualTo("user7@gmail.com");
    }
  }

  /**
   * Writes the inputs (key to value, in order) and waits until the broker has them all: a write
   * that failed fails the test here, not later as a lost result.
   */
  private void produce(String topic, Map<String, String> inputs) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      List<Future<?>> sent = new ArrayList<>();
      for (Map.Entry<String, String> e : inputs.entrySet()) {
        sent.add(producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())));
      }
      producer.flush();
      for (Future<?> f : sent) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** The results by key, read from the start of the topic until every key has one. */
  private Map<String, List<ConsumerRecord<String, String>>> collect(String topic, String group,
      Set<String> keys, int seconds) {
    Map<String, List<ConsumerRecord<String, String>>> byKey = new HashMap<>();
    try (KafkaConsumer<String, String> results = resultsConsumer(group)) {
      results.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (!byKey.keySet().containsAll(keys) && System.nanoTime() < deadline) { // bounded
        for (ConsumerRecord<String, String> r : results.poll(Duration.ofSeconds(1))) {
          byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
      }
    }
    return byKey;
  }

  private KafkaConsumer<String, String> resultsConsumer(String group) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
  }

  private static String header(ConsumerRecord<String, String> rec, String name) {
    return new String(rec.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
