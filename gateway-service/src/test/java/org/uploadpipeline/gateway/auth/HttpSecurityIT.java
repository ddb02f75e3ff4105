package org.uploadpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.testkit.Dashboards;
import org.uploadpipeline.testkit.TestTokens;
import org.uploadpipeline.testkit.ViewerClient;

/** The filter chain as a client sees it: JSON 401s with the reason, deliberate headers, no CORS, open probes. */
class HttpSecurityIT extends GatewayIT {

  @Test
  void answersAnExpiredBearerTokenWithJson401NamingTheReason() {
    String expired =
        TestTokens.hs256(SECRET).tenants("acme").expiresAt(java.time.Instant.now().minusSeconds(5)).sign();

    HttpResponse<String> response = get("/api/uploads/" + newUploadId(), expired);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> v.startsWith("application/json"));
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(response.body()).contains("\"error\":\"unauthorized\"").contains("token expired");
    assertThat(response.body()).doesNotContain(expired);
  }

  @Test
  void doesNotAcceptATokenInTheQueryStringOfTheApi() {
    String token = TestTokens.hs256(SECRET).tenants("acme").sign();

    assertThat(get("/api/uploads/" + newUploadId() + "?token=" + token, null).statusCode()).isEqualTo(401);
  }

  @Test
  void setsDeliberateSecurityHeadersAndNoSession() {
    HttpResponse<String> response =
        get("/api/uploads/" + newUploadId(), TestTokens.hs256(SECRET).tenants("acme").sign());

    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        v -> assertThat(v).contains("default-src 'none'"));
    assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void grantsNoCrossOriginAccessByDefault() {
    HttpResponse<String> preflight =
        send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/uploads"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .build());

    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void keepsProbesOpenAndOtherActuatorEndpointsClosed() {
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/env", null).statusCode()).isIn(401, 403, 404);
  }

  @Test
  void exposesGatewayMetricsForPrometheusWithoutUploadOrUserLabels() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    ViewerClient viewer = connectWithToken(uploadId, TestTokens.hs256(SECRET).tenants("acme").sign());
    viewer.awaitMessageOfType("status");
    publish(TestSnapshots.processing(uploadId, "acme", 2, 10, 100));
    publish(TestSnapshots.processing(uploadId, "acme", 3, 20, 200));
    viewer.awaitMessageOfType("progress");

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              String metrics = get("/actuator/prometheus", null).body();
              assertThat(metrics)
                  .contains("gateway_ws_sessions_active")
                  .contains("gateway_ws_messages_sent_total")
                  .contains("gateway_ws_messages_conflated_total")
                  .contains("gateway_ws_sessions_dropped_total{reason=\"flood\"}")
                  .contains("gateway_ws_event_latency_seconds_bucket")
                  // The store's lag, from spring-kafka's Micrometer binding of Kafka Streams metrics.
                  .containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"[^\"]*"
                      + "global-consumer\"");
              assertThat(Dashboards.missingFrom(Dashboards.of("gateway"), metrics)).isEmpty();
              assertThat(metrics.lines().filter(l -> l.startsWith("gateway_")))
                  .noneMatch(l -> l.contains(uploadId) || l.contains("user") || l.contains("upload_id"));
            });
    viewer.close();
  }
}
