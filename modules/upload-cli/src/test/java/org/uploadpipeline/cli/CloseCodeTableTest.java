package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contract's close-code table (README "The contract", {@code CloseCode}), row by row, as the uploader acts. */
class CloseCodeTableTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1000, stop, 5", "1001, resume, -1", "1006, resume, -1", "1008, resume, -1", "1012, resume, -1",
    "4001, stop, 3", "4003, stop, 3", "4004, stop, 5", "4008, later, -1"
  })
  void everyCloseCodeIsHandledAsTheTableSays(int code, String action, int exitCode) {
    ProgressFollower.End end = ProgressFollower.closeOutcome(code, "reason", "stated reason");

    switch (action) {
      case "stop" -> {
        assertThat(end.outcome()).isNotNull();
        assertThat(end.outcome().exitCode()).isEqualTo(exitCode);
      }
      case "later" -> {
        assertThat(end.outcome()).isNull();
        assertThat(end.later()).isTrue();
      }
      default -> {
        assertThat(end.outcome()).isNull();
        assertThat(end.later()).isFalse();
      }
    }
  }
}
