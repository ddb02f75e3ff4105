package org.uploadpipeline.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, shared by every test class. Where a Docker engine runs it is Testcontainers'
 * Kafka; otherwise (or with {@code -Dkafka.test.broker=embedded}) an in-JVM KRaft broker, so broker tests run
 * instead of being skipped on machines without Docker. Tests share it safely by using unique topic names
 * ({@link TestTopics}).
 *
 * <p>The broker is never stopped explicitly: it lives as long as the test JVM, and a shutdown hook would race the
 * removal of its temporary directories.
 */
public final class TestKafka {

  /** System property that forces a broker kind: {@code embedded} or {@code container}. */
  public static final String BROKER_KIND_PROPERTY = "kafka.test.broker";

  static final String KAFKA_IMAGE = "apache/kafka:4.1.2";

  private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
  private static volatile String bootstrapServers;

  private TestKafka() {}

  /** The bootstrap servers of the shared broker, starting it on first use. */
  public static String bootstrapServers() {
    String servers = bootstrapServers;
    if (servers == null) {
      synchronized (TestKafka.class) {
        servers = bootstrapServers;
        if (servers == null) {
          servers = useContainer() ? startContainer() : startEmbedded();
          bootstrapServers = servers;
        }
      }
    }
    return servers;
  }

  /** A new admin client on the shared broker; close it after use. */
  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  private static boolean useContainer() {
    String kind = System.getProperty(BROKER_KIND_PROPERTY, "");
    if (kind.equals("embedded")) {
      return false;
    }
    boolean docker = DockerClientFactory.instance().isDockerAvailable();
    if (kind.equals("container") && !docker) {
      throw new IllegalStateException("-D" + BROKER_KIND_PROPERTY + "=container but no Docker engine answers");
    }
    return docker;
  }

  private static String startContainer() {
    KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
    container.start();
    log.info("Test broker: Testcontainers {} at {}", KAFKA_IMAGE, container.getBootstrapServers());
    return container.getBootstrapServers();
  }

  private static String startEmbedded() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    // One broker: every internal topic, including the transaction log that exactly-once needs, has one replica.
    broker.brokerProperties(
        Map.of(
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "false"));
    broker.afterPropertiesSet();
    log.info("Test broker: in-JVM KRaft at {}", broker.getBrokersAsString());
    return broker.getBrokersAsString();
  }
}
