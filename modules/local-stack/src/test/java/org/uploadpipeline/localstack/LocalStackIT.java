package org.uploadpipeline.localstack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;
import org.uploadpipeline.testkit.HandshakeProbe;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.ViewerClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole system end to end, as the README runs it: a broker process, the processor and the gateway as processes
 * of their own, a job produced by a plain Kafka producer, and viewers on real WebSocket connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

  private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(90);
  private static final String CSV =
      """
      fecha,producto,cantidad,total
      2026-11-05,Café,2,12.10
      2026-11-05,Té,1,3.05
      2026-11-06,Café,x,6.05
      """;

  private static Path dataDir;
  private static LocalStack stack;

  @BeforeAll
  static void startStack() throws Exception {
    dataDir = Files.createTempDirectory("local-stack-it");
    stack = LocalStack.start(LocalStackConfig.onFreePorts(dataDir));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void createsTheProgressTopicCompacted() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers()))) {
      ConfigResource progress = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEFAULT_PROGRESS);
      Config config = admin.describeConfigs(List.of(progress)).all().get().get(progress);

      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
    }
  }

  @Test
  @Order(2)
  void jobFromAPlainProducerIsFollowedLiveUpToComplete() throws Exception {
    ViewerClient viewer = ViewerClient.connect(URI.create(url("e2e-1", stack.demoToken())));
    produceJob("e2e-1", "demo");

    viewer.awaitMessageOfType("complete", UPLOAD_TIMEOUT);

    assertThat(viewer.types()).startsWith("authenticated").contains("status").endsWith("complete");
    // A snapshot that finishes the upload arrives as `status` then `complete`, both with its seq.
    assertThat(viewer.messages())
        .filteredOn(m -> m.has("seq"))
        .extracting(m -> m.get("seq").asLong())
        .isSorted();
    assertThat(viewer.messages())
        .filteredOn(m -> m.get("type").asString().equals("status"))
        .extracting(m -> m.get("status").asString())
        .containsSubsequence("pending", "validating", "processing", "completed");
    JsonNode results = last(viewer).get("results");
    assertThat(results.get("processed_rows").asLong()).isEqualTo(3);
    assertThat(results.get("valid_rows").asLong()).isEqualTo(2);
    assertThat(results.get("row_errors").get(0).get("line").asLong()).isEqualTo(4);
    viewer.messages().forEach(LocalStackIT::assertConformsToItsSchema);
  }

  @Test
  @Order(3)
  void viewerJoiningAfterCompletionGetsTheFinalStateAtOnce() {
    ViewerClient late = ViewerClient.connect(URI.create(url("e2e-1", stack.demoToken())));

    late.awaitMessageOfType("complete");

    assertThat(late.types()).containsExactly("authenticated", "status", "complete");
    assertThat(late.messages().get(1).get("status").asString()).isEqualTo("completed");
  }

  @Test
  @Order(4)
  void tokenOfAnotherTenantIsClosedWith4003AndSeesNoData() {
    String otherTenant = TestTokens.hs256(stack.jwtSecret()).tenants("globex").sign();

    ViewerClient viewer = ViewerClient.connect(URI.create(url("e2e-1", otherTenant)));

    assertThat(viewer.awaitClose(Duration.ofSeconds(10))).isEqualTo(4003);
    assertThat(viewer.types()).doesNotContain("status", "progress", "complete");
  }

  @Test
  @Order(5)
  void badTokenIsClosedWith4001() {
    String forged = TestTokens.hs256("another-secret-that-is-long-enough-0123456789").tenants("demo").sign();

    ViewerClient viewer = ViewerClient.connect(URI.create(url("e2e-1", forged)));

    assertThat(viewer.awaitClose(Duration.ofSeconds(10))).isEqualTo(4001);
    assertThat(viewer.types()).containsOnly("error");
  }

  @Test
  @Order(5)
  void pagesOfADevServerOnThisMachineMayConnectAndOthersAreToldWhyNot() throws Exception {
    String token = stack.demoToken();
    URI viewer = URI.create(url("e2e-1", token));

    assertThat(HandshakeProbe.send(viewer, Map.of("Origin", "http://localhost:5173")).status()).isEqualTo(101);
    assertThat(HandshakeProbe.send(viewer, Map.of("Origin", "http://127.0.0.1:3000")).status()).isEqualTo(101);
    HandshakeProbe refused = HandshakeProbe.send(viewer, Map.of("Origin", "https://elsewhere.example"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("origin_not_allowed", "https://elsewhere.example", "GATEWAY_ALLOWED_ORIGINS");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.config().gatewayUrl() + "/api/uploads"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    HttpResponse<String> fromDevServer =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.config().gatewayUrl() + "/api/uploads/e2e-1"))
                .header("Authorization", "Bearer " + token)
                .header("Origin", "http://localhost:5173")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(fromDevServer.statusCode()).isEqualTo(200);
    assertThat(fromDevServer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
    HttpResponse<String> fromElsewhere =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.config().gatewayUrl() + "/api/uploads/e2e-1"))
                .header("Authorization", "Bearer " + token)
                .header("Origin", "https://elsewhere.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(fromElsewhere.statusCode()).isEqualTo(403);
    assertThat(fromElsewhere.body()).contains("origin_not_allowed", "https://elsewhere.example");
  }

  @Test
  @Order(6)
  void missingTokenIsClosedWith4001AfterTheAuthTimeout() {
    ViewerClient viewer = ViewerClient.connect(URI.create(stack.config().webSocketUrl("e2e-1")));

    assertThat(viewer.awaitClose(Duration.ofSeconds(30))).isEqualTo(4001);
  }

  @Test
  @Order(7)
  void csvPostedToTheApiIsProcessedLikeTheSample() throws Exception {
    HttpResponse<String> response = postSample();
    assertThat(response.statusCode()).isEqualTo(202);
    String uploadId = ProtocolJson.mapper().readTree(response.body()).get("uploadId").asString();

    ViewerClient viewer = ViewerClient.connect(URI.create(url(uploadId, stack.demoToken())));

    viewer.awaitMessageOfType("complete", UPLOAD_TIMEOUT);
    JsonNode results = last(viewer).get("results");
    assertThat(results.get("processed_rows").asLong()).isEqualTo(20_000);
    assertThat(results.get("invalid_rows").asLong()).isEqualTo(5);
  }

  @Test
  @Order(8)
  void restartedGatewayServesTheLatestStateFromTheCompactedTopic() throws Exception {
    stack.restartGateway();

    ViewerClient late = ViewerClient.connect(URI.create(url("e2e-1", stack.demoToken())));

    late.awaitMessageOfType("complete");
    assertThat(last(late).get("results").get("processed_rows").asLong()).isEqualTo(3);
  }

  @Test
  @Order(9)
  void secondStartOnTheSameDataDirectoryKeepsEarlierUploads() throws Exception {
    LocalStackConfig config = stack.config();
    stack.close();
    stack = LocalStack.start(config);

    ViewerClient late = ViewerClient.connect(URI.create(url("e2e-1", stack.demoToken())));

    late.awaitMessageOfType("complete");
    assertThat(last(late).get("results").get("processed_rows").asLong()).isEqualTo(3);
  }

  @Test
  @Order(10)
  void oneTraceIdFromTheHttpRequestThroughTheKafkaHeadersToTheWebSocketMessages() throws Exception {
    String traceId = UUID.randomUUID().toString().replace("-", "");
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(stack.config().gatewayUrl()
                    + "/api/uploads?date=fecha&product=producto&quantity=cantidad&amount=total"))
            .header("Authorization", "Bearer " + stack.demoToken())
            .header("Content-Type", "text/csv")
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .POST(HttpRequest.BodyPublishers.ofString(CSV))
            .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode accepted = ProtocolJson.mapper().readTree(response.body());
    String uploadId = accepted.get("uploadId").asString();
    assertThat(accepted.get("traceId").asString()).as("the HTTP response").isEqualTo(traceId);

    ViewerClient viewer = ViewerClient.connect(URI.create(url(uploadId, stack.demoToken())));
    viewer.awaitMessageOfType("complete", UPLOAD_TIMEOUT);
    assertThat(viewer.messages())
        .filteredOn(m -> List.of("status", "progress", "complete").contains(m.get("type").asString()))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.get("trace_id").asString()).as("%s", m).isEqualTo(traceId));

    assertThat(traceIdsOf(Topics.DEFAULT_JOBS, uploadId::equals)).as("the job's header").containsOnly(traceId);
    assertThat(traceIdsOf(Topics.DEFAULT_PROGRESS, uploadId::equals)).as("every snapshot's header")
        .isNotEmpty().containsOnly(traceId);
    assertThat(traceIdsOf(Topics.DEFAULT_AGGREGATES, key -> key.startsWith(uploadId + "/")))
        .as("every aggregate's header").isNotEmpty().containsOnly(traceId);
    JsonNode snapshot = ProtocolJson.mapper().readTree(
        get("/api/uploads/" + uploadId, stack.demoToken()).body());
    assertThat(snapshot.get("traceId").asString()).as("the snapshot").isEqualTo(traceId);
  }

  @Test
  @Order(2)
  void theGatewayListensOnLoopbackOnly() throws Exception {
    int port = URI.create(stack.config().gatewayUrl()).getPort();
    InetAddress outside = Collections.list(NetworkInterface.getNetworkInterfaces())
        .stream()
        .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst()
        .orElse(null);
    Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");

    assertThat(HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    try (Socket socket = new Socket()) {
      assertThatThrownBy(
              () -> socket.connect(new InetSocketAddress(outside, port), 2_000))
          .as("the gateway on %s:%d", outside.getHostAddress(), port)
          .isInstanceOf(IOException.class);
    }
  }

  /** The trace id in the {@code traceparent} header of each committed record whose key matches (null: none). */
  private static List<String> traceIdsOf(String topic, Predicate<String> key) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> traceIds = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key() != null && key.test(record.key())) {
            Header header = record.headers().lastHeader(TraceParent.HEADER);
            traceIds.add(header == null ? null : TraceParent.traceIdOf(new String(header.value(), UTF_8)));
          }
        }
      }
    }
    return traceIds;
  }

  private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(stack.config().gatewayUrl() + path))
            .header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void produceJob(String uploadId, String tenant) throws Exception {
    UploadJob job =
        new UploadJob(
            uploadId, tenant, "user-42", Instant.now(), UploadSource.ofInline(CSV), CsvFormat.DEFAULT,
            new ColumnMapping("fecha", "producto", "cantidad", "total", null, null, null));
    String json = ProtocolJson.mapper().writeValueAsString(job);
    Map<String, Object> config =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.DEFAULT_JOBS, uploadId, json)).get();
    }
  }

  private static HttpResponse<String> postSample() throws IOException, InterruptedException {
    Path sample = Path.of("sample", "sales.csv");
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    stack.config().gatewayUrl()
                        + "/api/uploads?date=fecha&product=producto&quantity=cantidad&amount=total"))
            .header("Authorization", "Bearer " + stack.demoToken())
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofFile(sample))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertConformsToItsSchema(JsonNode message) {
    ContractSchema schema = ContractSchema.ofWebSocketMessage(message.get("type").asString());
    assertThat(schema.violations(message.toString())).as(message.toString()).isEmpty();
  }

  private static JsonNode last(ViewerClient viewer) {
    List<JsonNode> messages = viewer.messages();
    return messages.get(messages.size() - 1);
  }

  private static String url(String uploadId, String token) {
    return stack.config().webSocketUrl(uploadId) + "?token=" + token;
  }
}
