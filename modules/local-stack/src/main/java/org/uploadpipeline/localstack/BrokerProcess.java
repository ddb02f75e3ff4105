package org.uploadpipeline.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (broker and controller in one process) started from this module's own classpath, with
 * its log in the data directory: the first start formats the storage, later starts reuse it.
 */
final class BrokerProcess {

  static final List<String> JVM_ARGS = List.of("-Xms256m", "-Xmx512m");

  private BrokerProcess() {}

  /**
   * Writes the broker's configuration and, on the first start, formats its storage; returns the cluster id of this
   * data directory's storage, by which the stack tells its own broker from another that answers on the port.
   */
  static String prepare(LocalStackConfig config, String classpath, List<String> jvmArgs, KafkaUsers users)
      throws IOException, InterruptedException {
    Path kafkaDir = config.kafkaDir();
    Files.createDirectories(kafkaDir);
    Path properties = properties(config);
    Files.writeString(properties, serverProperties(config, kafkaDir, users));
    Path meta = kafkaDir.resolve("meta.properties");
    if (!Files.exists(meta)) {
      List<String> format = new ArrayList<>(jvmArgs);
      format.addAll(
          List.of(
              "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone",
              "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
      if (users != null) {
        format.addAll(users.formatArgs());
      }
      ChildProcess.runJava("kafka-format", format, config.logsDir());
    }
    Properties stored = new Properties();
    try (Reader in = Files.newBufferedReader(meta)) {
      stored.load(in);
    }
    return stored.getProperty("cluster.id");
  }

  /** The broker's program arguments after its JVM options. */
  static List<String> args(LocalStackConfig config, String classpath) {
    return List.of("-cp", classpath, "kafka.Kafka", properties(config).toString());
  }

  private static Path properties(LocalStackConfig config) {
    return config.dataDir().resolve("server.properties");
  }

  /** @param users null: plaintext listeners, no authorizer (the default local stack, on loopback) */
  private static String serverProperties(LocalStackConfig config, Path kafkaDir, KafkaUsers users) {
    String controller = "127.0.0.1:" + config.controllerPort();
    String client = "127.0.0.1:" + config.kafkaPort();
    List<String> listeners =
        users != null
            ? users.brokerProperties(client, controller)
            : List.of(
                "listeners=PLAINTEXT://" + client + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + client,
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    List<String> lines = new ArrayList<>(List.of(
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=" + controller,
        "controller.listener.names=CONTROLLER"));
    lines.addAll(listeners);
    lines.addAll(List.of(
        "log.dirs=" + kafkaDir.toAbsolutePath(),
        "num.partitions=3",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        ""));
    return String.join("\n", lines);
  }
}
