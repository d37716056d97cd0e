package io.github.mailvet.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark inputs: every row of the syntax corpora in ../shared/corpora. */
final class Inputs {

  static final List<String> SYNTAX_CORPORA = List.of("jmail.tsv", "isemail_tests.tsv",
      "isemail_tests_original.tsv", "hapi_isemail_tests.tsv", "python_email_validator.tsv",
      "python_email_validator_isemail.tsv", "egulias_emailvalidator.tsv");

  /** One corpus row: address and the source's verdict. */
  record Row(String corpus, String address, boolean valid) { }

  private Inputs() {
  }

  static Path corporaDir() {
    String p = System.getProperty("mailvet.corpora");
    if (p != null) {
      return Path.of(p);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolveSibling("shared").resolve("corpora");
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    throw new IllegalStateException("cannot find ../shared/corpora; pass -Dmailvet.corpora=DIR");
  }

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String f : SYNTAX_CORPORA) {
      try {
        List<String> lines = Files.readAllLines(corporaDir().resolve(f), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
          String[] cols = line.split("\t", -1);
          rows.add(new Row(f, unescape(cols[0]), cols[1].equals("valid")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  static String[] addresses() {
    return rows().stream().map(Row::address).toArray(String[]::new);
  }

  /** The corpus README's reference decoder. */
  static String unescape(String s) {
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
        default -> throw new IllegalArgumentException("bad escape: " + s);
      }
    }
    return b.toString();
  }

  /** A realistic verify mix: providers, companies, typos, disposables, roles, garbage. */
  static String[] verifyMix() {
    List<String> out = new ArrayList<>();
    String[] domains = {"gmail.com", "yahoo.com", "outlook.com", "acme-widgets.com",
        "example-corp.de", "gmial.com", "mailinator.com", "hotmail.co", "bücher.ch",
        "university.edu", "gmail.con", "startup.io"};
    String[] locals = {"ada", "ada.lovelace", "info", "j.smith+news", "support", "x", "müller"};
    for (String d : domains) {
      for (String l : locals) {
        out.add(l + "@" + d);
      }
    }
    out.add("not an address");
    out.add("ada@@example.org");
    out.add("");
    return out.toArray(String[]::new);
  }
}
