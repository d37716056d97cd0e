package io.github.mailvet.samples.crm;

import io.github.mailvet.Mailvet;
import io.github.mailvet.camel.MailvetComponent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * The CRM import route: a CSV of leads in; {@code accepted.csv}, {@code review.csv} and
 * {@code rejected.csv} out, each with the original columns and the result columns appended, and
 * a summary. Streams: one batch of records in memory at a time. Every input record ends in
 * exactly one output file; records that cannot be verified (empty email, two addresses in one
 * cell, broken quoting, bytes that are not UTF-8) go to {@code rejected.csv} with the reason.
 *
 * <pre>
 * from("direct:leads")
 *   .split(body()).streaming()                       // LeadReader: batches of records
 *     .process(toAddresses)                            // the email cell of each good record
 *     .to("mailvet:verify?batch=true&amp;output=ENRICH") // the engine's bulk path, in order
 *     .process(writer);                                // accepted / review / rejected
 * </pre>
 */
public final class CrmImport {

  /** The result columns appended to every output row. */
  public static final List<String> RESULT_COLUMNS = List.of("mailvet_status", "mailvet_score",
      "mailvet_reason", "mailvet_suggestion", "mailvet_decision", "mailvet_rule",
      "mailvet_normalized_email", "mailvet_source", "mailvet_from_cache", "mailvet_row",
      "mailvet_raw");

  /**
   * What to do.
   *
   * @param input     the CSV file
   * @param outDir    where accepted.csv, review.csv, rejected.csv and summary.txt go
   * @param column    the email column's name; null: detected
   * @param profile   a built-in profile (null: decisions from the status: valid accepted, risky
   *                  and unknown reviewed, invalid and disposable rejected)
   * @param batchSize records per batch (the memory bound)
   * @param neutralizeFormulas whether output cells that a spreadsheet would run as a formula
   *                  (starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or CR) get a
   *                  leading {@code '} (OWASP "CSV injection"); default true
   */
  public record Options(Path input, Path outDir, @Nullable String column,
      @Nullable String profile, int batchSize, boolean neutralizeFormulas) {

    /** Options with formulas neutralized. */
    public Options(Path input, Path outDir, @Nullable String column, @Nullable String profile,
        int batchSize) {
      this(input, outDir, column, profile, batchSize, true);
    }

    /** Checks the values. */
    public Options {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(outDir, "outDir");
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      }
    }
  }

  /**
   * What happened.
   *
   * @param rows       records read (blank lines are not records)
   * @param byDecision rows per output file: accept, review, reject
   * @param byStatus   rows per status
   * @param problems   rows that could not be verified, per reason
   * @param emailColumn the email column used
   * @param columnReason why that column (by name, by its values; whether there was a header)
   * @param time       wall time
   */
  public record Summary(long rows, Map<String, Long> byDecision, Map<String, Long> byStatus,
      Map<String, Long> problems, String emailColumn, String columnReason, Duration time) {

    /** The summary as text, as written to summary.txt. */
    public String text() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("rows: %,d (email column: %s)%n", rows, emailColumn));
      b.append("email column chosen ").append(columnReason).append(System.lineSeparator());
      b.append(String.format("accepted: %,d  review: %,d  rejected: %,d%n",
          byDecision.getOrDefault("accept", 0L), byDecision.getOrDefault("review", 0L),
          byDecision.getOrDefault("reject", 0L)));
      b.append("by status: ").append(byStatus).append(System.lineSeparator());
      if (!problems.isEmpty()) {
        b.append("not verifiable: ").append(problems).append(System.lineSeparator());
      }
      b.append(String.format("time: %.1f s (%,.0f rows/s)%n", time.toMillis() / 1000.0,
          rows / Math.max(0.001, time.toMillis() / 1000.0)));
      return b.toString();
    }
  }

  private CrmImport() {
  }

  /**
   * Runs the route over the file with this engine (not closed here).
   *
   * @param progress told the number of rows done after each batch
   * @throws IllegalArgumentException for a file without header or email column
   */
  @SuppressWarnings("try") // CamelContext.close() may throw InterruptedException; it propagates
  public static Summary run(Options o, Mailvet engine, LongConsumer progress) throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(o.outDir());
    for (String name : List.of("accepted.csv", "review.csv", "rejected.csv", "summary.txt")) {
      Path target = o.outDir().resolve(name);
      if (Files.exists(target) && Files.isSameFile(target, o.input())) {
        // writing it would truncate the input while it is being read: rows would be lost
        throw new IllegalArgumentException("the output folder holds the input: writing " + target
            + " would overwrite it; choose another --out");
      }
    }
    try (InputStream in = Files.newInputStream(o.input());
        LeadReader reader = new LeadReader(in, o.column(), o.batchSize());
        Writers writers = new Writers(o.outDir(), reader.header(), reader.delimiter(),
            o.neutralizeFormulas());
        CamelContext camel = new DefaultCamelContext()) {
      MailvetComponent mailvet = new MailvetComponent();
      mailvet.setMailvet(engine);
      camel.addComponent("mailvet", mailvet);
      String uri = "mailvet:verify?batch=true&output=ENRICH&emailField=email"
          + (o.profile() == null ? "" : "&profile=" + o.profile());
      camel.addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          from("direct:leads").routeId("crm-import")
              .split(body()).streaming().stopOnException()
                .process(CrmImport::addresses)
                .to(uri)
                .process(e -> {
                  writers.write(e);
                  progress.accept(writers.rows);
                })
              .end();
        }
      });
      camel.start();
      Exchange done = camel.createProducerTemplate().send("direct:leads",
          e -> e.getMessage().setBody(reader));
      if (done.getException() != null) {
        throw done.getException();
      }
      writers.flush();
      Summary s = new Summary(writers.rows, new TreeMap<>(writers.byDecision),
          new TreeMap<>(writers.byStatus), new TreeMap<>(writers.problems),
          reader.header().get(reader.emailColumn()),
          reader.columnReason() + (reader.headerless() ? "; the file has no header row, so its"
              + " columns are column1, column2, ..." : ""),
          Duration.ofNanos(System.nanoTime() - t0));
      Files.writeString(o.outDir().resolve("summary.txt"), s.text(), StandardCharsets.UTF_8);
      return s;
    }
  }

  /** The batch's verifiable addresses as the body; the records in a property. */
  private static void addresses(Exchange e) {
    @SuppressWarnings("unchecked")
    List<Lead> leads = e.getMessage().getBody(List.class);
    List<Map<String, Object>> items = new ArrayList<>();
    for (Lead l : leads) {
      if (l.problem() == null) {
        items.add(Map.of("email", l.email()));
      }
    }
    e.setProperty("leads", leads);
    e.getMessage().setBody(items);
  }

  /** The three output files and the counts. */
  /**
   * A CSV cell as written for spreadsheets: text a spreadsheet would evaluate as a formula gets a
   * leading quote (OWASP, CSV injection), so {@code =cmd|'/C calc'!A0@x.com} stays text.
   */
  public static String spreadsheetSafe(String v) {
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      return "'" + v;
    }
    return v;
  }

  private static final class Writers implements AutoCloseable {
    private final List<String> header;
    private final Map<String, CSVPrinter> out = new LinkedHashMap<>();
    private final Map<String, Long> byDecision = new LinkedHashMap<>();
    private final Map<String, Long> byStatus = new LinkedHashMap<>();
    private final Map<String, Long> problems = new LinkedHashMap<>();
    private long rows;
    private final boolean neutralize;

    String cell(String v) {
      return neutralize ? spreadsheetSafe(v) : v;
    }

    /** The output files use the input's delimiter, so a spreadsheet opens them as it did it. */
    Writers(Path dir, List<String> header, char delimiter, boolean neutralize)
        throws IOException {
      this.header = header;
      this.neutralize = neutralize;
      List<String> columns = new ArrayList<>();
      header.forEach(h -> columns.add(cell(h)));
      columns.addAll(RESULT_COLUMNS);
      CSVFormat f = CSVFormat.DEFAULT.builder().setDelimiter(delimiter)
          .setHeader(columns.toArray(String[]::new)).get();
      for (String d : List.of("accept", "review", "reject")) {
        String name = switch (d) {
          case "accept" -> "accepted.csv";
          case "review" -> "review.csv";
          default -> "rejected.csv";
        };
        BufferedWriter w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
        out.put(d, new CSVPrinter(w, f));
        byDecision.put(d, 0L);
      }
    }

    void write(Exchange e) throws IOException {
      @SuppressWarnings("unchecked")
      List<Lead> leads = e.getProperty("leads", List.class);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results = e.getMessage().getBody(List.class);
      int next = 0;
      for (Lead l : leads) {
        Map<String, Object> r;
        if (l.problem() != null) {
          r = new LinkedHashMap<>();
          r.put("mailvet_status", "invalid");
          r.put("mailvet_score", 0.0);
          r.put("mailvet_reason", l.problem());
          r.put("mailvet_decision", "reject");
          r.put("mailvet_source", "local");
          problems.merge(l.problem(), 1L, Long::sum);
        } else {
          r = results.get(next++);
        }
        List<Object> row = new ArrayList<>(header.size() + RESULT_COLUMNS.size());
        for (int i = 0; i < header.size(); i++) {
          row.add(cell(i < l.values().size() ? l.values().get(i) : ""));
        }
        boolean unparsed = l.values().isEmpty() || l.values().size() > header.size();
        for (String c : RESULT_COLUMNS) {
          switch (c) {
            case "mailvet_row" -> row.add(l.row());
            case "mailvet_raw" -> row.add(cell(unparsed ? l.raw() : ""));
            default -> {
              Object v = r.getOrDefault(c, "");
              row.add(v instanceof String t ? cell(t) : v);
            }
          }
        }
        String decision = String.valueOf(r.get("mailvet_decision"));
        CSVPrinter p = out.get(decision);
        if (p == null) {
          throw new IllegalStateException("no output for decision " + decision);
        }
        p.printRecord(row);
        byDecision.merge(decision, 1L, Long::sum);
        byStatus.merge(String.valueOf(r.get("mailvet_status")), 1L, Long::sum);
        rows++;
      }
    }

    void flush() throws IOException {
      for (CSVPrinter p : out.values()) {
        p.flush();
      }
    }

    @Override
    public void close() {
      for (CSVPrinter p : out.values()) {
        try {
          p.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
