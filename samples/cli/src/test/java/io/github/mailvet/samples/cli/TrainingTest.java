package io.github.mailvet.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The launcher's training run exercises what a user's runs load, the network path included: if
 * it stopped reaching its loopback DNS and mail servers (a check that no longer probes, a name
 * the engine no longer resolves), the class data archive would silently lose those classes.
 */
class TrainingTest {

  @Test
  void everyStepRunsAndTheBulkCheckProbesEachTrainingDomainInOneSession() throws Exception {
    Training.Result r = Training.train();
    assertThat(r.exitCode()).as("every step's exit code").isZero();
    assertThat(r.smtpSessions()).as("one session per training domain: DNS answered, MX probed")
        .isEqualTo(20);
  }
}
