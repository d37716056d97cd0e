package io.github.mailvet.samples.cli;

import io.github.mailvet.VerificationResult;
import io.github.mailvet.samples.crm.CrmImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * {@code check --format csv}: a header, then one row per result, in input order, with the
 * verdict and none of the evidence (about a tenth of the JSON lines' size). Cells a spreadsheet
 * would evaluate as formulas are quoted as text, as {@code clean} does.
 */
final class CsvResults {

  static final String[] HEADER = {"email", "normalized_email", "status", "valid", "score",
      "reason", "suggestion", "decision", "rule", "source"};

  private final CSVPrinter printer;

  CsvResults(PrintWriter out) {
    try {
      this.printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER)
          .setRecordSeparator('\n').get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void row(VerificationResult r) {
    try {
      printer.printRecord(cell(r.email()), cell(r.normalizedEmail()), r.status().wireName(),
          r.valid(), r.score(), r.reason().wireName(), cell(r.suggestion()),
          r.decision() == null ? "" : r.decision().wireName(), cell(r.rule()), r.source());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String cell(@Nullable String v) {
    return v == null ? "" : CrmImport.spreadsheetSafe(v);
  }
}
