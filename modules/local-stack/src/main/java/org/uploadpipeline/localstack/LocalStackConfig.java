package org.uploadpipeline.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * A configuration on ports free right now: a pair for the broker (client and controller listener) and another for
   * the gateway, for tests and harnesses that run beside other stacks.
   */
  public static LocalStackConfig onFreePorts(Path dataDir) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int kafka = freePortPair(held);
      int gateway = freePortPair(held);
      return new LocalStackConfig(dataDir, kafka, gateway);
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
  }

  /** A free port whose successor is free too; both stay held (in {@code held}) so later picks avoid them. */
  private static int freePortPair(List<ServerSocket> held) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      ServerSocket first = new ServerSocket(0);
      try {
        ServerSocket next = new ServerSocket(first.getLocalPort() + 1);
        held.add(first);
        held.add(next);
        return first.getLocalPort();
      } catch (IOException taken) {
        first.close();
      }
    }
    throw new IOException("no two adjacent free ports");
  }

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
