package io.github.mailvet.samples.crmkafka;

import io.github.mailvet.Decision;
import io.github.mailvet.Mailvet;
import io.github.mailvet.Status;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.kafka.MailvetKafka;
import io.github.mailvet.samples.crm.Lead;
import io.github.mailvet.samples.crm.LeadReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CRM import over Kafka. Leads go onto {@code crm.leads} (key: the row number, value: the
 * lead as JSON with its {@code email}); {@code nodes} mailvet-kafka nodes, each with its own
 * engine, verify them (the SMTP stage keyed by mail server); the results come out sorted onto
 * {@code crm.leads.accepted}, {@code crm.leads.review} and {@code crm.leads.rejected}, and are
 * written to {@code accepted.csv}, {@code review.csv} and {@code rejected.csv} in row order.
 * Rows the CSV reader cannot verify (empty cell, two addresses, broken quoting, bad bytes) go to
 * {@code rejected.csv} with the reason without a trip through Kafka. Every row is accounted for.
 */
public final class CrmKafka {

  static final String LEADS = "crm.leads";
  static final String SMTP = "crm.leads.smtp";
  static final List<String> DECISIONS = List.of("accepted", "review", "rejected");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** The longest the run waits for every node to hold partitions before it writes leads. */
  private static final Duration ASSIGNMENT = Duration.ofSeconds(60);

  private CrmKafka() {
  }

  /** What a run did. */
  public record Summary(long rows, Map<String, Long> byDecision, Map<String, Long> byStatus,
      Map<String, Long> notVerifiable, Map<String, Long> byNode, Map<String, Long> byStage) {

    /** The summary as the app prints it. */
    public String text() {
      return String.format("rows: %,d%naccepted: %,d  review: %,d  rejected: %,d%n"
              + "by status: %s%nnot verifiable: %s%nby node: %s%nby stage: %s%n", rows,
          byDecision.getOrDefault("accepted", 0L), byDecision.getOrDefault("review", 0L),
          byDecision.getOrDefault("rejected", 0L), byStatus, notVerifiable, byNode, byStage);
    }
  }

  /** Where a result goes: the profile's decision, else by status. */
  static String decision(VerificationResult r) {
    Decision d = r.decision();
    if (d != null) {
      return switch (d) {
        case ACCEPT -> "accepted";
        case REVIEW -> "review";
        case REJECT -> "rejected";
      };
    }
    return r.status() == Status.VALID ? "accepted"
        : r.status() == Status.RISKY || r.status() == Status.UNKNOWN ? "review" : "rejected";
  }

  /**
   * Runs the import.
   *
   * @param bootstrap the brokers
   * @param in        the CSV of leads
   * @param out       where the CSVs and summary.txt go
   * @param nodes     how many mailvet-kafka nodes to run (each with its own engine)
   * @param engines   makes an engine for each node
   * @param timeout   the longest the run may take
   */
  public static Summary run(String bootstrap, InputStream in, Path out, int nodes,
      Supplier<Mailvet> engines, Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(out);
    List<Mailvet> made = new ArrayList<>();
    List<MailvetKafka> running = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        Mailvet engine = engines.get();
        made.add(engine);
        MailvetKafka node = MailvetKafka.builder(bootstrap, engine).nodeName("node-" + (i + 1))
            .verifyTopic(LEADS).smtpTopic(SMTP).groups("crm-verify", "crm-smtp")
            .resultTopic(r -> "crm.leads." + decision(r)).build();
        running.add(node);
        node.start();
      }
      // leads written before a node holds partitions all go to the nodes that already do: wait
      // (bounded) until every node has its share, so the work is spread from the first lead
      long deadline = System.nanoTime() + ASSIGNMENT.toNanos();
      for (MailvetKafka node : running) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        if (!node.awaitAssigned(left)) {
          System.err.println("crm-kafka: " + node.nodeName() + " holds no partitions after "
              + ASSIGNMENT.toSeconds() + " s; the other nodes take its share");
        }
      }
      return sort(bootstrap, in, out, timeout);
    } finally {
      running.forEach(MailvetKafka::close);
      made.forEach(Mailvet::close);
    }
  }

  private static Summary sort(String bootstrap, InputStream in, Path out, Duration timeout)
      throws IOException, InterruptedException {
    Map<Long, Lead> leads = new LinkedHashMap<>();
    Map<String, Long> notVerifiable = new TreeMap<>();
    List<String> header;
    try (LeadReader reader = new LeadReader(in, null, 1000);
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.LINGER_MS_CONFIG, 5))) {
      header = reader.header();
      Map<Long, Future<?>> sent = new LinkedHashMap<>();
      while (reader.hasNext()) {
        for (Lead l : reader.next()) {
          leads.put(l.row(), l);
          if (l.problem() != null) {
            notVerifiable.merge(l.problem(), 1L, Long::sum);
            continue;
          }
          ObjectNode value = JSON.createObjectNode();
          for (int i = 0; i < header.size() && i < l.values().size(); i++) {
            value.put(header.get(i), l.values().get(i));
          }
          value.put("email", l.email());
          long row = l.row();
          sent.put(row, producer.send(new ProducerRecord<>(LEADS, Long.toString(row),
              value.toString())));
        }
      }
      producer.flush();
      // every lead is in Kafka before the run waits for results: a write the broker refused
      // stops the run here, naming the row, instead of surfacing as a missing result later
      for (Map.Entry<Long, Future<?>> e : sent.entrySet()) {
        try {
          e.getValue().get();
        } catch (ExecutionException ex) {
          throw new IOException("row " + e.getKey() + " could not be written to " + LEADS
              + ": " + ex.getCause().getMessage(), ex.getCause());
        }
      }
    }
    long expected = leads.size() - notVerifiable.values().stream().mapToLong(Long::longValue)
        .sum();

    Map<Long, VerificationResult> results = new TreeMap<>();
    Map<Long, String> topicOf = new TreeMap<>();
    Map<String, Long> byNode = new TreeMap<>();
    Map<String, Long> byStage = new TreeMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "crm-sorter",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      consumer.subscribe(DECISIONS.stream().map(d -> "crm.leads." + d).toList());
      while (results.size() < expected && System.nanoTime() < deadline) { // bounded by timeout
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          long row = Long.parseLong(r.key());
          if (results.put(row, VerificationResult.fromJson(r.value())) == null) {
            topicOf.put(row, r.topic().substring("crm.leads.".length()));
            byNode.merge(header(r, MailvetKafka.NODE_HEADER), 1L, Long::sum);
            byStage.merge(header(r, MailvetKafka.STAGE_HEADER), 1L, Long::sum);
          } // a redelivery after a rebalance: the same row again, kept once
        }
      }
    }
    if (results.size() < expected) {
      throw new IllegalStateException("only " + results.size() + " of " + expected
          + " results arrived within " + timeout);
    }
    return write(out, header, leads, results, topicOf, notVerifiable, byNode, byStage);
  }

  private static Summary write(Path out, List<String> header, Map<Long, Lead> leads,
      Map<Long, VerificationResult> results, Map<Long, String> topicOf,
      Map<String, Long> notVerifiable, Map<String, Long> byNode, Map<String, Long> byStage)
      throws IOException {
    List<String> columns = new ArrayList<>(header);
    columns.addAll(List.of("mailvet_status", "mailvet_reason", "mailvet_decision",
        "mailvet_row"));
    Map<String, CSVPrinter> files = new LinkedHashMap<>();
    Map<String, Long> byDecision = new LinkedHashMap<>();
    Map<String, Long> byStatus = new TreeMap<>();
    try {
      for (String d : DECISIONS) {
        Writer w = Files.newBufferedWriter(out.resolve(d + ".csv"), StandardCharsets.UTF_8);
        files.put(d, new CSVPrinter(w, CSVFormat.DEFAULT.builder()
            .setHeader(columns.toArray(new String[0])).get()));
        byDecision.put(d, 0L);
      }
      for (Lead l : leads.values()) {
        VerificationResult r = results.get(l.row());
        String decision = r == null ? "rejected" : topicOf.get(l.row());
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
          String cell = i < l.values().size() ? l.values().get(i) : "";
          row.add(escapeFormula(cell));
        }
        row.add(r == null ? "" : r.status().name().toLowerCase(java.util.Locale.ROOT));
        row.add(r == null ? l.problem() : r.reason().name().toLowerCase(java.util.Locale.ROOT));
        row.add(decision);
        row.add(l.row());
        files.get(decision).printRecord(row);
        byDecision.merge(decision, 1L, Long::sum);
        if (r != null) {
          byStatus.merge(r.status().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        }
      }
    } finally {
      for (CSVPrinter p : files.values()) {
        p.close();
      }
    }
    Summary s = new Summary(leads.size(), byDecision, byStatus, notVerifiable, byNode, byStage);
    Files.writeString(out.resolve("summary.txt"), s.text());
    return s;
  }

  /** A cell a spreadsheet would run as a formula gets a leading quote. */
  private static String escapeFormula(String cell) {
    return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
  }

  private static String header(ConsumerRecord<String, String> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
