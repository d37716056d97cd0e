package io.github.mailvet.benchmarks;

import com.sanctionco.jmail.JMail;
import io.github.mailvet.address.AddressParser;
import io.github.mailvet.address.SyntaxPolicy;
import io.github.mailvet.benchmarks.Inputs.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * How many corpus rows each validator agrees with, each in one fixed configuration (no
 * per-corpus tuning), printed as a Markdown table.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.mailvet.benchmarks.AgreementReport
 * </pre>
 */
public final class AgreementReport {

  private AgreementReport() {
  }

  /** Prints the table. */
  public static void main(String[] args) {
    List<Row> rows = Inputs.rows();
    var hv = new org.hibernate.validator.internal.constraintvalidators.bv.EmailValidator();
    EmailValidator commons = EmailValidator.getInstance(true, true);
    Map<String, Predicate<String>> validators = new LinkedHashMap<>();
    validators.put("mailvet RFC5322_LENIENT",
        AddressParser.of(SyntaxPolicy.RFC5322_LENIENT)::isValid);
    validators.put("mailvet RFC5321", AddressParser.of(SyntaxPolicy.RFC5321)::isValid);
    validators.put("mailvet PRACTICAL", AddressParser.of(SyntaxPolicy.PRACTICAL)::isValid);
    validators.put("JMail 2.2.2", JMail::isValid);
    validators.put("Commons Validator 1.11", commons::isValid);
    validators.put("Hibernate @Email 9.1", a -> hv.isValid(a, null));

    Map<String, Integer> totals = new TreeMap<>();
    rows.forEach(r -> totals.merge(r.corpus(), 1, Integer::sum));
    StringBuilder head = new StringBuilder("| validator |");
    StringBuilder sep = new StringBuilder("|---|");
    for (String c : totals.keySet()) {
      head.append(' ').append(c.replace(".tsv", "")).append(" |");
      sep.append("---|");
    }
    head.append(" all |");
    sep.append("---|");
    System.out.println(head);
    System.out.println(sep);
    for (var v : validators.entrySet()) {
      Map<String, Integer> agree = new TreeMap<>();
      int all = 0;
      for (Row r : rows) {
        boolean ok;
        try {
          ok = v.getValue().test(r.address()) == r.valid();
        } catch (RuntimeException e) {
          ok = !r.valid(); // a validator that throws has rejected the input
        }
        if (ok) {
          agree.merge(r.corpus(), 1, Integer::sum);
          all++;
        }
      }
      StringBuilder line = new StringBuilder("| " + v.getKey() + " |");
      for (String c : totals.keySet()) {
        line.append(String.format(" %d/%d |", agree.getOrDefault(c, 0), totals.get(c)));
      }
      line.append(String.format(" %d/%d (%.1f%%) |", all, rows.size(), 100.0 * all / rows.size()));
      System.out.println(line);
    }
  }
}
