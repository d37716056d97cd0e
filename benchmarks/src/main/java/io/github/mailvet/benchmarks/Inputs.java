package io.github.mailvet.benchmarks;

import io.github.mailvet.testing.Corpus;
import java.util.ArrayList;
import java.util.List;

/** The benchmark inputs: every row of the syntax corpora bundled in mailvet-test. */
final class Inputs {

  static final List<String> SYNTAX_CORPORA = List.of("jmail.tsv", "isemail_tests.tsv",
      "isemail_tests_original.tsv", "hapi_isemail_tests.tsv", "python_email_validator.tsv",
      "python_email_validator_isemail.tsv", "egulias_emailvalidator.tsv");

  /** One corpus row: address and the source's verdict. */
  record Row(String corpus, String address, boolean valid) { }

  private Inputs() {
  }

  /** Every syntax corpus row, decoded by the core tests' reader. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String f : SYNTAX_CORPORA) {
      for (Corpus.Row r : Corpus.read(f)) {
        rows.add(new Row(f, r.address(), r.expectValid()));
      }
    }
    return rows;
  }

  static String[] addresses() {
    return rows().stream().map(Row::address).toArray(String[]::new);
  }

  /** A realistic verify mix: providers, companies, typos, disposables, roles, garbage. */
  static String[] verifyMix() {
    List<String> out = new ArrayList<>();
    String[] domains = {"gmail.com", "yahoo.com", "outlook.com", "acme-widgets.com",
        "example-corp.de", "gmial.com", "mailinator.com", "hotmail.co", "b\u00fccher.ch",
        "university.edu", "gmail.con", "startup.io"};
    String[] locals = {"ada", "ada.lovelace", "info", "j.smith+news", "support", "x",
        "m\u00fcller"};
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
