package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.testkit.ViewerClient;
import org.uploadpipeline.testkit.TestTokens;
import tools.jackson.databind.JsonNode;

class UnknownUploadIT extends GatewayIT {

  private final String token = TestTokens.hs256(SECRET).tenants("acme").sign();

  @Test
  void deliversAnUploadThatAppearsDuringTheWait() {
    String uploadId = newUploadId();
    ViewerClient viewer = connectWithToken(uploadId, token);
    viewer.awaitMessages(1);

    publish(TestSnapshots.pending(uploadId, "acme", 1));
    List<JsonNode> messages = viewer.awaitMessages(2);

    assertThat(types(messages)).containsExactly("authenticated", "status");
    // Well past the wait: a known upload is never refused as unknown.
    publish(TestSnapshots.processing(uploadId, "acme", 2, 10, 100));
    viewer.awaitMessages(3);
    org.awaitility.Awaitility.await()
        .during(UNKNOWN_UPLOAD_WAIT.plusSeconds(1))
        .atMost(UNKNOWN_UPLOAD_WAIT.plusSeconds(3))
        .until(() -> !viewer.isClosed());
    viewer.close();
  }

  @Test
  void closesWith4004WhenTheUploadNeverAppears() {
    ViewerClient viewer = connectWithToken(newUploadId(), token);

    assertThat(viewer.awaitClose(UNKNOWN_UPLOAD_WAIT.plus(Duration.ofSeconds(10)))).isEqualTo(4004);
    assertThat(types(viewer.messages())).containsExactly("authenticated", "error");
    assertAllConformToSchemas(viewer);
  }

  @Test
  void closesWith4004ForAnIdThatCannotBeAnUpload() {
    ViewerClient viewer = connectWithToken("bad%20id!", token);

    assertThat(viewer.awaitClose(Duration.ofSeconds(10))).isEqualTo(4004);
  }
}
