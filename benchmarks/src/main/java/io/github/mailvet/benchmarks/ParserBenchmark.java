package io.github.mailvet.benchmarks;

import com.sanctionco.jmail.JMail;
import io.github.mailvet.address.AddressParser;
import io.github.mailvet.address.SyntaxPolicy;
import java.util.concurrent.TimeUnit;
import org.apache.commons.validator.routines.EmailValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Syntax validation of the same corpus mix (every row of the seven syntax corpora, about 1,500
 * addresses, valid and invalid) by mailvet and its peers. One operation validates the whole mix;
 * the result is the number accepted, so nothing is optimized away.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ParserBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {

  private String[] addresses;
  private AddressParser lenient;
  private AddressParser practical;
  private EmailValidator commons;
  private org.hibernate.validator.internal.constraintvalidators.bv.EmailValidator hibernate;

  @Setup
  public void setup() {
    addresses = Inputs.addresses();
    lenient = AddressParser.of(SyntaxPolicy.RFC5322_LENIENT);
    practical = AddressParser.of(SyntaxPolicy.PRACTICAL);
    commons = EmailValidator.getInstance(true, true);
    hibernate = new org.hibernate.validator.internal.constraintvalidators.bv.EmailValidator();
  }

  /** mailvet with the policy that matches JMail's verdicts. */
  @Benchmark
  public int mailvetRfc5322Lenient() {
    int n = 0;
    for (String a : addresses) {
      if (lenient.isValid(a)) {
        n++;
      }
    }
    return n;
  }

  /** mailvet's default policy. */
  @Benchmark
  public int mailvetPractical() {
    int n = 0;
    for (String a : addresses) {
      if (practical.isValid(a)) {
        n++;
      }
    }
    return n;
  }

  @Benchmark
  public int jmail() {
    int n = 0;
    for (String a : addresses) {
      if (JMail.isValid(a)) {
        n++;
      }
    }
    return n;
  }

  @Benchmark
  public int commonsValidator() {
    int n = 0;
    for (String a : addresses) {
      if (commons.isValid(a)) {
        n++;
      }
    }
    return n;
  }

  @Benchmark
  public int hibernateEmail() {
    int n = 0;
    for (String a : addresses) {
      if (hibernate.isValid(a, null)) {
        n++;
      }
    }
    return n;
  }
}
