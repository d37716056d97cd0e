package io.github.mailvet.samples.crm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The CSV reader fuzzed with hostile files: stray and unbalanced quotes, every delimiter, CR,
 * LF, NUL, bytes that are not UTF-8, a byte-order mark, empty lines. Whatever it reads, it either
 * refuses the file with a typed, one-line reason or accounts for every row (row numbers rise, no
 * record is lost or invented); it never throws anything else. Bounded tries in ./mvnw verify.
 */
class LeadReaderFuzzTest {

  @Provide
  Arbitrary<byte[]> files() {
    Arbitrary<String> cell = Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab@.\"';,\t \r\n\0").ofMaxLength(12),
        Arbitraries.of("ada@gmail.com", "=cmd|'/C calc'!A0@x.com", "\"", "\"\"", "a\"b",
            "\"multi\nline\"", "x@y", ""));
    Arbitrary<String> line = cell.list().ofMinSize(1).ofMaxSize(5)
        .map(cells -> String.join(",", cells));
    Arbitrary<String> text = line.list().ofMinSize(1).ofMaxSize(40)
        .map(lines -> "name,email,note\n" + String.join("\n", lines));
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.oneOf(text.map(t -> t.getBytes(StandardCharsets.UTF_8)),
        text.map(t -> ("\uFEFF" + t).getBytes(StandardCharsets.UTF_8)), noise,
        text.map(t -> t.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Property(tries = 2000)
  void everyFileIsRefusedWithAReasonOrReadWholly(@ForAll("files") byte[] file)
      throws IOException {
    LeadReader r;
    try {
      r = new LeadReader(new ByteArrayInputStream(file), null, 7);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank().doesNotContain("\n");
      return;
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
  }
}
