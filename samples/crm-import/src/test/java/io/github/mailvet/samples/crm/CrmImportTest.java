package io.github.mailvet.samples.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailvet.Mailvet;
import io.github.mailvet.testing.dns.DnsTestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CRM import route over the bundled sample and over edge cases. */
class CrmImportTest {

  @RegisterExtension
  static final DnsTestServer DNS = DnsTestServer.builder()
      .mx("acme.com", 10, "mx.acme.com").a("mx.acme.com", "192.0.2.25").start();

  @TempDir
  Path dir;

  Path sample() throws IOException {
    Path in = dir.resolve("leads.csv");
    try (InputStream s = CrmImportTest.class.getResourceAsStream("/leads-sample.csv")) {
      Files.copy(s, in);
    }
    return in;
  }

  static List<CSVRecord> read(Path p) throws IOException {
    try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)
          .getRecords();
    }
  }

  @Test
  void everyRowOfTheSampleEndsInExactlyOneFile() throws Exception {
    Path out = dir.resolve("out");
    List<Long> progress = new ArrayList<>();
    CrmImport.Summary s;
    try (Mailvet engine = Mailvet.builder().offline(true).build()) {
      s = CrmImport.run(new CrmImport.Options(sample(), out, null, null, 500), engine,
          progress::add);
    }
    assertThat(s.rows()).isEqualTo(3000);
    assertThat(s.emailColumn()).isEqualTo("email");
    assertThat(s.byDecision().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3000);
    assertThat(s.problems()).containsEntry("empty_email", 12L)
        .containsEntry("multiple_addresses", 12L).containsEntry("broken_csv_row", 6L)
        .containsEntry("invalid_encoding", 6L);
    List<CSVRecord> accepted = read(out.resolve("accepted.csv"));
    List<CSVRecord> review = read(out.resolve("review.csv"));
    List<CSVRecord> rejected = read(out.resolve("rejected.csv"));
    assertThat(accepted.size() + review.size() + rejected.size()).isEqualTo(3000);
    assertThat(accepted).hasSize(s.byDecision().get("accept").intValue());
    assertThat(progress).last().isEqualTo(3000L);
    // original columns first, result columns appended
    CSVRecord a = accepted.get(0);
    assertThat(a.getParser().getHeaderNames()).startsWith("id", "first_name", "last_name",
        "email", "company", "title", "country", "created_at", "lead_source")
        .endsWith("mailvet_row", "mailvet_raw");
    assertThat(a.get("mailvet_decision")).isEqualTo("accept");
    assertThat(rejected).anySatisfy(r -> {
      assertThat(r.get("mailvet_reason")).isEqualTo("invalid_encoding");
      assertThat(r.get("mailvet_raw")).contains("Dupont");
    });
    assertThat(rejected).anySatisfy(r -> {
      assertThat(r.get("mailvet_reason")).isEqualTo("broken_csv_row");
      assertThat(r.get("mailvet_raw")).contains("Unclosed Quote Ltd");
    });
    assertThat(rejected).anySatisfy(r -> assertThat(r.get("mailvet_reason"))
        .isEqualTo("disposable_provider"));
    assertThat(review).anySatisfy(r -> assertThat(r.get("mailvet_suggestion")).isNotEmpty());
    // rows are unique and cover the input
    List<String> ids = new ArrayList<>();
    for (List<CSVRecord> f : List.of(accepted, review, rejected)) {
      f.forEach(r -> ids.add(r.get("mailvet_row")));
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(3000);
    assertThat(Files.readString(out.resolve("summary.txt"))).contains("rows: 3,000");
  }

  @Test
  void withDnsAProfileDecides() throws Exception {
    Path in = dir.resolve("few.csv");
    Files.writeString(in, "Name,Work Email\nAda,ada@acme.com\nBob,bob@nowhere-here.com\n"
        + "Cy,cy@gmail.com\n");
    Path out = dir.resolve("few-out");
    try (Mailvet engine = Mailvet.builder().dnsServers(List.of(DNS.hostPort())).build()) {
      CrmImport.Summary s = CrmImport.run(new CrmImport.Options(in, out, null, "b2b", 10),
          engine, rows -> { });
      assertThat(s.emailColumn()).isEqualTo("Work Email");
      assertThat(s.byDecision()).containsEntry("accept", 1L).containsEntry("reject", 2L);
    }
    // nowhere-here.com does not exist; gmail.com does, and b2b rejects free providers
    assertThat(read(out.resolve("rejected.csv"))).extracting(r -> r.get("mailvet_reason"))
        .containsExactlyInAnyOrder("no_domain", "accepted_email");
  }

  static LeadReader reader(String csv, String column) throws IOException {
    return new LeadReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
        column, 100);
  }

  @Test
  void theReaderHandlesBomCrlfMultiLineCellsAndDetectsTheColumn() throws IOException {
    try (LeadReader r = reader("\uFEFFid,note,contact\r\n1,\"two\r\nlines\",ada@acme.com\r\n"
        + "\r\n2,plain,bob@acme.com\r\n", null)) {
      assertThat(r.header()).containsExactly("id", "note", "contact");
      assertThat(r.emailColumn()).as("by content: the column with '@'").isEqualTo(2);
      List<Lead> batch = r.next();
      assertThat(batch).hasSize(2);
      assertThat(batch.get(0).values().get(1)).as("line ends inside cells become LF")
          .isEqualTo("two\nlines");
      assertThat(batch.get(0).email()).isEqualTo("ada@acme.com");
      assertThat(batch.get(1).row()).isEqualTo(5);
      assertThat(r.hasNext()).isFalse();
    }
  }

  @Test
  void aBrokenQuoteSpoilsOnlyItsOwnLine() throws IOException {
    StringBuilder csv = new StringBuilder("id,email,company\n1,a@acme.com,\"Open quote\n");
    for (int i = 2; i <= 30; i++) {
      csv.append(i).append(",u").append(i).append("@acme.com,\"Acme, Inc.\"\n");
    }
    try (LeadReader r = reader(csv.toString(), "email")) {
      List<Lead> all = r.next();
      assertThat(all).hasSize(30);
      assertThat(all.get(0).problem()).isEqualTo("broken_csv_row");
      assertThat(all.subList(1, 30)).allSatisfy(l -> assertThat(l.problem()).isNull());
      assertThat(all.get(29).email()).isEqualTo("u30@acme.com");
    }
  }

  @Test
  void noEmailColumnIsAClearError() {
    assertThatThrownBy(() -> reader("a,b\n1,2\n", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--column");
    assertThatThrownBy(() -> reader("a,b\n1,2\n", "mail"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[a, b]");
    assertThatThrownBy(() -> reader("", null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> reader("\"unclosed,header\nx,y\n", null))
        .hasMessageContaining("not a CSV header");
  }

  @Test
  void rowsOfManyCellsKeepTheirRawText() throws Exception {
    Path in = dir.resolve("wide.csv");
    Files.writeString(in, "name,email\nAda,ada@acme.com,extra,cells\n");
    Path out = dir.resolve("wide-out");
    try (Mailvet engine = Mailvet.builder().offline(true).build()) {
      CrmImport.run(new CrmImport.Options(in, out, null, null, 10), engine, rows -> { });
    }
    List<CSVRecord> all = new ArrayList<>();
    for (String f : List.of("accepted.csv", "review.csv", "rejected.csv")) {
      all.addAll(read(out.resolve(f)));
    }
    assertThat(all).singleElement().satisfies(r -> {
      assertThat(r.get("email")).isEqualTo("ada@acme.com");
      assertThat(r.get("mailvet_raw")).isEqualTo("Ada,ada@acme.com,extra,cells");
    });
    assertThat(Map.of()).isEmpty();
  }

  @Test
  void semicolonAndTabSeparatedExportsAreRead() throws IOException {
    LeadReader semi = reader("Name;E-Mail;Firma\nAda;ada@acme.com;Acme, Inc.\n", null);
    assertThat(semi.delimiter()).isEqualTo(';');
    assertThat(semi.header()).containsExactly("Name", "E-Mail", "Firma");
    assertThat(semi.emailColumn()).isEqualTo(1);
    List<Lead> leads = semi.next();
    assertThat(leads).singleElement().satisfies(l -> {
      assertThat(l.email()).isEqualTo("ada@acme.com");
      assertThat(l.problem()).isNull();
    });
    LeadReader tab = reader("name\temail\nAda\tada@acme.com\n", null);
    assertThat(tab.delimiter()).isEqualTo('\t');
    assertThat(tab.emailColumn()).isEqualTo(1);
    assertThat(reader("name,email\nAda,ada@acme.com\n", null).delimiter()).isEqualTo(',');
  }

  @Test
  void aSemicolonFileIsSortedIntoSemicolonFiles() throws Exception {
    Path in = dir.resolve("export-de.csv");
    Files.writeString(in, "Name;E-Mail;Firma\nAda;ada@gmail.com;Acme, Inc.\nBob;bob@mailinator.com;Temp\n");
    Path out = dir.resolve("export-de-out");
    try (Mailvet engine = Mailvet.builder().offline(true).build()) {
      CrmImport.Summary s = CrmImport.run(new CrmImport.Options(in, out, null, null, 10), engine,
          rows -> { });
      assertThat(s.emailColumn()).isEqualTo("E-Mail");
    }
    assertThat(Files.readAllLines(out.resolve("accepted.csv")).get(1))
        .startsWith("Ada;ada@gmail.com;").contains(";valid;");
    assertThat(Files.readString(out.resolve("rejected.csv"))).contains("Bob;bob@mailinator.com;");
  }

  @Test
  void formulasInCellsAreWrittenAsTextUnlessTurnedOff() throws Exception {
    Path in = dir.resolve("formulas.csv");
    Files.writeString(in, "name,email\n=HYPERLINK(\"http://x\"),ada@gmail.com\n"
        + "Bob,=cmd|'/Ccalc'!A0@gmail.com\n");
    Path out = dir.resolve("formulas-out");
    try (Mailvet engine = Mailvet.builder().offline(true).build()) {
      CrmImport.run(new CrmImport.Options(in, out, null, null, 10), engine, rows -> { });
    }
    String all = Files.readString(out.resolve("accepted.csv")) + Files.readString(
        out.resolve("review.csv")) + Files.readString(out.resolve("rejected.csv"));
    assertThat(all).contains("'=HYPERLINK").contains("'=cmd|")
        .doesNotContain(",=HYPERLINK").doesNotContain(",=cmd").doesNotContain("\n=");
    Path raw = dir.resolve("formulas-raw");
    try (Mailvet engine = Mailvet.builder().offline(true).build()) {
      CrmImport.run(new CrmImport.Options(in, raw, null, null, 10, false), engine, rows -> { });
    }
    assertThat(Files.readString(raw.resolve("accepted.csv"))).contains("=HYPERLINK")
        .doesNotContain("'=HYPERLINK");
  }

  @Test
  void theInputIsNeverOverwritten() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("same"));
    Path in = folder.resolve("accepted.csv");
    StringBuilder csv = new StringBuilder("email\n");
    for (int i = 0; i < 500; i++) {
      csv.append("user").append(i).append("@gmail.com\n");
    }
    Files.writeString(in, csv);
    try (Mailvet engine = Mailvet.builder().offline(true).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> CrmImport.run(
              new CrmImport.Options(in, folder, null, null, 10), engine, rows -> { }))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overwrite");
    }
    assertThat(Files.readString(in)).isEqualTo(csv.toString());
  }

  static List<Lead> all(LeadReader r) {
    List<Lead> out = new ArrayList<>();
    r.forEachRemaining(out::addAll);
    return out;
  }

  @Test
  void aQuotedCellMaySpanManyLinesAndIsStillOneRow() throws IOException {
    String note = "line\n".repeat(40);
    LeadReader r = reader("name,email,note\nAda,ada@gmail.com,\"" + note + "\"\n"
        + "Bob,bob@gmail.com,short\n", null);
    List<Lead> leads = all(r);
    assertThat(leads).hasSize(2);
    assertThat(leads.get(0).problem()).isNull();
    assertThat(leads.get(0).values().get(2)).hasLineCount(40);
    assertThat(leads.get(1).email()).isEqualTo("bob@gmail.com");
    assertThat(leads.get(1).row()).isEqualTo(43);
  }

  @Test
  void aLineLongerThanARecordMayBeIsRejectedWithItsReasonAndTheRestIsRead() throws IOException {
    String huge = "x".repeat(LeadReader.MAX_RECORD_OCTETS + 10);
    List<Lead> leads = all(reader("name,email\n" + huge + ",a@gmail.com\nBob,bob@gmail.com\n",
        null));
    assertThat(leads).hasSize(2);
    assertThat(leads.get(0).problem()).isEqualTo("oversize_record");
    assertThat(leads.get(0).raw()).hasSizeLessThan(100);
    assertThat(leads.get(1).email()).isEqualTo("bob@gmail.com");
  }

  @Test
  void aFileWithoutAHeaderRowLosesNoRow() throws IOException {
    LeadReader r = reader("ada@gmail.com,Ada\nbob@gmail.com,Bob\n", null);
    assertThat(r.headerless()).isTrue();
    assertThat(r.header()).containsExactly("column1", "column2");
    assertThat(all(r)).extracting(Lead::email).containsExactly("ada@gmail.com", "bob@gmail.com");
  }

  @Test
  void theEmailColumnIsFoundByItsNameInOtherLanguagesAndNotByMailInAnotherName()
      throws IOException {
    LeadReader fr = reader("mailing_address,courriel\n1 rue X,ada@gmail.com\n", null);
    assertThat(fr.emailColumn()).isEqualTo(1);
    assertThat(fr.columnReason()).isEqualTo("by its name");
    LeadReader content = reader("mailing_address,contact\n1 rue X,ada@gmail.com\n", null);
    assertThat(content.emailColumn()).isEqualTo(1);
    assertThat(content.columnReason()).startsWith("by its values");
  }
}
