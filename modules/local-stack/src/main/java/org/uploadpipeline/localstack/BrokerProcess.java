package org.uploadpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (broker and controller in one process) started from this module's own classpath, with
 * its log in the data directory: the first start formats the storage, later starts reuse it.
 */
final class BrokerProcess {

  private BrokerProcess() {}

  static ChildProcess start(LocalStackConfig config, String classpath) throws IOException, InterruptedException {
    Path kafkaDir = config.kafkaDir();
    Files.createDirectories(kafkaDir);
    Path properties = config.dataDir().resolve("server.properties");
    Files.writeString(properties, serverProperties(config, kafkaDir));
    if (!Files.exists(kafkaDir.resolve("meta.properties"))) {
      ChildProcess.runJava(
          "kafka-format",
          List.of(
              "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone",
              "-t", Uuid.randomUuid().toString(), "-c", properties.toString()),
          config.logsDir());
    }
    return ChildProcess.startJava(
        "broker",
        List.of("-Xms256m", "-Xmx512m"),
        List.of("-cp", classpath, "kafka.Kafka", properties.toString()),
        Map.of(),
        config.logsDir());
  }

  private static String serverProperties(LocalStackConfig config, Path kafkaDir) {
    String controller = "127.0.0.1:" + config.controllerPort();
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + kafkaDir.toAbsolutePath(),
        "num.partitions=3",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }
}
