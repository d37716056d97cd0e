package io.github.mailvet.kafka;

import io.github.mailvet.Mailvet;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.dns.MailRoute;
import io.github.mailvet.dns.MxHost;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Verification over Kafka, for lists one machine cannot probe politely: run one per machine,
 * each with its own engine, all with the same topics.
 *
 * <p>Two stages, two consumer groups:
 * <ol>
 *   <li><b>verify</b> (topic {@code mailvet.verify}): any consumer parses, classifies, resolves
 *       DNS and asks hosted providers. Most addresses finish here. An address the engine would
 *       probe goes on to
 *   <li><b>smtp</b> (topic {@code mailvet.smtp}), <em>keyed by the mail server's owner key</em>
 *       ({@link MailRoute#ownerKey()}: the provider such as {@code google.com}, else the first MX
 *       host; never the email domain, since thousands of domains share Google's and Microsoft's
 *       servers). A partition has one consumer, so every address of one mail server is probed by
 *       one engine: its per-host session limits, RCPT batching and catch-all cache hold across
 *       machines with no coordination code.
 * </ol>
 *
 * <p>Each poll batch is verified concurrently through the async engine (one slow mail server does
 * not hold up the others in the batch), the results are sent, and the offsets are committed
 * after the batch: at least once. A rebalance re-verifies at most what was in flight; results
 * carry the input's key, so a consumer can keep the last per key. A batch that fails (a result
 * the broker did not take, a topic function that threw, the batch timeout) is logged and
 * delivered again, backing off up to 10 s, for as long as it fails: never skipped, so an input
 * is never committed without its result.
 *
 * <p>Messages: the input's value is an address, or a JSON object with an {@code "email"} field;
 * its key is the caller's (a lead id). The result's value is {@link VerificationResult#toJson()},
 * with the input's key, and headers {@code mailvet-input} (the input's value),
 * {@code mailvet-stage} and {@code mailvet-node}. Nothing is dropped: an input that is not an
 * address gets an {@code invalid} result with the reason.
 *
 * <pre>{@code
 * MailvetKafka node = MailvetKafka.builder("broker1:9092", engine).nodeName("probe-1").build();
 * node.start();
 * }</pre>
 *
 * <p>In a Spring Boot application with the mailvet starter, the auto-configuration in
 * {@code io.github.mailvet.kafka.autoconfigure} makes and runs one from {@code spring.kafka.*}
 * and {@code mailvet.kafka.*}; the node is a {@link SmartLifecycle}, started and stopped with
 * the context. {@link #stages()} tells whether each stage runs, what it holds, and whether its
 * batch keeps failing.
 */
public final class MailvetKafka implements SmartLifecycle, AutoCloseable {

  /** Header: the input's value, on every result. */
  public static final String INPUT_HEADER = "mailvet-input";
  /** Header: the stage that finished the address ({@code verify} or {@code smtp}). */
  public static final String STAGE_HEADER = "mailvet-stage";
  /** Header: the node that finished it. */
  public static final String NODE_HEADER = "mailvet-node";
  /** Header, between the stages: the input's key. */
  static final String KEY_HEADER = "mailvet-key";

  private static final System.Logger LOG = System.getLogger(MailvetKafka.class.getName());

  private final Mailvet engine;
  private final String node;
  private final String verifyTopic;
  private final String smtpTopic;
  private final Function<VerificationResult, String> resultTopic;
  private final Duration batchTimeout;
  private final KafkaTemplate<String, String> producer;
  private final DefaultKafkaProducerFactory<String, String> producerFactory;
  private final List<KafkaMessageListenerContainer<String, String>> containers = new ArrayList<>();
  private final Set<String> ownerKeys = ConcurrentHashMap.newKeySet();
  private final AtomicLong finishedAtVerify = new AtomicLong();
  private final AtomicLong finishedAtSmtp = new AtomicLong();
  private final List<String> groups;
  /** Per stage (verify, smtp): since when its current batch has failed, and why. */
  private final List<Failing> failing = List.of(new Failing(), new Failing());
  private final boolean autoStartup;
  private final int ownerKeySlots;
  private volatile boolean running;

  private MailvetKafka(Builder b) {
    this.engine = b.engine;
    this.node = b.nodeName;
    this.verifyTopic = b.verifyTopic;
    this.smtpTopic = b.smtpTopic;
    this.resultTopic = b.resultTopic;
    this.batchTimeout = b.batchTimeout;
    this.autoStartup = b.autoStartup;
    this.ownerKeySlots = b.ownerKeySlots;
    this.groups = List.of(b.verifyGroup, b.smtpGroup);
    Map<String, Object> p = new HashMap<>(b.properties);
    p.putAll(b.producerProperties);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, node + "-producer");
    p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producerFactory = new DefaultKafkaProducerFactory<>(p);
    this.producer = new KafkaTemplate<>(producerFactory);
    containers.add(container(b, b.verifyGroup, verifyTopic, this::verifyStage, failing.get(0)));
    containers.add(container(b, b.smtpGroup, smtpTopic, this::smtpStage, failing.get(1)));
  }

  /**
   * A builder.
   *
   * @param bootstrapServers the brokers, {@code host:port,...}
   * @param engine           the engine; with SMTP on, this node also probes
   */
  public static Builder builder(String bootstrapServers, Mailvet engine) {
    return new Builder(bootstrapServers, engine);
  }

  /** A stage's current run of failed deliveries; cleared when a batch goes through. */
  private static final class Failing {
    private volatile @Nullable Instant since;
    private volatile @Nullable String error;

    void failed(Exception ex) {
      if (since == null) {
        since = Instant.now();
      }
      Throwable c = cause(ex);
      error = c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    void wentThrough() {
      since = null;
      error = null;
    }
  }

  private KafkaMessageListenerContainer<String, String> container(Builder b, String group,
      String topic, BatchMessageListener<String, String> listener, Failing failures) {
    Map<String, Object> c = new HashMap<>(b.properties);
    c.putAll(b.consumerProperties);
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, node + "-" + group);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, b.maxPollRecords);
    // a batch may wait on slow mail servers: the group must not evict the consumer meanwhile
    c.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int) Math.max(300_000, b.batchTimeout.toMillis() + 60_000));
    c.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    ContainerProperties cp = new ContainerProperties(topic);
    cp.setAckMode(ContainerProperties.AckMode.BATCH);
    cp.setMessageListener((BatchMessageListener<String, String>) records -> {
      listener.onMessage(records);
      failures.wentThrough(); // reached only when the batch was answered and sent
    });
    KafkaMessageListenerContainer<String, String> container =
        new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(c), cp);
    container.setBeanName(node + "-" + group);
    // a batch that fails (a send the broker did not take, the batch timeout) is delivered again,
    // backing off up to 10 s, for as long as it fails: never skipped, never committed unanswered
    ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
    backOff.setMaxInterval(10_000);
    DefaultErrorHandler errors = new DefaultErrorHandler(backOff);
    errors.setRetryListeners(new RetryListener() {
      @Override
      public void failedDelivery(ConsumerRecord<?, ?> rec, Exception ex, int attempt) {
        failures.failed(ex);
        LOG.log(System.Logger.Level.WARNING, () -> node + ": " + topic + " record at "
            + rec.partition() + "@" + rec.offset() + " failed (attempt " + attempt
            + "), delivered again: " + cause(ex));
      }

      @Override
      public void failedDelivery(ConsumerRecords<?, ?> recs, Exception ex, int attempt) {
        failures.failed(ex);
        // partitions and counts only: the records hold addresses
        LOG.log(System.Logger.Level.WARNING, () -> node + ": a batch of " + recs.count()
            + " from " + recs.partitions() + " failed (attempt " + attempt
            + "), delivered again: " + cause(ex));
      }
    });
    container.setCommonErrorHandler(errors);
    return container;
  }

  /** Starts consuming. In a Spring context this happens when the context starts. */
  @Override
  public void start() {
    containers.forEach(KafkaMessageListenerContainer::start);
    running = true;
  }

  /** Stops consuming; what is in flight finishes and is committed first. */
  @Override
  public void stop() {
    running = false;
    containers.forEach(KafkaMessageListenerContainer::stop);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Whether a Spring context starts this node (default true). */
  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  /**
   * The phase of Spring Kafka's own listener containers: the node starts after the beans it
   * uses and stops before them.
   */
  @Override
  public int getPhase() {
    return KafkaMessageListenerContainer.DEFAULT_PHASE;
  }

  /** Whether both stages have partitions assigned (tests, health checks). */
  public boolean assigned() {
    return containers.stream().allMatch(c -> c.getAssignedPartitions() != null
        && !c.getAssignedPartitions().isEmpty());
  }

  /**
   * Waits until both stages have partitions assigned, or the timeout passes. A node that has
   * just started holds nothing until its group has rebalanced; records written before then go
   * to the nodes that already hold partitions.
   *
   * @return whether both stages hold partitions
   */
  public boolean awaitAssigned(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!assigned() && System.nanoTime() < deadline) { // bounded by the timeout
      Thread.sleep(50);
    }
    return assigned();
  }

  /**
   * One stage of this node as it is now.
   *
   * @param name       {@code verify} or {@code smtp}
   * @param topic      the stage's input topic
   * @param group      its consumer group
   * @param running    whether its consumer runs (false after {@link #stop()}, or when Spring
   *                   Kafka stopped it on an error it does not retry, such as a refused login)
   * @param partitions how many of the topic's partitions this node holds (0 while the group
   *                   rebalances, or when there are more nodes than partitions)
   * @param finished   addresses this stage has answered on this node
   * @param failingSince since when the stage's current batch has failed and been delivered
   *                   again (a result topic that does not exist, a broker that refuses writes,
   *                   the batch timeout), or null when its last batch went through
   * @param lastError  the last failure's type and message (never the records: they hold
   *                   addresses), or null
   */
  public record Stage(String name, String topic, String group, boolean running, int partitions,
      long finished, @Nullable Instant failingSince, @Nullable String lastError) {
  }

  /** The two stages, verify then smtp, as they are now (health checks, dashboards). */
  public List<Stage> stages() {
    List<Stage> out = new ArrayList<>(2);
    String[] names = {"verify", "smtp"};
    String[] topics = {verifyTopic, smtpTopic};
    long[] finished = {finishedAtVerify.get(), finishedAtSmtp.get()};
    for (int i = 0; i < 2; i++) {
      KafkaMessageListenerContainer<String, String> c = containers.get(i);
      var assigned = c.getAssignedPartitions();
      Failing f = failing.get(i);
      out.add(new Stage(names[i], topics[i], groups.get(i), c.isRunning(),
          assigned == null ? 0 : assigned.size(), finished[i], f.since, f.error));
    }
    return out;
  }

  /** This node's name, as it appears in {@link #NODE_HEADER}. */
  public String nodeName() {
    return node;
  }

  /** The mail server owner keys whose addresses this node has probed so far. */
  public Set<String> ownerKeysProbed() {
    return Set.copyOf(ownerKeys);
  }

  /** Addresses finished by the verify stage on this node. */
  public long finishedAtVerify() {
    return finishedAtVerify.get();
  }

  /** Addresses finished by the SMTP stage on this node. */
  public long finishedAtSmtp() {
    return finishedAtSmtp.get();
  }

  /** The owner key of a result's mail servers, or null when it has none. */
  static @Nullable String ownerKey(VerificationResult r) {
    String key = MailRoute.ownerKey(hosts(r));
    return key.isEmpty() ? null : key;
  }

  private static List<MxHost> hosts(VerificationResult r) {
    List<MxHost> hosts = new ArrayList<>();
    for (String h : r.mxRecords()) {
      hosts.add(new MxHost(0, h, List.of()));
    }
    return hosts;
  }

  private static String address(VerificationResult r) {
    return r.normalizedEmail() != null ? r.normalizedEmail() : r.email();
  }

  /**
   * The SMTP stage's key: the owner key, or with slots and a known provider, the owner key and
   * the address's slot ({@code google.com#3}; see {@link MailRoute#slot(List, String, int)}).
   */
  static String smtpKey(VerificationResult r, int slots) {
    return MailRoute.ownerKey(hosts(r), address(r), slots);
  }

  /**
   * Without a slot, none: Kafka's partitioner places the owner key. With slots, an owner key's
   * slots go to consecutive partitions from the one its key hashes to, so that they land on
   * min(slots, partitions) different partitions: hashing each slot's key would put several on
   * one partition (8 slots over 6 partitions met only 3 or 4 of them), and their consumers would
   * be one.
   */
  private @Nullable Integer smtpPartition(String ownerKey, VerificationResult r) {
    int slot = MailRoute.slot(hosts(r), address(r), ownerKeySlots);
    if (slot < 0) {
      return null;
    }
    int partitions = producer.partitionsFor(smtpTopic).size();
    int base = Utils.toPositive(Utils.murmur2(bytes(ownerKey)));
    return (int) ((base + (long) slot) % partitions);
  }

  /** Whether the engine would probe this address: it has mail servers and is not disposable. */
  private boolean probeWorthy(VerificationResult r) {
    return engine.smtpEnabled() && ownerKey(r) != null
        && !Boolean.TRUE.equals(r.checks().disposable())
        && !Boolean.FALSE.equals(r.checks().syntax());
  }

  private void verifyStage(List<ConsumerRecord<String, String>> records) {
    List<CompletableFuture<VerificationResult>> work = new ArrayList<>(records.size());
    for (ConsumerRecord<String, String> rec : records) {
      work.add(engine.verifyAsync(Inputs.address(value(rec)), null, false));
    }
    await(work);
    // sent from the listener's thread once the batch is verified, never from the engine's I/O
    // threads (a send may block on the producer's buffer or on metadata)
    List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
    int finished = 0;
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, String> rec = records.get(i);
      VerificationResult r = work.get(i).join();
      String value = value(rec);
      String owner = probeWorthy(r) ? ownerKey(r) : null;
      if (owner != null) {
        RecordHeaders h = new RecordHeaders();
        h.add(INPUT_HEADER, bytes(value));
        if (rec.key() != null) {
          h.add(KEY_HEADER, bytes(rec.key()));
        }
        sends.add(producer.send(new ProducerRecord<>(smtpTopic, smtpPartition(owner, r), null,
            smtpKey(r, ownerKeySlots), Inputs.address(value), h)));
      } else {
        finished++;
        sends.add(producer.send(result(r, rec.key(), value, "verify")));
      }
    }
    await(sends);
    finishedAtVerify.addAndGet(finished);
  }

  private void smtpStage(List<ConsumerRecord<String, String>> records) {
    List<CompletableFuture<VerificationResult>> work = new ArrayList<>(records.size());
    for (ConsumerRecord<String, String> rec : records) {
      if (rec.key() != null) {
        ownerKeys.add(rec.key());
      }
      work.add(engine.verifyAsync(value(rec)));
    }
    await(work);
    List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, String> rec = records.get(i);
      String input = Objects.requireNonNullElse(header(rec, INPUT_HEADER), value(rec));
      sends.add(producer.send(result(work.get(i).join(), header(rec, KEY_HEADER), input,
          "smtp")));
    }
    await(sends);
    finishedAtSmtp.addAndGet(records.size());
  }

  private static String value(ConsumerRecord<String, String> rec) {
    return rec.value() == null ? "" : rec.value();
  }

  private ProducerRecord<String, String> result(VerificationResult r, @Nullable String key,
      String input, String stage) {
    RecordHeaders h = new RecordHeaders();
    h.add(INPUT_HEADER, bytes(input));
    h.add(STAGE_HEADER, bytes(stage));
    h.add(NODE_HEADER, bytes(node));
    return new ProducerRecord<>(resultTopic.apply(r), null, key, r.toJson(), h);
  }

  /**
   * Waits for a batch's work, bounded: past the batch timeout the listener throws, nothing is
   * committed, and the container's error handler delivers the batch again.
   */
  private void await(List<? extends CompletableFuture<?>> futures) {
    try {
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
          .get(batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a batch was verified", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("a batch did not finish within " + batchTimeout
          + "; it will be delivered again", e);
    }
  }

  /** What failed, inside the container's wrapper. */
  private static Throwable cause(Exception ex) {
    return ex.getCause() != null ? ex.getCause() : ex;
  }

  private static @Nullable String header(ConsumerRecord<String, String> rec, String name) {
    Header h = rec.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Stops consuming (what is in flight finishes first) and closes the producer. */
  @Override
  public void close() {
    stop();
    producerFactory.destroy();
  }

  /** Builds a {@link MailvetKafka}. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Mailvet engine;
    private String nodeName = "mailvet-" + Long.toHexString(Double.doubleToLongBits(
        Math.random())).substring(0, 8);
    private String verifyTopic = "mailvet.verify";
    private String smtpTopic = "mailvet.smtp";
    private String verifyGroup = "mailvet-verify";
    private String smtpGroup = "mailvet-smtp";
    private Function<VerificationResult, String> resultTopic = r -> "mailvet.results";
    private int maxPollRecords = 500;
    private Duration batchTimeout = Duration.ofMinutes(10);
    private final Map<String, Object> properties = new HashMap<>();
    private final Map<String, Object> consumerProperties = new HashMap<>();
    private final Map<String, Object> producerProperties = new HashMap<>();
    private boolean autoStartup = true;
    private int ownerKeySlots = 1;

    private Builder(String bootstrapServers, Mailvet engine) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must not be blank");
      }
      this.bootstrapServers = bootstrapServers;
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** This node's name, in client ids and the {@code mailvet-node} header (default random). */
    public Builder nodeName(String value) {
      this.nodeName = nonBlank(value, "nodeName");
      return this;
    }

    /** The input topic (default {@code mailvet.verify}). */
    public Builder verifyTopic(String value) {
      this.verifyTopic = nonBlank(value, "verifyTopic");
      return this;
    }

    /**
     * The SMTP stage's topic (default {@code mailvet.smtp}); give it enough partitions (24 to
     * 48) for the nodes to share, since one owner key stays on one partition.
     */
    public Builder smtpTopic(String value) {
      this.smtpTopic = nonBlank(value, "smtpTopic");
      return this;
    }

    /** Consumer group names of the two stages (default {@code mailvet-verify}, {@code -smtp}). */
    public Builder groups(String verify, String smtp) {
      this.verifyGroup = nonBlank(verify, "verify group");
      this.smtpGroup = nonBlank(smtp, "smtp group");
      return this;
    }

    /** The verify stage's consumer group (default {@code mailvet-verify}). */
    public Builder verifyGroup(String value) {
      this.verifyGroup = nonBlank(value, "verify group");
      return this;
    }

    /** The SMTP stage's consumer group (default {@code mailvet-smtp}). */
    public Builder smtpGroup(String value) {
      this.smtpGroup = nonBlank(value, "smtp group");
      return this;
    }

    /** The results' topic (default {@code mailvet.results}). */
    public Builder resultTopic(String value) {
      String topic = nonBlank(value, "resultTopic");
      this.resultTopic = r -> topic;
      return this;
    }

    /** A results' topic per result, such as one per decision (accepted, review, rejected). */
    public Builder resultTopic(Function<VerificationResult, String> value) {
      this.resultTopic = Objects.requireNonNull(value, "resultTopic");
      return this;
    }

    /** Records per poll, verified together (default 500). */
    public Builder maxPollRecords(int value) {
      if (value < 1 || value > 100_000) {
        throw new IllegalArgumentException("maxPollRecords must be within 1..100000: " + value);
      }
      this.maxPollRecords = value;
      return this;
    }

    /** The longest a poll batch may take before it is delivered again (default 10 min). */
    public Builder batchTimeout(Duration value) {
      Objects.requireNonNull(value, "batchTimeout");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("batchTimeout must be positive: " + value);
      }
      this.batchTimeout = value;
      return this;
    }

    /** A Kafka client property for the consumers and the producer (security, timeouts). */
    public Builder property(String name, Object value) {
      properties.put(nonBlank(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * A Kafka client property for the two stages' consumers only. The node's own settings win:
     * the group ids, the deserializers and {@code enable.auto.commit} (off: offsets are committed
     * after each batch).
     */
    public Builder consumerProperty(String name, Object value) {
      consumerProperties.put(nonBlank(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * A Kafka client property for the results' producer only. The node's serializers and client
     * id win.
     */
    public Builder producerProperty(String name, Object value) {
      producerProperties.put(nonBlank(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Spreads each known mail provider's addresses over this many SMTP stage keys, by address
     * (default 1: one key, so one consumer, per mail server). For machines with egress IPs of
     * their own facing providers whose limits are per sending IP (Google, Microsoft, Yahoo):
     * each slot has one consumer, each node keeps its engine's per-host limits, and the provider
     * sees up to {@code slots} polite clients instead of one. By address, because a provider's
     * volume sits in a few domains ({@code gmail.com}); other mail servers keep one key. Every
     * node must use the same value.
     */
    public Builder ownerKeySlots(int slots) {
      this.ownerKeySlots = MailRoute.requireSlots(slots);
      return this;
    }

    /** Whether a Spring context that holds the node starts it (default true). */
    public Builder autoStartup(boolean value) {
      this.autoStartup = value;
      return this;
    }

    /** The node; {@link MailvetKafka#start()} starts it. */
    public MailvetKafka build() {
      if (verifyTopic.equals(smtpTopic)) {
        throw new IllegalArgumentException("verifyTopic and smtpTopic must differ: "
            + verifyTopic);
      }
      return new MailvetKafka(this);
    }

    private static String nonBlank(String v, String what) {
      Objects.requireNonNull(v, what);
      if (v.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return v;
    }
  }
}
