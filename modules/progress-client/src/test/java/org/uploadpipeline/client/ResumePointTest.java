package org.uploadpipeline.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.UploadStatus;

class ResumePointTest {

  private final ResumePoint resume = new ResumePoint();

  @Test
  void acceptsNewStateMessagesAndRefusesOnesAlreadySeen() {
    assertThat(resume.accept(status(1, UploadStatus.PENDING))).isTrue();
    assertThat(resume.accept(progress(3))).isTrue();
    assertThat(resume.accept(progress(2))).isFalse();
    assertThat(resume.accept(progress(3))).isFalse();
    assertThat(resume.resumeFrom()).isEqualTo(3);
  }

  @Test
  void messagesWithoutSeqAreAlwaysNew() {
    resume.accept(progress(3));

    assertThat(resume.accept(new ServerMessage.Authenticated("u-1", "Authenticated"))).isTrue();
  }

  @Test
  void completeSharingTheSeqOfItsTerminalStatusIsAccepted() {
    assertThat(resume.accept(status(7, UploadStatus.COMPLETED))).isTrue();
    assertThat(resume.accept(complete(7))).isTrue();
    assertThat(resume.accept(complete(7))).isFalse();
    assertThat(resume.resumeFrom()).isEqualTo(7);
  }

  @Test
  void resumesBeforeATerminalStatusWhoseFinalMessageDidNotArrive() {
    resume.accept(status(7, UploadStatus.FAILED));

    assertThat(resume.resumeFrom()).isEqualTo(6);
    // After the reconnect the gateway sends both again: the status is a repeat, the error is new.
    assertThat(resume.accept(status(7, UploadStatus.FAILED))).isFalse();
    assertThat(resume.accept(new ServerMessage.Error("u-1", 7L, "Processing failed", "bad mapping", null))).isTrue();
    assertThat(resume.resumeFrom()).isEqualTo(7);
  }

  @Test
  void stallAtTheSeqAlreadySeenIsAcceptedOnceAndKeepsTheResumePoint() {
    resume.accept(status(4, UploadStatus.PROCESSING));
    resume.accept(progress(5));

    assertThat(resume.accept(stall(5))).isTrue();
    assertThat(resume.accept(stall(5))).isFalse();
    assertThat(resume.resumeFrom()).isEqualTo(5);
    // A status at that seq that is not a stall is still a repeat.
    assertThat(resume.accept(status(5, UploadStatus.PROCESSING))).isFalse();
  }

  @Test
  void stallAfterAStatusOfTheSameSeqIsAccepted() {
    resume.accept(status(4, UploadStatus.PROCESSING));

    assertThat(resume.accept(stall(4))).isTrue();
    assertThat(resume.accept(stall(4))).isFalse();
    assertThat(resume.resumeFrom()).isEqualTo(4);
  }

  @Test
  void theNextSnapshotClearsTheStallAndALaterStallIsNewAgain() {
    resume.accept(status(4, UploadStatus.PROCESSING));
    resume.accept(stall(4));

    assertThat(resume.accept(status(5, UploadStatus.PROCESSING))).isTrue();
    assertThat(resume.accept(stall(5))).isTrue();
    assertThat(resume.accept(stall(4))).isFalse();
    assertThat(resume.resumeFrom()).isEqualTo(5);
  }

  @Test
  void stallAtAnOlderSeqIsRefused() {
    resume.accept(progress(6));

    assertThat(resume.accept(stall(5))).isFalse();
    assertThat(resume.resumeFrom()).isEqualTo(6);
  }

  @Test
  void stallAsTheFirstMessageAfterAResumeIsNotRepeated() {
    assertThat(resume.accept(stall(5))).isTrue();
    assertThat(resume.accept(stall(5))).isFalse();
    assertThat(resume.resumeFrom()).isEqualTo(5);
  }

  private static ServerMessage.Status status(long seq, UploadStatus status) {
    return new ServerMessage.Status("u-1", seq, status, status.name(), 0, 0, null, 0.0, null, false, null);
  }

  private static ServerMessage.Status stall(long seq) {
    return new ServerMessage.Status("u-1", seq, UploadStatus.PROCESSING,
        "No progress since 2026-12-01T10:00:00Z: processing may have stopped", 40, 400, 1000L, 0.0, null, true, null);
  }

  private static ServerMessage.Progress progress(long seq) {
    return new ServerMessage.Progress("u-1", seq, 10, "Processing rows...", 100, null, 0.0, null, null);
  }

  @Test
  void aCancelledStatusIsFinalByItself() {
    ResumePoint resume = new ResumePoint();
    resume.accept(status(2, UploadStatus.PROCESSING));

    assertThat(resume.accept(status(3, UploadStatus.CANCELLED))).isTrue();
    assertThat(resume.resumeFrom()).isEqualTo(3);
  }

  private static ServerMessage.Complete complete(long seq) {
    return new ServerMessage.Complete("u-1", seq, "done", null, null);
  }
}
