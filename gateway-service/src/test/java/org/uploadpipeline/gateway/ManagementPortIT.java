package org.uploadpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.uploadpipeline.gateway.support.StandaloneGateway;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestTopics;

/**
 * With {@code GATEWAY_MANAGEMENT_PORT} set (as the image sets it), health and metrics are served on that port only:
 * the public port, the one a Service and Ingress expose, answers no actuator path.
 */
class ManagementPortIT {

  private static final Topics TOPICS =
      TestTopics.createContractTopics(TestTopics.uniqueContractTopics("gateway-management"), 1);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static ConfigurableApplicationContext gateway;
  private static int managementPort;

  @BeforeAll
  static void startGateway() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      managementPort = free.getLocalPort();
    }
    gateway = StandaloneGateway.start(
        TOPICS,
        Path.of(System.getProperty("java.io.tmpdir"), "gateway-management-state"),
        "--management.server.port=" + managementPort);
  }

  @AfterAll
  static void stopGateway() {
    gateway.close();
  }

  @Test
  void probesAndMetricsAnswerOnTheManagementPort() throws Exception {
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get(managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(200));
    HttpResponse<String> metrics = get(managementPort, "/actuator/prometheus");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("gateway_ws_sessions_active");
  }

  @Test
  void thePublicPortServesNoActuatorPath() throws Exception {
    int apiPort = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));

    for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator"}) {
      HttpResponse<String> response = get(apiPort, path);
      assertThat(response.statusCode()).as(path).isIn(401, 403, 404);
      assertThat(response.body()).as(path).doesNotContain("gateway_ws").doesNotContain("\"UP\"");
    }
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
