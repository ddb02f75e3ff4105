package org.uploadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.KafkaAccess;
import org.uploadpipeline.protocol.KafkaClientSecurity;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;
import org.uploadpipeline.testkit.ViewerClient;

/**
 * The stack on a broker that authenticates (SASL/SCRAM-SHA-512 over TLS only, as in Kubernetes: the services get
 * {@code SASL_SSL} and a PKCS12 trust store) and authorizes (ACLs of {@link KafkaAccess}):
 * an upload goes through with each service on its own user, the data team reads what it may, and every principal is
 * refused what its ACLs do not grant, above all the gateway writing a snapshot viewers would trust.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaAuthorizationIT {

  private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);
  private static final String CSV =
      """
      fecha,producto,cantidad,total
      2026-11-05,Café,2,12.10
      2026-11-06,Té,1,3.05
      """;

  private static LocalStack stack;
  private static String uploadId;

  @BeforeAll
  static void startStack() throws Exception {
    Path dataDir = Files.createTempDirectory("kafka-authorization-it");
    stack = LocalStack.startWithKafkaAuthentication(LocalStackConfig.onFreePorts(dataDir));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void anUploadGoesThroughWithEachServiceOnItsOwnUser() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.config().gatewayUrl()
                + "/api/uploads?date=fecha&product=producto&quantity=cantidad&amount=total"))
            .header("Authorization", "Bearer " + stack.demoToken())
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(CSV))
            .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    uploadId = ProtocolJson.mapper().readTree(response.body()).get("uploadId").asString();

    ViewerClient viewer = ViewerClient.connect(
        URI.create(stack.config().webSocketUrl(uploadId) + "?token=" + stack.demoToken()));
    viewer.awaitMessageOfType("complete", UPLOAD_TIMEOUT);

    // The gateway wrote the job, the processor read it and wrote the snapshots, the gateway's store read them.
    assertThat(viewer.messages().get(viewer.messages().size() - 1).get("results").get("valid_rows").asLong())
        .isEqualTo(2);
  }

  @Test
  @Order(2)
  void aJobProducedByTheIngestionUserIsProcessed() throws Exception {
    String jobId = "ingested-" + UUID.randomUUID();
    UploadJob job = new UploadJob(jobId, DemoToken.DEMO_TENANT, "batch-importer", Instant.now(),
        UploadSource.ofInline(CSV), CsvFormat.DEFAULT,
        new ColumnMapping("fecha", "producto", "cantidad", "total", null, null, null));
    ViewerClient viewer = ViewerClient.connect(
        URI.create(stack.config().webSocketUrl(jobId) + "?token=" + stack.demoToken()));

    produce(KafkaAccess.INGESTION_USER, Topics.DEFAULT_JOBS, jobId, ProtocolJson.mapper().writeValueAsString(job));

    viewer.awaitMessageOfType("complete", UPLOAD_TIMEOUT);
    assertThatThrownBy(() -> partitionsOf(KafkaAccess.INGESTION_USER, Topics.DEFAULT_PROGRESS))
        .as("ingestion writes, and reads nothing")
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  @Order(2)
  void theDataTeamReadsAggregatesInItsOwnGroupsWithTheSettingsFileTheStackWrote() throws Exception {
    Properties settings = new Properties();
    try (Reader in = Files.newBufferedReader(
        stack.kafkaClientsDir().resolve(KafkaAccess.DATA_TEAM_USER + ".properties"))) {
      settings.load(in);
    }
    Map<String, Object> config = new HashMap<>();
    settings.forEach((key, value) -> config.put((String) key, value));
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAccess.DATA_TEAM_GROUP_PREFIX + "daily-report");
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(config)) {
      consumer.subscribe(List.of(Topics.DEFAULT_AGGREGATES));
      long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
      while (keys.stream().noneMatch(k -> k.startsWith(uploadId + "/")) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          keys.add(record.key());
        }
      }
    }
    assertThat(keys).anyMatch(k -> k.startsWith(uploadId + "/daily/"));
  }

  @Test
  @Order(3)
  void theGatewayCannotForgeASnapshot() {
    assertThatThrownBy(() -> produce(KafkaAccess.GATEWAY_USER, Topics.DEFAULT_PROGRESS, uploadId, "{}"))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  @Order(3)
  void theGatewayCannotReadTheProcessorsInternalTopics() throws Exception {
    String internal = internalTopicOfTheProcessor();

    assertThatThrownBy(() -> partitionsOf(KafkaAccess.GATEWAY_USER, internal))
        .isInstanceOf(TopicAuthorizationException.class);
    assertThat(partitionsOf(KafkaAccess.PROCESSOR_USER, internal)).isPositive();
  }

  @Test
  @Order(3)
  void theProcessorCannotWriteJobsNorCommands() {
    assertThatThrownBy(() -> produce(KafkaAccess.PROCESSOR_USER, Topics.DEFAULT_JOBS, "forged", "{}"))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> produce(KafkaAccess.PROCESSOR_USER, Topics.DEFAULT_COMMANDS, "forged", "{}"))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  @Order(3)
  void theDataTeamWritesNothingAndReadsNeitherJobsNorOtherGroups() {
    assertThatThrownBy(() -> produce(KafkaAccess.DATA_TEAM_USER, Topics.DEFAULT_AGGREGATES, "forged", "{}"))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> partitionsOf(KafkaAccess.DATA_TEAM_USER, Topics.DEFAULT_JOBS))
        .isInstanceOf(TopicAuthorizationException.class);

    Map<String, Object> config = consumerConfig(KafkaAccess.DATA_TEAM_USER);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, LocalStack.PROCESSOR_APPLICATION_ID);
    try (KafkaConsumer<String, String> consumer = consumer(config)) {
      consumer.subscribe(List.of(Topics.DEFAULT_AGGREGATES));
      assertThatThrownBy(() -> consumer.poll(CLIENT_TIMEOUT)).isInstanceOf(GroupAuthorizationException.class);
    }
  }

  @Test
  @Order(3)
  void aWrongPasswordIsRefused() {
    KafkaClientSecurity right = stack.kafkaClient(KafkaAccess.GATEWAY_USER);
    KafkaClientSecurity wrong = new KafkaClientSecurity(right.protocol(), right.saslMechanism(),
        right.saslUsername(), "not-the-password", right.truststoreLocation(), right.truststorePassword(),
        right.truststoreType(), null, null, null);
    try (Admin admin = Admin.create(withBootstrap(wrong))) {
      assertThatThrownBy(() -> admin.listTopics().names().get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  @Order(3)
  void aClientWithoutTlsGetsNothing() {
    Map<String, Object> config = withBootstrap(KafkaClientSecurity.scram(
        KafkaAccess.GATEWAY_USER, stack.kafkaClient(KafkaAccess.GATEWAY_USER).saslPassword()));
    config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
    try (Admin admin = Admin.create(config)) {
      assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
    }
  }

  private static String internalTopicOfTheProcessor() throws Exception {
    Map<String, Object> config = clientConfig(KafkaUsers.ADMIN);
    try (Admin admin = Admin.create(config)) {
      Set<String> names = admin.listTopics().names().get();
      return names.stream()
          .filter(n -> n.startsWith(LocalStack.PROCESSOR_APPLICATION_ID + "-") && n.endsWith("-changelog"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no changelog topic of the processor in " + names));
    }
  }

  private static int partitionsOf(String user, String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(consumerConfig(user))) {
      return consumer.partitionsFor(topic, CLIENT_TIMEOUT).size();
    }
  }

  private static void produce(String user, String topic, String key, String value) throws Exception {
    Map<String, Object> config = clientConfig(user);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
    // Not idempotent: a user with no write grant at all would otherwise be refused the producer id (cluster
    // authorization) before the write itself; this way every case shows the topic's own refusal.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static KafkaConsumer<String, String> consumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  private static Map<String, Object> consumerConfig(String user) {
    Map<String, Object> config = clientConfig(user);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }

  private static Map<String, Object> clientConfig(String user) {
    return withBootstrap(stack.kafkaClient(user));
  }

  private static Map<String, Object> withBootstrap(KafkaClientSecurity security) {
    Map<String, Object> config = new HashMap<>(security.clientProperties());
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers());
    return config;
  }
}
