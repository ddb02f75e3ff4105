package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.UploadStatus;

class RenderedSnapshotTest {

  @Test
  void writesEachFormOnceForEveryViewer() {
    RenderedSnapshot rendered =
        new RenderedSnapshot(TestSnapshots.stored(TestSnapshots.processing("u1", "acme", 4, 40, 400)));

    assertThat(rendered.messagesAfter(UploadStatus.PROCESSING))
        .isSameAs(rendered.messagesAfter(UploadStatus.PROCESSING));
    assertThat(rendered.messagesAfter(null)).isSameAs(rendered.messagesAfter(UploadStatus.PENDING));
  }

  @Test
  void saysWhatServerMessagesSaysForEachPreviousStatus() {
    var snapshot = TestSnapshots.processing("u1", "acme", 4, 40, 400);
    RenderedSnapshot rendered = new RenderedSnapshot(TestSnapshots.stored(snapshot));

    assertThat(rendered.messagesAfter(UploadStatus.PROCESSING))
        .isEqualTo(ServerMessages.forSnapshot(UploadStatus.PROCESSING, snapshot));
    assertThat(rendered.messagesAfter(UploadStatus.PENDING))
        .isEqualTo(ServerMessages.forSnapshot(UploadStatus.PENDING, snapshot));
  }
}
