package io.github.mailvet.samples.crmkafka;

import io.github.mailvet.Mailvet;
import io.github.mailvet.samples.crm.SampleArgs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code samples/crm-kafka/run [IN.csv] [--out DIR] [--nodes N] [--offline] [--smtp]}: starts
 * Kafka's embedded KRaft broker in this JVM, N mailvet-kafka nodes, and sorts the leads (the
 * bundled 3,000 when no file is given) through them.
 */
public final class CrmKafkaApp {

  private static final int PARTITIONS = 12;
  private static final String USAGE = "run [IN.csv] [--out DIR] [--nodes N] [--offline] [--smtp]";

  private CrmKafkaApp() {
  }

  /** Runs the sample; exits 0 when every row was sorted, 2 on bad arguments, 1 otherwise. */
  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.contains("--help") || rest.contains("-h")) {
      System.out.println("usage: " + USAGE);
      System.out.println("Sorts a CSV of leads through Kafka into accepted.csv, review.csv and"
          + " rejected.csv (the bundled sample when no file is given).");
      return 0;
    }
    int nodes;
    Path out;
    boolean offline = rest.remove("--offline");
    boolean smtp = rest.remove("--smtp");
    try {
      out = Path.of(SampleArgs.option(rest, "--out", "crm-kafka-out"));
      nodes = Integer.parseInt(SampleArgs.option(rest, "--nodes", "2"));
      if (nodes < 1 || nodes > PARTITIONS) {
        throw new IllegalArgumentException("--nodes must be within 1.." + PARTITIONS
            + " (one partition at least for each node): " + nodes);
      }
      for (String a : rest) {
        if (a.startsWith("-")) {
          throw new IllegalArgumentException("unknown option '" + a + "' (" + USAGE + ")");
        }
      }
      if (rest.size() > 1) {
        throw new IllegalArgumentException("one input file at a time, not " + rest.size());
      }
    } catch (IllegalArgumentException e) {
      System.err.println("crm-kafka: " + e.getMessage());
      return 2;
    }
    // the topics, 12 partitions each, are created with the broker, which waits for them: a topic
    // added afterwards may not have its partition leaders yet when the first leads are written
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, CrmKafka.LEADS,
        CrmKafka.SMTP, "crm.leads.accepted", "crm.leads.review", "crm.leads.rejected");
    broker.afterPropertiesSet();
    try {
      System.err.println("crm-kafka: embedded Kafka broker at " + broker.getBrokersAsString()
          + ", " + nodes + " mailvet node(s)" + (offline ? ", offline" : "")
          + (smtp ? ", SMTP on" : ""));
      try (InputStream in = input(rest.isEmpty() ? null : Path.of(rest.get(0)))) {
        CrmKafka.Summary s = CrmKafka.run(broker.getBrokersAsString(), in, out, nodes,
            () -> Mailvet.builder().offline(offline).smtp(smtp && !offline).concurrency(1000)
                .build(), Duration.ofMinutes(30));
        System.out.print(s.text());
        System.err.println("crm-kafka: wrote accepted.csv, review.csv, rejected.csv and"
            + " summary.txt to " + out);
        return 0;
      }
    } finally {
      broker.destroy();
    }
  }

  private static InputStream input(@Nullable Path in) throws java.io.IOException {
    if (in == null) {
      System.err.println("crm-kafka: no input given; using the bundled sample of leads");
      InputStream sample = CrmKafkaApp.class.getResourceAsStream("/leads-sample.csv");
      if (sample == null) {
        throw new IllegalStateException("the bundled leads-sample.csv is missing");
      }
      return sample;
    }
    if (!Files.isRegularFile(in)) {
      throw new IllegalArgumentException("no such file: " + in);
    }
    return Files.newInputStream(in);
  }
}
