package io.github.mailvet.benchmarks;

import io.github.mailvet.Mailvet;
import io.github.mailvet.Profile;
import io.github.mailvet.VerificationResult;
import io.github.mailvet.knowledge.KnowledgeBase;
import java.util.concurrent.TimeUnit;
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
 * mailvet's full offline pipeline (parse, classify with 175k-domain lists and typo suggestions,
 * score, decide) over a realistic mix of 87 addresses; one operation verifies the whole mix.
 * Also the cold load of the bundled datasets, single-shot in fresh forks.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar VerifyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
public class VerifyBenchmark {

  private String[] mix;
  private Mailvet mailvet;

  @Setup
  public void setup() {
    mix = Inputs.verifyMix();
    mailvet = Mailvet.builder().offline(true).profile(Profile.builtIn("signup").orElseThrow())
        .build();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 5, time = 2)
  public int verifyOfflineMix() {
    int accepted = 0;
    for (String a : mix) {
      VerificationResult r = mailvet.verify(a);
      if (r.valid()) {
        accepted++;
      }
    }
    return accepted;
  }

  /** Loading every bundled dataset from the jar, as the first verification does. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 0)
  @Measurement(iterations = 1)
  @Fork(10)
  public KnowledgeBase loadBundledDatasetsCold() {
    return KnowledgeBase.load();
  }
}
