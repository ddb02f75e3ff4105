package org.uploadpipeline.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.testkit.ViewerClient;
import org.uploadpipeline.testkit.TestTokens;
import tools.jackson.databind.JsonNode;

class ViewerAuthIT extends GatewayIT {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  @Test
  void closesWith4001WhenNoTokenArrivesInTime() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));

    ViewerClient viewer = ViewerClient.connect(viewerUri(uploadId, null));

    assertThat(viewer.awaitClose(CLOSE_WAIT)).isEqualTo(4001);
    assertThat(types(viewer.messages())).containsExactly("error");
    assertAllConformToSchemas(viewer);
  }

  @Test
  void closesWith4001OnAnInvalidToken() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));

    ViewerClient viewer = connectWithToken(uploadId, "not.a.token");

    assertThat(viewer.awaitClose(CLOSE_WAIT)).isEqualTo(4001);
    assertThat(types(viewer.messages())).containsExactly("error");
  }

  @Test
  void closesWith4001OnATokenSignedWithAnotherSecret() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    String forged = TestTokens.hs256("another-secret-exactly-32-bytes!").tenants("acme").sign();

    ViewerClient viewer = connectWithToken(uploadId, forged);

    assertThat(viewer.awaitClose(CLOSE_WAIT)).isEqualTo(4001);
    assertThat(types(viewer.messages())).containsExactly("error");
  }

  @Test
  void closesWith4001OnAnExpiredToken() {
    String uploadId = newUploadId();
    String expired = TestTokens.hs256(SECRET).tenants("acme").expiresAt(Instant.now().minusSeconds(60)).sign();

    ViewerClient viewer = connectWithToken(uploadId, expired);

    assertThat(viewer.awaitClose(CLOSE_WAIT)).isEqualTo(4001);
    assertThat(viewer.messages().get(0).get("details").asString()).contains("expired");
  }

  @Test
  void closesWith4003AndSendsNoDataForAnotherTenantsUpload() {
    String uploadId = newUploadId();
    publish(TestSnapshots.processing(uploadId, "acme", 1, 42.5, 425));
    String globexToken = TestTokens.hs256(SECRET).tenants("globex").sign();

    ViewerClient viewer = connectWithToken(uploadId, globexToken);

    assertThat(viewer.awaitClose(CLOSE_WAIT)).isEqualTo(4003);
    // Whether the queued `authenticated` still went out before the refusal is a race; the refusal is always last.
    assertThat(types(viewer.messages())).endsWith("error").doesNotContain("status", "progress", "complete");
    assertThat(viewer.rawMessages()).noneMatch(m -> m.contains(":42.5") || m.contains(":425") || m.contains("\"seq\""));
    assertAllConformToSchemas(viewer);
  }

  @Test
  void closesWith4003WhenAWaitedForUploadTurnsOutToBeAnotherTenants() {
    String uploadId = newUploadId();
    ViewerClient viewer = connectWithToken(uploadId, TestTokens.hs256(SECRET).tenants("globex").sign());
    viewer.awaitMessages(1);

    publish(TestSnapshots.processing(uploadId, "acme", 1, 42.5, 425));

    assertThat(viewer.awaitClose(CLOSE_WAIT)).isEqualTo(4003);
    assertThat(types(viewer.messages())).containsExactly("authenticated", "error");
  }

  @Test
  void tokenGrantingSeveralTenantsSeesEachOfThem() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "globex", 1));

    ViewerClient viewer = connectWithToken(uploadId, TestTokens.hs256(SECRET).tenants("acme", "globex").sign());

    assertThat(types(viewer.awaitMessages(2))).containsExactly("authenticated", "status");
    viewer.close();
  }

  @Test
  void authenticatesWithTheFirstMessage() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    ViewerClient viewer = ViewerClient.connect(viewerUri(uploadId, null));

    viewer.send("{\"type\":\"authenticate\",\"token\":\"" + TestTokens.hs256(SECRET).tenants("acme").sign() + "\"}");
    List<JsonNode> messages = viewer.awaitMessages(2);

    assertThat(types(messages)).containsExactly("authenticated", "status");
    assertThat(messages.get(1).get("status").asString()).isEqualTo("pending");
    viewer.close();
  }

  @Test
  void authenticatesWithAFirstMessageLongerThanTheTextBuffer() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    String[] tenants = new String[80];
    tenants[0] = "acme";
    for (int i = 1; i < tenants.length; i++) {
      tenants[i] = "tenant-" + i;
    }
    String token = TestTokens.hs256(SECRET).tenants(tenants).sign();
    String message = "{\"type\":\"authenticate\",\"token\":\"" + token + "\"}";
    ViewerClient viewer = ViewerClient.connect(viewerUri(uploadId, null));

    viewer.send(message);

    // Delivered by the container in pieces of its text buffer, put together before it is read.
    assertThat(message.length()).isGreaterThan(4 * WebSocketConfiguration.TEXT_MESSAGE_BUFFER);
    assertThat(types(viewer.awaitMessages(2))).containsExactly("authenticated", "status");
    viewer.close();
  }

  @Test
  void closesWith4001WhenTheAuthenticateMessageHasABadToken() {
    String uploadId = newUploadId();
    ViewerClient viewer = ViewerClient.connect(viewerUri(uploadId, null));

    viewer.send("{\"type\":\"authenticate\",\"token\":\"garbage\"}");

    assertThat(viewer.awaitClose(CLOSE_WAIT)).isEqualTo(4001);
  }

  @Test
  void authenticatesWithABearerHeader() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));

    ViewerClient viewer =
        ViewerClient.connect(
            viewerUri(uploadId, null),
            Map.of("Authorization", "Bearer " + TestTokens.hs256(SECRET).tenants("acme").sign()));

    assertThat(types(viewer.awaitMessages(2))).containsExactly("authenticated", "status");
    viewer.close();
  }
}
