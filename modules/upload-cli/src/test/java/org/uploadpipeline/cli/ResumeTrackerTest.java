package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumeTrackerTest {

  private final ResumeTracker tracker = new ResumeTracker();

  @Test
  void acceptsNewStateMessagesAndRefusesOnesAlreadySeen() {
    assertThat(tracker.accept(Messages.status(1, "pending", 0, 0, null))).isTrue();
    assertThat(tracker.accept(Messages.progress(3, 10, 100, null))).isTrue();
    assertThat(tracker.accept(Messages.progress(2, 5, 50, null))).isFalse();
    assertThat(tracker.accept(Messages.progress(3, 10, 100, null))).isFalse();
    assertThat(tracker.resumeFrom()).isEqualTo(3);
  }

  @Test
  void messagesWithoutSeqAreAlwaysNew() {
    tracker.accept(Messages.progress(3, 10, 100, null));

    assertThat(tracker.accept(Messages.json("{\"type\":\"authenticated\",\"upload_id\":\"u-1\"}"))).isTrue();
  }

  @Test
  void completeSharingTheSeqOfItsTerminalStatusIsAccepted() {
    assertThat(tracker.accept(Messages.status(7, "completed", 100, 1000, 1000L))).isTrue();
    assertThat(tracker.accept(Messages.complete(7))).isTrue();
    assertThat(tracker.accept(Messages.complete(7))).isFalse();
    assertThat(tracker.resumeFrom()).isEqualTo(7);
  }

  @Test
  void resumesBeforeATerminalStatusWhoseFinalMessageDidNotArrive() {
    tracker.accept(Messages.status(7, "failed", 40, 0, null));

    assertThat(tracker.resumeFrom()).isEqualTo(6);
    // After the reconnect the gateway sends both again: the status is a repeat, the error is new.
    assertThat(tracker.accept(Messages.status(7, "failed", 40, 0, null))).isFalse();
    assertThat(tracker.accept(Messages.failure(7, "Invalid column mapping for 'fecha'"))).isTrue();
    assertThat(tracker.resumeFrom()).isEqualTo(7);
  }
}
