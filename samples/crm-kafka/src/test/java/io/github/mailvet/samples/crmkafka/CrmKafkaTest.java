package io.github.mailvet.samples.crmkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample as its README runs it, offline: the bundled 3,000 leads through two nodes on the
 * embedded broker sort exactly as the Camel CRM import sorts them, and every row is accounted
 * for.
 */
class CrmKafkaTest {

  @Test
  void theBundledLeadsSortAsTheCamelImportSortsThemOverTwoNodes(@TempDir Path out)
      throws Exception {
    int exit = CrmKafkaApp.run(new String[] {"--offline", "--nodes", "2", "--out",
        out.toString()});
    assertThat(exit).isZero();
    String summary = Files.readString(out.resolve("summary.txt"));
    // the same figures as samples/crm-import offline (its README)
    assertThat(summary).contains("rows: 3,000")
        .contains("accepted: 2,364  review: 142  rejected: 494")
        .contains("by status: {disposable=166, invalid=292, risky=142, valid=2364}")
        .contains("not verifiable: {broken_csv_row=6, empty_email=12, invalid_encoding=6,"
            + " multiple_addresses=12}");
    long rows = 0;
    for (String f : List.of("accepted.csv", "review.csv", "rejected.csv")) {
      try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(Files.newBufferedReader(out.resolve(f)))) {
        long previous = 0;
        for (CSVRecord r : p) {
          long row = Long.parseLong(r.get("mailvet_row"));
          assertThat(row).as("row order in " + f).isGreaterThan(previous);
          previous = row;
          rows++;
        }
      }
    }
    assertThat(rows).as("every row in one of the three files").isEqualTo(3_000);
    assertThat(summary).containsPattern("by node: \\{node-1=\\d+, node-2=\\d+\\}");
  }

  @Test
  void aBadArgumentIsAClearErrorNotAStackTrace() throws Exception {
    assertThat(CrmKafkaApp.run(new String[] {"--nodes", "0"})).isEqualTo(2);
    assertThat(CrmKafkaApp.run(new String[] {"--nodes", "13"})).as("more nodes than partitions")
        .isEqualTo(2);
    assertThat(CrmKafkaApp.run(new String[] {"--frobnicate"})).isEqualTo(2);
  }
}
