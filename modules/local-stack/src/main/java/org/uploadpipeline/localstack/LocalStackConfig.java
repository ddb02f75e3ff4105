package org.uploadpipeline.localstack;

import java.nio.file.Path;

/**
 * Where the local stack keeps its data and which ports it takes.
 *
 * @param dataDir broker log, upload storage, service state and logs; a second start with the same directory reuses them
 * @param kafkaPort the broker's client port (the KRaft controller takes the next one)
 * @param gatewayPort the gateway's HTTP and WebSocket port
 */
public record LocalStackConfig(Path dataDir, int kafkaPort, int gatewayPort) {

  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_GATEWAY_PORT = 8080;

  public String bootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
  }

  public int controllerPort() {
    return kafkaPort + 1;
  }

  public String gatewayUrl() {
    return "http://localhost:" + gatewayPort;
  }

  public String webSocketUrl(String uploadId) {
    return "ws://localhost:" + gatewayPort + "/ws/processing/" + uploadId + "/";
  }

  Path kafkaDir() {
    return dataDir.resolve("kafka");
  }

  public Path uploadsDir() {
    return dataDir.resolve("uploads");
  }

  Path stateDir(String service) {
    return dataDir.resolve("state").resolve(service);
  }

  public Path logsDir() {
    return dataDir.resolve("logs");
  }
}
