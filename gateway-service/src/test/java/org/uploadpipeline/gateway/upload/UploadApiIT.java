package org.uploadpipeline.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.support.GatewayIT;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTokens;
import tools.jackson.databind.JsonNode;

class UploadApiIT extends GatewayIT {

  private static final String CSV = "fecha,producto,cantidad,total\n2026-11-05,Widget,2,12.10\n";
  private static final String MAPPING = "date=fecha&product=producto&quantity=cantidad&amount=total";

  private final String acmeToken = TestTokens.hs256(SECRET).subject("user-7").tenants("acme").sign();

  @Test
  void storesCsvBodyAndProducesItsJobKeyedByUploadId() throws Exception {
    HttpResponse<String> response = postCsv(acmeToken, MAPPING + "&delimiter=%2C&header=true", "text/csv", CSV);

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = ProtocolJson.mapper().readTree(response.body());
    String uploadId = body.get("uploadId").asString();
    assertThat(uploadId).matches("[A-Za-z0-9_-]{1,64}");
    assertThat(body.get("status").asString()).isEqualTo("pending");
    assertThat(body.get("websocket").asString()).isEqualTo("/ws/processing/" + uploadId + "/");

    List<ConsumerRecord<String, UploadJob>> records =
        TestRecords.consumeUntil(
            TOPICS.jobs(), found -> found.stream().anyMatch(r -> uploadId.equals(r.key())), Duration.ofSeconds(20));
    UploadJob job = records.stream().filter(r -> uploadId.equals(r.key())).findFirst().orElseThrow().value();
    assertThat(job.tenantId()).isEqualTo("acme");
    assertThat(job.submittedBy()).isEqualTo("user-7");
    assertThat(job.mapping().date()).isEqualTo("fecha");
    assertThat(job.mapping().amount()).isEqualTo("total");
    assertThat(job.format().delimiter()).isEqualTo(",");
    assertThat(job.source().uri()).startsWith("file:").endsWith("/acme/" + uploadId + ".csv");
    Path stored = Path.of(URI.create(job.source().uri()));
    assertThat(stored).startsWith(STORAGE_DIR.toAbsolutePath().normalize());
    assertThat(Files.readString(stored)).isEqualTo(CSV);
    assertThat(ContractSchema.UPLOAD_JOB.violations(ProtocolJson.mapper().writeValueAsString(job))).isEmpty();
  }

  @Test
  void theRequestsTraceGoesOnInTheJobsHeaderAndTheAnswerNamesItAndTheFileName() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/uploads?" + MAPPING
                + "&fileName=ventas%20noviembre.csv"))
            .header("Content-Type", "text/csv")
            .header("Authorization", "Bearer " + acmeToken)
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
            .POST(HttpRequest.BodyPublishers.ofString(CSV, StandardCharsets.UTF_8))
            .build();

    HttpResponse<String> response = send(request);

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = ProtocolJson.mapper().readTree(response.body());
    assertThat(body.get("traceId").asString()).isEqualTo(traceId);
    String uploadId = body.get("uploadId").asString();
    ConsumerRecord<String, UploadJob> job =
        TestRecords.consumeUntil(
                TOPICS.jobs(), found -> found.stream().anyMatch(r -> uploadId.equals(r.key())), Duration.ofSeconds(20))
            .stream().filter(r -> uploadId.equals(r.key())).findFirst().orElseThrow();
    String header = new String(job.headers().lastHeader(TraceParent.HEADER).value(), StandardCharsets.US_ASCII);
    assertThat(TraceParent.parse(header)).hasValueSatisfying(trace -> {
      assertThat(trace.traceId()).as("the caller's trace").isEqualTo(traceId);
      assertThat(trace.parentId()).as("the gateway's own span").isNotEqualTo("00f067aa0ba902b7");
    });
    assertThat(job.value().fileName()).isEqualTo("ventas noviembre.csv");
  }

  @Test
  void anUntracedRequestStartsATraceOfItsOwn() {
    HttpResponse<String> response = postCsv(acmeToken, MAPPING, "text/csv", CSV);

    assertThat(ProtocolJson.mapper().readTree(response.body()).get("traceId").asString()).matches("[0-9a-f]{32}");
  }

  @Test
  void acceptsMultipartFilePartWithMappingAsFormFields() {
    String boundary = "gateway-it-boundary";
    String multipart =
        field(boundary, "date", "fecha")
            + field(boundary, "product", "producto")
            + field(boundary, "quantity", "cantidad")
            + field(boundary, "unitPrice", "precio")
            + "--" + boundary + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"sales.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n"
            + "fecha,producto,cantidad,precio\n2026-11-05,Widget,2,6.05\n\r\n"
            + "--" + boundary + "--\r\n";

    HttpResponse<String> response =
        postCsv(acmeToken, "", "multipart/form-data; boundary=" + boundary, multipart);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String uploadId = ProtocolJson.mapper().readTree(response.body()).get("uploadId").asString();
    List<ConsumerRecord<String, UploadJob>> records =
        TestRecords.consumeUntil(
            TOPICS.jobs(), found -> found.stream().anyMatch(r -> uploadId.equals(r.key())), Duration.ofSeconds(20));
    UploadJob job = records.stream().filter(r -> uploadId.equals(r.key())).findFirst().orElseThrow().value();
    assertThat(job.mapping().unitPrice()).isEqualTo("precio");
  }

  @Test
  void refusesAnUploadWithoutTokenWith401() {
    HttpResponse<String> response = postCsv(null, MAPPING, "text/csv", CSV);

    assertThat(response.statusCode()).isEqualTo(401);
    assertErrorBody(response, "unauthorized");
  }

  @Test
  void refusesAnUploadWithABadTokenWith401() {
    HttpResponse<String> response = postCsv("garbage", MAPPING, "text/csv", CSV);

    assertThat(response.statusCode()).isEqualTo(401);
    assertErrorBody(response, "unauthorized");
  }

  @Test
  void refusesAnUnsupportedMediaTypeWith415() {
    HttpResponse<String> response = postCsv(acmeToken, MAPPING, "application/xml", "<csv/>");

    assertThat(response.statusCode()).isEqualTo(415);
    assertErrorBody(response, "unsupported_media_type");
  }

  @Test
  void refusesAnIncompleteMappingWith400() {
    HttpResponse<String> response = postCsv(acmeToken, "date=fecha&product=producto", "text/csv", CSV);

    assertThat(response.statusCode()).isEqualTo(400);
    assertErrorBody(response, "bad_request");
  }

  @Test
  void requiresATenantParameterWhenTheTokenGrantsSeveral() {
    String token = TestTokens.hs256(SECRET).tenants("acme", "globex").sign();

    assertThat(postCsv(token, MAPPING, "text/csv", CSV).statusCode()).isEqualTo(400);
    assertThat(postCsv(token, MAPPING + "&tenant=globex", "text/csv", CSV).statusCode()).isEqualTo(202);
    assertThat(postCsv(token, MAPPING + "&tenant=initech", "text/csv", CSV).statusCode()).isEqualTo(403);
  }

  @Test
  void answersTheLatestSnapshotOfAnOwnUpload() {
    String uploadId = newUploadId();
    publish(TestSnapshots.pending(uploadId, "acme", 1));
    publish(TestSnapshots.processing(uploadId, "acme", 2, 25, 250));

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              HttpResponse<String> response = get("/api/uploads/" + uploadId, acmeToken);
              assertThat(response.statusCode()).isEqualTo(200);
              JsonNode snapshot = ProtocolJson.mapper().readTree(response.body());
              assertThat(snapshot.get("seq").asLong()).isEqualTo(2);
              assertThat(snapshot.get("rowsProcessed").asLong()).isEqualTo(250);
              assertThat(ContractSchema.PROGRESS_SNAPSHOT.violations(response.body())).isEmpty();
            });
  }

  @Test
  void answers404ForAnUnknownUpload() {
    HttpResponse<String> response = get("/api/uploads/" + newUploadId(), acmeToken);

    assertThat(response.statusCode()).isEqualTo(404);
    assertErrorBody(response, "not_found");
  }

  @Test
  void answers403ForAnotherTenantsUpload() {
    String uploadId = newUploadId();
    publish(TestSnapshots.processing(uploadId, "globex", 1, 42.5, 425));

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              HttpResponse<String> response = get("/api/uploads/" + uploadId, acmeToken);
              assertThat(response.statusCode()).isEqualTo(403);
              assertThat(response.body()).doesNotContain("42.5", "globex");
              assertErrorBody(response, "forbidden");
            });
  }

  @Test
  void answers401ForAReadWithoutToken() {
    assertThat(get("/api/uploads/" + newUploadId(), null).statusCode()).isEqualTo(401);
  }

  @Test
  void guessesFormatAndMappingFromTheStartOfAFileAsTheUploaderDoes() {
    String start = "Fecha;Artículo;Cant;Importe\n05/11/2026;Café;2;12,10\n";
    HttpResponse<String> response = post("/api/uploads/guess", acmeToken, start);
    HttpResponse<String> anonymous = post("/api/uploads/guess", null, start);
    HttpResponse<String> badEncoding = post("/api/uploads/guess?encoding=klingon", acmeToken, start);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode guess = ProtocolJson.mapper().readTree(response.body());
    assertThat(guess.get("delimiter").asString()).isEqualTo(";");
    assertThat(guess.get("mapping").get("product").asString()).isEqualTo("Artículo");
    assertThat(guess.get("mapping").get("amount").asString()).isEqualTo("Importe");
    assertThat(guess.get("dateFormat").asString()).isEqualTo("dd/MM/yyyy");
    assertThat(guess.get("decimalSeparator").asString()).isEqualTo(",");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(badEncoding.statusCode()).isEqualTo(400);
    assertErrorBody(badEncoding, "bad_request");
  }

  private HttpResponse<String> post(String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private HttpResponse<String> postCsv(String token, String query, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/uploads?" + query))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private static String field(String boundary, String name, String value) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }

  private static void assertErrorBody(HttpResponse<String> response, String error) {
    JsonNode body = ProtocolJson.mapper().readTree(response.body());
    assertThat(body.get("error").asString()).isEqualTo(error);
    assertThat(body.get("message").asString()).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception", "\tat ");
  }
}
