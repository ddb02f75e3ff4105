package org.uploadpipeline.gateway.support;

import org.uploadpipeline.testkit.ViewerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.uploadpipeline.gateway.GatewayApplication;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestKafka;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.TestTopics;
import tools.jackson.databind.JsonNode;

/**
 * Base of the gateway ITs that share one application context (one gateway, one set of topics on the shared real broker)
 * to keep the suite fast on two cores; tests stay apart by using their own upload ids.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class GatewayIT {

  /** Topics of the shared context: created once per test JVM under unique names. */
  protected static final Topics TOPICS =
      TestTopics.createContractTopics(TestTopics.uniqueContractTopics("gateway-it"), 3);

  protected static final Path STORAGE_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "gateway-it-uploads-" + UUID.randomUUID());

  /** Short waits so the 4001/4004 cases take seconds, not the production defaults. */
  protected static final Duration AUTH_TIMEOUT = Duration.ofSeconds(2);

  protected static final Duration UNKNOWN_UPLOAD_WAIT = Duration.ofSeconds(3);

  protected static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * The gateway's HS256 secret in tests: exactly 32 bytes, because {@code TestTokens} lets jjwt pick the algorithm from
   * the key length, and only a 32-byte key gives HS256 (its 48-byte {@code TEST_SECRET} yields HS384 tokens, which the
   * gateway refuses as an unexpected algorithm).
   */
  public static final String SECRET = "gateway-it-secret-0123456789abcd";

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("gateway.jwt.hs256-secret", () -> SECRET);
    // What TestTokens puts in every token: the gateway requires both by default.
    registry.add("gateway.jwt.issuer", () -> TestTokens.ISSUER);
    registry.add("gateway.jwt.audience", () -> TestTokens.AUDIENCE);
    registry.add("gateway.topics.jobs", () -> TOPICS.jobs().name());
    registry.add("gateway.topics.progress", () -> TOPICS.progress().name());
    registry.add("gateway.topics.aggregates", () -> TOPICS.aggregates().name());
    registry.add("gateway.topics.jobs-dlq", () -> TOPICS.jobsDeadLetter().name());
    registry.add("gateway.topics.commands", () -> TOPICS.commands().name());
    registry.add("gateway.upload.storage-dir", STORAGE_DIR::toString);
    registry.add("gateway.websocket.auth-timeout", AUTH_TIMEOUT::toString);
    registry.add("gateway.websocket.unknown-upload-wait", UNKNOWN_UPLOAD_WAIT::toString);
    // Exact expiry in tests: a session must end when its token does, not 30 s later.
    registry.add("gateway.jwt.clock-skew", () -> "0s");
  }

  @BeforeEach
  void awaitReadiness() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
  }

  protected static String newUploadId() {
    return "it-" + UUID.randomUUID();
  }

  protected static void publish(ProgressSnapshot snapshot) {
    TestRecords.produce(TOPICS.progress(), snapshot.uploadId(), snapshot);
  }

  /** Waits until the gateway's store holds the upload at {@code seq} (what a late joiner is then sent at once). */
  protected void awaitStored(String uploadId, long seq, String token) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> {
          HttpResponse<String> response = get("/api/uploads/" + uploadId, token);
          return response.statusCode() == 200
              && ProtocolJson.mapper().readTree(response.body()).get("seq").asLong() >= seq;
        });
  }

  protected URI viewerUri(String uploadId, String query) {
    String suffix = query == null ? "" : "?" + query;
    return URI.create("ws://localhost:" + port + "/ws/processing/" + uploadId + "/" + suffix);
  }

  protected String origin() {
    return "http://localhost:" + port;
  }

  protected ViewerClient connectWithToken(String uploadId, String token) {
    return ViewerClient.connect(viewerUri(uploadId, "token=" + token));
  }

  protected HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  protected static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every message must conform to the JSON Schema of its type. */
  protected static void assertAllConformToSchemas(ViewerClient client) {
    for (String message : client.rawMessages()) {
      JsonNode json = ProtocolJson.mapper().readTree(message);
      ContractSchema schema = ContractSchema.ofWebSocketMessage(json.get("type").asString());
      assertThat(schema.violations(message)).as("%s", message).isEmpty();
    }
  }

  protected static List<String> types(List<JsonNode> messages) {
    return messages.stream().map(m -> m.get("type").asString()).toList();
  }
}
