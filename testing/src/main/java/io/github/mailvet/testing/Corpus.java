package io.github.mailvet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the public test corpora bundled with this module (classpath folder
 * {@code io/github/mailvet/testing/corpora/}; its {@code README.md} gives each file's source
 * repository, snapshot commit, license and format).
 */
public final class Corpus {

  /** One row of a corpus file. */
  public record Row(String file, int line, String address, String expected, String source,
      String note) {

    /** Whether the source asserts the address is valid. */
    public boolean expectValid() {
      return expected.equals("valid");
    }

    @Override
    public String toString() {
      return file + ":" + line + " " + printable(address) + " (" + expected + ")";
    }
  }

  private Corpus() {
  }

  /** All rows of one corpus file, decoded. */
  public static List<Row> read(String file) {
    try {
      List<String> lines = lines(file);
      List<Row> rows = new ArrayList<>();
      for (int n = 1; n < lines.size(); n++) {
        String[] f = lines.get(n).split("\t", -1);
        if (f.length < 4) {
          throw new IllegalStateException(file + ":" + (n + 1) + " has " + f.length + " fields");
        }
        rows.add(new Row(file, n + 1, asReceived(f[0]), unescape(f[1]), f[2], unescape(f[3])));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(String file) throws IOException {
    try (InputStream in = Corpus.class.getResourceAsStream("corpora/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus named " + file);
      }
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return r.lines().toList();
      }
    }
  }

  /**
   * The address as a Java application receives it: raw bytes ({@code \\xNN} with NN >= 80, invalid
   * UTF-8 in the source) go through a UTF-8 decoder, which replaces them with U+FFFD as servlet
   * containers and {@code InputStreamReader} do.
   */
  static String asReceived(String s) {
    String u = unescape(s);
    if (!s.matches(".*\\\\x[89A-F][0-9A-F].*")) {
      return u;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < u.length(); i++) {
      char c = u.charAt(i);
      if (c >= 0x80 && c <= 0xFF && rawByteAt(s, c)) {
        bytes.write(c);
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  private static boolean rawByteAt(String escaped, char c) {
    return escaped.contains(String.format("\\x%02X", (int) c));
  }

  /** The README's reference decoder. Raw bytes \x80-\xFF come back as U+0080-U+00FF. */
  public static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case '\\' -> b.append('\\');
        case 't' -> b.append('\t');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 'x' -> {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'u' -> {
          int j = s.indexOf('}', i);
          b.appendCodePoint(Integer.parseInt(s.substring(i + 2, j), 16));
          i = j;
        }
        default -> throw new IllegalArgumentException("bad escape at " + i + ": " + s);
      }
    }
    return b.toString();
  }

  /** The address with control and invisible characters written as escapes, for messages. */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || Character.isWhitespace(cp)
          && cp != ' ' || Character.getType(cp) == Character.FORMAT
          || Character.getType(cp) == Character.SURROGATE) {
        b.append(String.format("\\u{%04X}", cp));
      } else {
        b.appendCodePoint(cp);
      }
    });
    return b.toString();
  }
}
