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
    assertThat(resume.accept(new ServerMessage.Error("u-1", 7L, "Processing failed", "bad mapping"))).isTrue();
    assertThat(resume.resumeFrom()).isEqualTo(7);
  }

  private static ServerMessage.Status status(long seq, UploadStatus status) {
    return new ServerMessage.Status("u-1", seq, status, status.name(), 0, 0, null);
  }

  private static ServerMessage.Progress progress(long seq) {
    return new ServerMessage.Progress("u-1", seq, 10, "Processing rows...", 100, null);
  }

  private static ServerMessage.Complete complete(long seq) {
    return new ServerMessage.Complete("u-1", seq, "done", null);
  }
}
