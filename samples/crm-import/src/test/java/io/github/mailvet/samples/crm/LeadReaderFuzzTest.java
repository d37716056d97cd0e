package io.github.mailvet.samples.crm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailvet.testing.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The CSV reader fuzzed with hostile files ({@link Fuzz}): stray and unbalanced quotes, every
 * delimiter, CR, LF, NUL, bytes that are not UTF-8, a byte-order mark, empty lines. Whatever it
 * reads, it either refuses the file with a one-line reason or accounts for every row (row numbers
 * rise, no record is invented beyond the file's lines); it never throws anything else. A bounded
 * number of tries runs in ./mvnw verify.
 */
class LeadReaderFuzzTest {

  static byte[] file(Fuzz f) {
    List<String> lines = f.list(1, 40, g -> String.join(",", g.list(1, 5, h -> h.nextInt(2) == 0
        ? h.string("ab@.\"';,\t \r\n\0", 12)
        : h.oneOf("ada@gmail.com", "=cmd|'/C calc'!A0@x.com", "\"", "\"\"", "a\"b",
            "\"multi\nline\"", "x@y", ""))));
    String text = "name,email,note\n" + String.join("\n", lines);
    return switch (f.nextInt(4)) {
      case 0 -> text.getBytes(StandardCharsets.UTF_8);
      case 1 -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
      case 2 -> f.bytes(300);
      default -> text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    };
  }

  /** Commons CSV's reading of one record, or null when it is not exactly one record. */
  private static List<String> byCommonsCsv(String text, CSVFormat format) {
    try {
      List<CSVRecord> records = format.parse(new StringReader(text)).getRecords();
      return records.size() == 1 ? records.get(0).toList() : null;
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  @Test
  void aRecordIsSplitExactlyAsCommonsCsvReadsIt() {
    Fuzz.run(20_000, f -> {
      char delimiter = f.oneOf(',', ';', '\t', '|');
      String text = f.oneOf(
          f.string("ab@. ,;|\t\u00a0\u2003é\"\r\n\0", 30),
          f.string("ab@. ,;|\t", 30),
          String.join(String.valueOf(delimiter),
              f.list(1, 6, g -> g.string(" ab@.x\t\u00a0", 10))));
      return new Object[] {delimiter, text};
    }, c -> {
      char delimiter = (Character) c[0];
      String text = (String) c[1];
      CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setTrim(true).get();
      List<String> expected = byCommonsCsv(text, format);
      List<String> actual;
      try {
        actual = LeadReader.cells(text, delimiter, format);
      } catch (IllegalArgumentException notOneRecord) {
        actual = null;
      }
      assertThat(actual).as("[%s] split at [%s]", text, delimiter).isEqualTo(expected);
    });
  }

  @Test
  void everyFileIsRefusedWithAReasonOrReadWholly() {
    Fuzz.run(2000, LeadReaderFuzzTest::file, file -> {
      LeadReader r;
      try {
        r = new LeadReader(new ByteArrayInputStream(file), null, 7);
      } catch (IllegalArgumentException refused) {
        assertThat(refused.getMessage()).isNotBlank().doesNotContain("\n");
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<Lead> leads = new ArrayList<>();
      r.forEachRemaining(leads::addAll);
      long physical = new String(file, StandardCharsets.ISO_8859_1).lines().count();
      long last = 0;
      for (Lead l : leads) {
        assertThat(l.row()).isGreaterThan(last);
        last = l.row();
        assertThat(l.problem() != null || !l.email().isBlank()).isTrue();
      }
      assertThat(last).isLessThanOrEqualTo(physical);
    });
  }
}
