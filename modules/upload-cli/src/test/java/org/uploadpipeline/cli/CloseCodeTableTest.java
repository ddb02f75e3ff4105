package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.uploadpipeline.client.UploadFollower;
import org.uploadpipeline.protocol.ServerMessage;

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

  @Test
  void aCancelledStatusEndsWithSixHoweverFollowingEndedAfterIt() {
    ServerMessage.Status cancelled = Messages.cancelled(8, 42, 4000);

    for (UploadFollower.Ending ending : List.of(new UploadFollower.Ending.Stopped(),
        new UploadFollower.Ending.Refused(1000, "upload finished"), new UploadFollower.Ending.GaveUp(5, "1006"))) {
      Outcome outcome = ProgressFollower.outcomeOf(ending, cancelled);
      assertThat(outcome.exitCode()).as(ending.toString()).isEqualTo(ExitCodes.CANCELLED).isEqualTo(6);
      assertThat(outcome.reason()).contains("was cancelled (Cancelled by user-42)");
      assertThat(outcome.results()).isNull();
    }
  }

  @Test
  void stoppingBeforeAnyCancelIsCtrlCsOneThirty() {
    Outcome outcome = ProgressFollower.outcomeOf(new UploadFollower.Ending.Stopped(), null);

    assertThat(outcome.exitCode()).isEqualTo(ExitCodes.INTERRUPTED).isEqualTo(130);
    assertThat(outcome.reason()).contains("goes on on the server");
  }
}
