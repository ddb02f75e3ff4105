package org.uploadpipeline.localstack.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.protocol.KafkaAccess;
import org.uploadpipeline.protocol.KafkaClientSecurity;
import org.uploadpipeline.protocol.Topics;

/**
 * docker-compose.yml's Kafka, run without Docker: the broker with exactly the properties the apache/kafka image makes
 * of the compose environment (its listeners moved to free loopback ports), its storage formatted as the image does
 * (no SCRAM user exists yet), then the {@code topic-init} script itself, run by bash with the Kafka tools it calls.
 * Shows that this broker configuration starts, that the script creates the topics, users and ACLs, and that each
 * user then has what {@link KafkaAccess} grants and no more, on the services' listener and on the host's.
 */
class ComposeKafkaIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final long SCRIPT_TIMEOUT_SECONDS = 300;
  /** The listeners' ports inside the compose network. */
  private static final List<Integer> COMPOSE_PORTS = List.of(9091, 9092, 9093, 9094);
  private static final int SERVICES_PORT = 9092;
  private static final int HOST_PORT = 9094;
  private static final int BROKER_PORT = 9091;

  private static final Map<String, String> DOT_ENV = Map.of(
      "KAFKA_ADMIN_PASSWORD", "admin0123456789abcdef0123456789abcd",
      "KAFKA_PROCESSOR_PASSWORD", "processor0123456789abcdef0123456789",
      "KAFKA_GATEWAY_PASSWORD", "gateway0123456789abcdef0123456789ab",
      "KAFKA_INGESTION_PASSWORD", "ingestion0123456789abcdef012345678",
      "KAFKA_DATA_TEAM_PASSWORD", "datateam0123456789abcdef0123456789");

  private static final Map<Integer, Integer> PORTS = new LinkedHashMap<>();
  private static Path dir;
  private static Process broker;

  @BeforeAll
  static void startBrokerAndRunTheInitScript() throws Exception {
    dir = Files.createTempDirectory("compose-kafka-it");
    for (int port : COMPOSE_PORTS) {
      PORTS.put(port, freePort());
    }
    ComposeFile compose = ComposeFile.load(Path.of("..", "..", "docker-compose.yml"), DOT_ENV);
    Map<String, String> kafkaEnv = compose.environment("kafka");
    Map<String, String> properties = ComposeFile.brokerProperties(kafkaEnv, ComposeKafkaIT::onLoopback);
    properties.put("log.dirs", dir.resolve("data").toString());
    Path config = dir.resolve("server.properties");
    Files.writeString(config, properties.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));

    run("format", List.of(java(), "-cp", classpath(), "kafka.tools.StorageTool", "format",
        "-t", kafkaEnv.get("CLUSTER_ID"), "-c", config.toString()), Map.of());
    broker = new ProcessBuilder(java(), "-Xmx512m", "-cp", classpath(), "kafka.Kafka", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile()).start();
    try (Admin admin = Admin.create(adminConfig())) {
      await().atMost(START_TIMEOUT).ignoreExceptions()
          .until(() -> !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty());
    }

    Map<String, String> initEnv = new HashMap<>(compose.environment("topic-init"));
    initEnv.put("CP", classpath());
    initEnv.put("JAVA", java());
    String script = compose.script("topic-init")
        .replace("bin=/opt/kafka/bin", "bin=" + kafkaTools())
        .replace("server=kafka:" + BROKER_PORT, "server=127.0.0.1:" + PORTS.get(BROKER_PORT))
        .replace("admin=/tmp/admin.properties", "admin=" + dir.resolve("admin.properties"));
    run("topic-init", List.of("bash", "-c", script), initEnv);
  }

  @AfterAll
  static void stopBroker() throws InterruptedException {
    if (broker != null) {
      broker.destroy();
      if (!broker.waitFor(30, TimeUnit.SECONDS)) {
        broker.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void theInitScriptCreatesTheContractTopicsWithTheirConfigs() throws Exception {
    try (Admin admin = Admin.create(adminConfig())) {
      assertThat(admin.listTopics().names().get()).containsAll(
          Topics.defaults().all().stream().map(t -> t.name()).toList());
      ConfigResource progress = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEFAULT_PROGRESS);
      Config configs = admin.describeConfigs(List.of(progress)).all().get().get(progress);
      assertThat(configs.get("cleanup.policy").value()).isEqualTo("compact,delete");
    }
  }

  @Test
  void eachServiceWritesWhatItMayAndNothingElse() {
    produce(KafkaAccess.PROCESSOR_USER, SERVICES_PORT, Topics.DEFAULT_PROGRESS);
    produce(KafkaAccess.GATEWAY_USER, SERVICES_PORT, Topics.DEFAULT_JOBS);

    assertThatThrownBy(() -> produce(KafkaAccess.GATEWAY_USER, SERVICES_PORT, Topics.DEFAULT_PROGRESS))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(() -> produce(KafkaAccess.PROCESSOR_USER, SERVICES_PORT, Topics.DEFAULT_JOBS))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void clientsOnTheHostListenerGetTheirOwnGrants() {
    produce(KafkaAccess.INGESTION_USER, HOST_PORT, Topics.DEFAULT_COMMANDS);
    try (KafkaConsumer<String, String> consumer = consumer(KafkaAccess.DATA_TEAM_USER, HOST_PORT)) {
      assertThat(consumer.partitionsFor(Topics.DEFAULT_AGGREGATES, Duration.ofSeconds(15))).isNotEmpty();
      assertThatThrownBy(() -> consumer.partitionsFor(Topics.DEFAULT_JOBS, Duration.ofSeconds(15)))
          .isInstanceOf(TopicAuthorizationException.class);
    }
    assertThatThrownBy(() -> produce(KafkaAccess.DATA_TEAM_USER, HOST_PORT, Topics.DEFAULT_AGGREGATES))
        .hasRootCauseInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void aWrongPasswordIsRefused() {
    Map<String, Object> config = clientConfig(
        KafkaClientSecurity.scram(KafkaAccess.PROCESSOR_USER, "not-the-password"), SERVICES_PORT);
    try (Admin admin = Admin.create(config)) {
      assertThatThrownBy(() -> admin.listTopics().names().get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  /** Sends one record, not idempotent, so a refusal is the topic's own (not the producer id's). */
  private static void produce(String user, int composePort, String topic) {
    Map<String, Object> config = clientConfig(scram(user), composePort);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "compose-it", "{}")).get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(user + " writing " + topic, e);
    }
  }

  private static KafkaConsumer<String, String> consumer(String user, int composePort) {
    return new KafkaConsumer<>(clientConfig(scram(user), composePort), new StringDeserializer(),
        new StringDeserializer());
  }

  private static KafkaClientSecurity scram(String user) {
    String variable = "KAFKA_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    return KafkaClientSecurity.scram(user, DOT_ENV.get(variable));
  }

  /** The admin, by SASL/PLAIN on the broker listener, as topic-init connects. */
  private static Map<String, Object> adminConfig() {
    KafkaClientSecurity admin = new KafkaClientSecurity(
        "SASL_PLAINTEXT", "PLAIN", "admin", DOT_ENV.get("KAFKA_ADMIN_PASSWORD"), null, null, null, null, null, null);
    return clientConfig(admin, BROKER_PORT);
  }

  private static Map<String, Object> clientConfig(KafkaClientSecurity security, int composePort) {
    Map<String, Object> config = new HashMap<>(security.clientProperties());
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + PORTS.get(composePort));
    return config;
  }

  /** A compose address ({@code kafka:9092}, {@code localhost:9094}, a bare {@code :9093}) on its loopback port. */
  private static String onLoopback(String value) {
    String result = value;
    for (Map.Entry<Integer, Integer> port : PORTS.entrySet()) {
      String to = "127.0.0.1:" + port.getValue();
      result = result.replace("kafka:" + port.getKey(), to).replace("localhost:" + port.getKey(), to)
          .replace("://:" + port.getKey(), "://" + to);
    }
    return result;
  }

  /** kafka-topics.sh, kafka-configs.sh and kafka-acls.sh as the image has them, on this test's classpath. */
  private static Path kafkaTools() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Map<String, String> tools = Map.of(
        "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
        "kafka-configs.sh", "kafka.admin.ConfigCommand",
        "kafka-acls.sh", "org.apache.kafka.tools.AclCommand");
    for (Map.Entry<String, String> tool : tools.entrySet()) {
      Path shim = bin.resolve(tool.getKey());
      // Short-lived JVMs: C1 only and the serial collector start fastest.
      Files.writeString(shim, "#!/bin/sh\nexec \"$JAVA\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp \"$CP\" "
          + tool.getValue() + " \"$@\"\n");
      shim.toFile().setExecutable(true);
    }
    return bin;
  }

  private static void run(String name, List<String> command, Map<String, String> env) throws Exception {
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish; see " + log);
    }
    assertThat(process.exitValue()).as(name + " exit code; its output:\n" + Files.readString(log)).isZero();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classpath() {
    return System.getProperty("java.class.path");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
