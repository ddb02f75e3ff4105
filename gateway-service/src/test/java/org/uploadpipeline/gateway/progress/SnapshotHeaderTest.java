package org.uploadpipeline.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadStatus;

class SnapshotHeaderTest {

  @Test
  void readsTheFourFieldsOfAContractSnapshot() {
    ProgressSnapshot snapshot = TestSnapshots.processing("u1", "acme", 7, 40, 400);
    byte[] json = ProtocolJson.mapper().writeValueAsBytes(snapshot);

    assertThat(SnapshotHeader.read(json))
        .isEqualTo(new SnapshotHeader("u1", "acme", 7, UploadStatus.PROCESSING, snapshot.updatedAt()));
  }

  @Test
  void skipsNestedValuesOfOtherFields() {
    String json =
        "{\"results\":{\"seq\":99,\"rowErrors\":[{\"uploadId\":\"x\"}]},\"uploadId\":\"u1\",\"tenantId\":\"acme\","
            + "\"seq\":3,\"status\":\"completed\",\"message\":null}";

    assertThat(SnapshotHeader.read(bytes(json)))
        .isEqualTo(new SnapshotHeader("u1", "acme", 3, UploadStatus.COMPLETED, null));
  }

  @Test
  void anUpdatedAtThatIsNotAnInstantLeavesItUnknownButTheRecordReadable() {
    String json = "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":3,\"status\":\"processing\","
        + "\"updatedAt\":\"yesterday\"}";

    assertThat(SnapshotHeader.read(bytes(json)))
        .isEqualTo(new SnapshotHeader("u1", "acme", 3, UploadStatus.PROCESSING, null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "\"u1\"",
        "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":3}",
        "{\"uploadId\":\"u1\",\"seq\":3,\"status\":\"pending\"}",
        "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":\"3\",\"status\":\"pending\"}",
        "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":3.5,\"status\":\"pending\"}",
        "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":3,\"status\":\"paused\"}",
        "{\"uploadId\":1,\"tenantId\":\"acme\",\"seq\":3,\"status\":\"pending\"}",
        "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":3,\"status\":\"pending\"",
        "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":3,\"status\":\"pending\"} trailing"
      })
  void refusesWhatIsNotASnapshotWithTheseFields(String json) {
    assertThat(SnapshotHeader.read(bytes(json))).isNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
