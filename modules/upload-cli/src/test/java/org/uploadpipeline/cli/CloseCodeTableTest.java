package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.uploadpipeline.client.UploadFollower;

/**
 * The exit code for each close code that ends following (the contract's table, README "The contract"); when to stop,
 * resume or wait is the protocol client's, walked row by row in its {@code UploadFollowerTest}.
 */
class CloseCodeTableTest {

  @ParameterizedTest(name = "{0} -> exit {1}")
  @CsvSource({"1000, 5", "4001, 3", "4003, 3", "4004, 5"})
  void everyStoppingCloseCodeEndsWithTheExitCodeTheHelpStates(int code, int exitCode) {
    Outcome outcome = ProgressFollower.outcomeOf(new UploadFollower.Ending.Refused(code, "stated reason"));

    assertThat(outcome.exitCode()).isEqualTo(exitCode);
    assertThat(outcome.reason()).contains(String.valueOf(code)).contains("stated reason");
  }
}
