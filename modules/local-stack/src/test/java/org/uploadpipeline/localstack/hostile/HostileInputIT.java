package org.uploadpipeline.localstack.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.localstack.LocalStackConfig;
import org.uploadpipeline.localstack.ServiceOverrides;
import org.uploadpipeline.localstack.hostile.HostileCase.ApiUpload;
import org.uploadpipeline.localstack.hostile.HostileCase.Completed;
import org.uploadpipeline.localstack.hostile.HostileCase.DeadLettered;
import org.uploadpipeline.localstack.hostile.HostileCase.Expected;
import org.uploadpipeline.localstack.hostile.HostileCase.Failed;
import org.uploadpipeline.localstack.hostile.HostileCase.RawJob;
import org.uploadpipeline.localstack.hostile.HostileCase.Refused;
import org.uploadpipeline.localstack.hostile.HostileCase.SourceJob;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.PipelineObserver;
import org.uploadpipeline.testkit.SalesUpload;
import org.uploadpipeline.testkit.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input against the real stack as processes: a broker, the processor (at {@code -Xmx256m}) and the gateway,
 * each its own JVM. One row per case, so adding a case is one line. Every case asserts the outcome the contract
 * specifies (a {@code 400} with its message, a dead letter with its reason, or a failed upload with its reason)
 * <b>and</b> that an ordinary upload of another tenant sent right after it completes with exactly the results and
 * aggregates computed here, <b>and</b> that the processor never logged a replaced stream thread or an
 * {@code OutOfMemoryError}.
 */
class HostileInputIT {

  private static final String PROCESSOR_HEAP = "-Xmx256m";
  /** Small, so the distinct-key bomb below stays a small file. */
  private static final int MAX_AGGREGATE_KEYS = 2_000;
  private static final String VALID_CSV =
      SalesUpload.HEADER + "\n2026-11-05,Café,2,12.10\n2026-11-05,Té,1,3.05\n2026-11-06,Café,x,6.05\n";
  private static final Map<String, String> MAPPING =
      Map.of("date", "fecha", "product", "producto", "quantity", "cantidad", "amount", "total");
  private static final String OWNED_ID = "owned-by-acme";
  private static final List<String> FATAL_LOG_LINES =
      List.of("Stream thread failed; replacing it", "OutOfMemoryError", "StreamsException");
  private static final AtomicInteger GOOD_UPLOADS = new AtomicInteger();

  private static Path dataDir;
  private static LocalStack stack;
  private static PipelineObserver observer;
  private static KafkaProducer<String, byte[]> producer;
  private static HttpServer files;
  private static String loopbackBase;

  @BeforeAll
  static void startStack() throws Exception {
    dataDir = Files.createTempDirectory("hostile-input-it");
    ServiceOverrides overrides =
        new ServiceOverrides(
            List.of(PROCESSOR_HEAP),
            Map.of(
                "PROCESSOR_MAX_AGGREGATE_KEYS", Integer.toString(MAX_AGGREGATE_KEYS),
                // On, and allowing these hosts, so that it is the address check that refuses them.
                "PROCESSOR_HTTP_SOURCES_ENABLED", "true",
                "PROCESSOR_HTTP_SOURCES_ALLOWED_HOSTS", "127.0.0.1,169.254.169.254,10.0.0.1,localhost"),
            Map.of());
    stack = LocalStack.start(LocalStackConfig.onFreePorts(dataDir), overrides);
    observer = new PipelineObserver(stack.config().bootstrapServers());
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20),
            new StringSerializer(),
            new ByteArraySerializer());
    // A file server on loopback: production refuses to fetch from it, though it would answer.
    files = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    files.createContext("/sales.csv", exchange -> {
      byte[] body = VALID_CSV.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    files.createContext("/to-private", exchange -> {
      exchange.getResponseHeaders().add("Location", "http://10.0.0.1/sales.csv");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    files.start();
    loopbackBase = "http://127.0.0.1:" + files.getAddress().getPort();
    prepareStorage();
    // An upload of acme's, whose id another tenant's job then tries to take.
    send(new RawJob(OWNED_ID, jobJson(OWNED_ID, "acme", Map.of("inline", VALID_CSV), Map.of()), OWNED_ID));
    assertThat(observer.awaitFinished(OWNED_ID).status()).isEqualTo(UploadStatus.COMPLETED);
  }

  @AfterAll
  static void stopStack() {
    if (files != null) {
      files.stop(0);
    }
    if (producer != null) {
      producer.close();
    }
    if (observer != null) {
      observer.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static Stream<HostileCase> cases() {
    return Stream.of(
        // Format parameters at the API: each refused with a 400 that says what is wrong.
        api("date format with an unknown letter", Map.of("dateFormat", "b"),
            refused("dateFormat 'b' is not a date pattern: Unknown pattern letter: b")),
        api("date format without a day", Map.of("dateFormat", "yyyy-MM"),
            refused("dateFormat 'yyyy-MM' must name a year, a month and a day")),
        api("date format of a time only", Map.of("dateFormat", "HH:mm"), refused("must name a year, a month")),
        api("date format with a reserved character", Map.of("dateFormat", "yyyy#MM#dd"),
            refused("is not a date pattern")),
        api("date format of 65 characters", Map.of("dateFormat", "y".repeat(65)),
            refused("dateFormat is longer than 64 characters")),
        api("quote as delimiter", Map.of("delimiter", "\""), refused("the quote character encloses fields")),
        api("line feed as delimiter", Map.of("delimiter", "\n"), refused("a line break ends a record")),
        api("carriage return as delimiter", Map.of("delimiter", "\r"), refused("a line break ends a record")),
        api("two-character delimiter", Map.of("delimiter", ";;"), refused("delimiter must be exactly one")),
        api("letter as delimiter", Map.of("delimiter", "e"), refused("letters and digits")),
        api("control character as delimiter", Map.of("delimiter", "\u0001"), refused("control characters")),
        api("unknown encoding", Map.of("encoding", "KLINGON-8"), refused("'KLINGON-8' is not a known character")),
        api("illegal encoding name", Map.of("encoding", "%%%"), refused("is not a known character set")),
        api("semicolon as decimal separator", Map.of("decimalSeparator", ";"),
            refused("decimalSeparator must be '.' or ','")),
        api("header flag that is no boolean", Map.of("header", "maybe"), refused("'header' must be true or false")),
        api("no header but column names", Map.of("header", "false"),
            refused("without a header row, mapping 'date' must be a 1-based column number")),
        api("mapped column name of 300 characters", Map.of("product", "p".repeat(300)),
            refused("mapping 'product' is longer than 256 characters")),
        api("mapping without date", Map.of("date", ""), refused("the mapping parameter 'date' is required")),
        // Files through the API: accepted, then failed with the limit and line, or read as the rules say.
        apiFile("one line of 30 million fields (60 MB)", "x,".repeat(30_000_000).getBytes(StandardCharsets.US_ASCII),
            failed("Line 1 starts a record longer than the limit of 2097152 characters (processor.max-record-chars)")),
        apiFile("a 3 MB field", csvBytes("2026-11-05," + "p".repeat(3 << 20) + ",1,1\n"),
            failed("Line 2 starts a record longer than the limit of 2097152 characters")),
        apiFile("a 1 MB field under the record limit", csvBytes("2026-11-05," + "p".repeat(1 << 20) + ",1,1\n"),
            completed(1, 0)),
        apiFile("a header of 200,000 columns",
            ("fecha,producto,cantidad,total" + ",c".repeat(199_996) + "\n2026-11-05,Café,1,1\n")
                .getBytes(StandardCharsets.US_ASCII),
            failed("Line 1 has 200000 columns, more than the limit of 10000 (processor.max-columns)")),
        // A NUL is content; a product of a NUL alone trims to blank, so that row is invalid.
        apiFile("NUL bytes inside values", csvBytes("2026-11-05,Ca\u0000fé,1,1\n2026-11-05,\u0000,1,1\n"),
            completed(2, 1)),
        apiFile("invalid UTF-8 in UTF-8 mode",
            concat(csvBytes("2026-11-05,Caf"), new byte[] {(byte) 0xE9, (byte) 0xFF}, ",1,1\n".getBytes()),
            failed("The file is not valid UTF-8 text on line 2")),
        apiFile("unclosed quote at the end of the file", csvBytes("2026-11-05,\"Café,1,1\n"),
            failed("Broken CSV after line 1")),
        apiFile("unclosed quote swallowing 3 MB", csvBytes("2026-11-05,\"Café,1,1\n"
            + "2026-11-05,Té,1,1\n".repeat(170_000)), failed("Line 2 starts a record longer than the limit")),
        apiFile("CSV bomb: distinct products beyond the cap", distinctProducts(MAX_AGGREGATE_KEYS + 500),
            failed("More than 2000 distinct days, months and products (processor.max-aggregate-keys)")),
        apiFile("empty file", new byte[0], completed(0, 0)),
        apiFile("header only", csvBytes(""), completed(0, 0)),
        apiFile("header without a mapped column", "fecha,producto,cantidad\n2026-11-05,Café,1\n".getBytes(),
            failed("Invalid column mapping for 'total'")),
        apiFile("byte order mark and CRLF line ends", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            "fecha,producto,cantidad,total\r\n2026-11-05,Café,1,1\r\n".getBytes(StandardCharsets.UTF_8)),
            completed(1, 1)),
        // Jobs produced straight to Kafka.
        raw("a record that is not JSON", "k-not-json", "{not json", deadLettered("job is not valid JSON")),
        raw("a JSON array", "k-array", "[1,2,3]", deadLettered("job breaks the UploadJob schema")),
        raw("JSON nested 10,000 deep", "k-deep", "[".repeat(10_000) + "]".repeat(10_000),
            deadLettered("job is not valid JSON")),
        raw("an empty record", "k-empty", "", deadLettered("empty job record")),
        job("a job of 600 kB", "big-job", "acme", Map.of("inline", VALID_CSV + "#".repeat(600_000)), Map.of(),
            new DeadLettered("more than the limit of 524288 bytes (processor.max-job-size)", null)),
        keyed("a job keyed otherwise than its upload id", "other-key", "keyed-victim",
            new DeadLettered("record key 'other-key' differs from the job's uploadId 'keyed-victim'", null)),
        keyed("a job without a record key", null, "keyless-victim",
            new DeadLettered("record key (none) differs from the job's uploadId", null)),
        job("another tenant's job for a taken upload id", OWNED_ID, "globex", Map.of("inline", VALID_CSV), Map.of(),
            new DeadLettered("upload id 'owned-by-acme' belongs to another tenant", null)),
        job("a date format with an unknown letter", "kafka-date-b", "acme", Map.of("inline", VALID_CSV),
            Map.of("dateFormat", "b"), deadLetteredAndFailed("dateFormat 'b' is not a date pattern")),
        job("a line feed as delimiter", "kafka-delim-lf", "acme", Map.of("inline", VALID_CSV),
            Map.of("delimiter", "\n"), deadLetteredAndFailed("job breaks the UploadJob schema")),
        job("a quote as delimiter", "kafka-delim-quote", "acme", Map.of("inline", VALID_CSV),
            Map.of("delimiter", "\""), deadLetteredAndFailed("job breaks the UploadJob schema")),
        job("an unknown encoding", "kafka-encoding", "acme", Map.of("inline", VALID_CSV),
            Map.of("encoding", "KLINGON-8"), deadLetteredAndFailed("'KLINGON-8' is not a known character set")),
        job("an unsupported URI scheme", "kafka-ftp", "acme", Map.of("uri", "ftp://example.com/a.csv"), Map.of(),
            deadLetteredAndFailed("job breaks the UploadJob schema")),
        // Files a job names.
        file("another tenant's stored file", "file-other-tenant", "globex/theirs.csv",
            failed("File is outside the upload storage of tenant acme")),
        file("a file outside the storage", "file-outside", "file:///etc/passwd",
            failed("File is outside the upload storage of tenant acme: /etc/passwd")),
        file("a symbolic link out of the tenant folder", "file-link", "acme/link-out.csv",
            failed("File is outside the upload storage of tenant acme")),
        file("a file that does not exist", "file-missing", "acme/never-written.csv", failed("File not found")),
        // Remote sources: on and allowlisted here, so the address check is what refuses them, before connecting.
        remote("http to 127.0.0.1", "http-loopback", "/sales.csv", failed("loopback address 127.0.0.1")),
        remote("http to localhost", "http-localhost", "http://localhost:9/sales.csv", failed("loopback address")),
        remote("http to 169.254.169.254", "http-metadata", "http://169.254.169.254/latest/meta-data/",
            failed("link-local address 169.254.169.254")),
        remote("http to 10.0.0.1", "http-private", "http://10.0.0.1/sales.csv", failed("private address 10.0.0.1")),
        remote("http on loopback redirecting to 10.0.0.1", "http-redirect", "/to-private",
            failed("loopback address 127.0.0.1")),
        remote("http to a host not on the allowlist", "http-unlisted", "http://example.com/sales.csv",
            failed("Host 'example.com' is not allowed for remote sources")),
        remote("http URL without a host", "http-no-host", "http:///sales.csv",
            failed("The source URL names no host")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hostileInputGetsItsAnswerAndAnotherTenantsUploadStillCompletesExactly(HostileCase c) throws Exception {
    Optional<ProgressSnapshot> before = c.input() instanceof RawJob r ? observer.latest(r.uploadId())
        : c.input() instanceof SourceJob s ? observer.latest(s.uploadId()) : Optional.empty();

    Submitted submitted = submit(c.input());

    assertOutcome(c.expected(), submitted, before);
    goodUploadOfAnotherTenantCompletesExactly();
    assertThat(fatalProcessorLogLines()).as("the processor log").isEmpty();
  }

  /** What a case's input produced: the API's answer, or the upload id the job names. */
  private record Submitted(HttpResponse<String> response, String uploadId, String deadLetterKey) {}

  private static Submitted submit(HostileCase.Input input) throws Exception {
    if (input instanceof ApiUpload api) {
      HttpResponse<String> response = post(api.params(), api.body());
      String uploadId = response.statusCode() == 202
          ? ProtocolJson.mapper().readTree(response.body()).get("uploadId").asString() : null;
      return new Submitted(response, uploadId, null);
    }
    if (input instanceof RawJob raw) {
      send(raw);
      return new Submitted(null, raw.uploadId(), raw.key() == null ? "(none)" : raw.key());
    }
    SourceJob job = (SourceJob) input;
    String uri = resolve(job.source());
    send(new RawJob(job.uploadId(), jobJson(job.uploadId(), "acme", Map.of("uri", uri), Map.of()), job.uploadId()));
    return new Submitted(null, job.uploadId(), job.uploadId());
  }

  private static String resolve(String source) {
    if (source.startsWith("loopback:")) {
      return loopbackBase + source.substring("loopback:".length());
    }
    return source.contains("://") ? source : stack.config().uploadsDir().resolve(source).toUri().toString();
  }

  private static void assertOutcome(Expected expected, Submitted submitted, Optional<ProgressSnapshot> before) {
    if (expected instanceof Refused refused) {
      assertThat(submitted.response().statusCode()).as(submitted.response().body()).isEqualTo(refused.status());
      JsonNode body = ProtocolJson.mapper().readTree(submitted.response().body());
      assertThat(body.get("error").asString()).isNotBlank();
      assertThat(body.get("message").asString()).contains(refused.message());
    } else if (expected instanceof Failed failed) {
      ProgressSnapshot last = observer.awaitFinished(accepted(submitted));
      assertThat(last.status()).as(String.valueOf(last.error())).isEqualTo(UploadStatus.FAILED);
      assertThat(last.error().details()).contains(failed.details());
    } else if (expected instanceof Completed completed) {
      ProgressSnapshot last = observer.awaitFinished(accepted(submitted));
      assertThat(last.status()).as(String.valueOf(last.error())).isEqualTo(UploadStatus.COMPLETED);
      assertThat(last.results().processedRows()).isEqualTo(completed.processedRows());
      assertThat(last.results().validRows()).isEqualTo(completed.validRows());
    } else if (expected instanceof DeadLettered dead) {
      assertThat(observer.awaitDeadLetter(submitted.deadLetterKey())).contains(dead.reason());
      if (dead.failedDetails() != null) {
        ProgressSnapshot last = observer.awaitFinished(submitted.uploadId());
        assertThat(last.status()).isEqualTo(UploadStatus.FAILED);
        assertThat(last.error().details()).contains(dead.failedDetails());
      }
    }
    if (expected instanceof DeadLettered dead && dead.failedDetails() == null) {
      // Checked after the next upload went through: by then the refused job would have shown any effect.
      goodUploadOfAnotherTenantCompletesExactly();
      assertThat(observer.latest(submitted.uploadId())).as("the upload the refused job names").isEqualTo(before);
    }
  }

  private static String accepted(Submitted submitted) {
    if (submitted.response() != null) {
      assertThat(submitted.response().statusCode()).as(submitted.response().body()).isEqualTo(202);
    }
    return submitted.uploadId();
  }

  /** Tenant globex's ordinary upload, checked against the results computed by {@link SalesUpload}. */
  private static void goodUploadOfAnotherTenantCompletesExactly() {
    int n = GOOD_UPLOADS.incrementAndGet();
    String uploadId = "globex-good-" + n;
    SalesUpload good = SalesUpload.generate(n, 300);
    send(new RawJob(uploadId, jobJson(uploadId, "globex", Map.of("inline", good.csv()), Map.of()), uploadId));

    ProgressSnapshot last = observer.awaitFinished(uploadId);

    assertThat(last.status()).as(String.valueOf(last.error())).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.tenantId()).isEqualTo("globex");
    assertThat(last.results().processedRows()).isEqualTo(good.processedRows());
    assertThat(last.results().validRows()).isEqualTo(good.validRows());
    Map<String, AggregateRow> aggregates = observer.awaitAggregates(uploadId, good.aggregates().size());
    assertThat(good.matches(aggregates)).as("aggregates %s", aggregates).isTrue();
  }

  private static List<String> fatalProcessorLogLines() throws IOException {
    try (Stream<String> lines = Files.lines(stack.log("processor"), StandardCharsets.UTF_8)) {
      return lines.filter(line -> FATAL_LOG_LINES.stream().anyMatch(line::contains)).toList();
    }
  }

  // The table's vocabulary.

  private static HostileCase api(String name, Map<String, String> params, Expected expected) {
    Map<String, String> all = new LinkedHashMap<>(MAPPING);
    all.putAll(params);
    return new HostileCase(name, new ApiUpload(all, VALID_CSV.getBytes(StandardCharsets.UTF_8)), expected);
  }

  private static HostileCase apiFile(String name, byte[] body, Expected expected) {
    return new HostileCase(name, new ApiUpload(MAPPING, body), expected);
  }

  private static HostileCase raw(String name, String key, String value, Expected expected) {
    return new HostileCase(name, new RawJob(key, value.getBytes(StandardCharsets.UTF_8), null), expected);
  }

  private static HostileCase job(
      String name, String uploadId, String tenant, Map<String, Object> source, Map<String, Object> format,
      Expected expected) {
    return new HostileCase(name, new RawJob(uploadId, jobJson(uploadId, tenant, source, format), uploadId), expected);
  }

  private static HostileCase keyed(String name, String key, String uploadId, Expected expected) {
    return new HostileCase(
        name, new RawJob(key, jobJson(uploadId, "acme", Map.of("inline", VALID_CSV), Map.of()), uploadId), expected);
  }

  private static HostileCase file(String name, String uploadId, String source, Expected expected) {
    return new HostileCase(name, new SourceJob(uploadId, source), expected);
  }

  private static HostileCase remote(String name, String uploadId, String url, Expected expected) {
    return new HostileCase(name, new SourceJob(uploadId, url.startsWith("/") ? "loopback:" + url : url), expected);
  }

  private static Refused refused(String message) {
    return new Refused(400, message);
  }

  private static Failed failed(String details) {
    return new Failed(details);
  }

  private static Completed completed(long processed, long valid) {
    return new Completed(processed, valid);
  }

  private static DeadLettered deadLettered(String reason) {
    return new DeadLettered(reason, null);
  }

  private static DeadLettered deadLetteredAndFailed(String reason) {
    return new DeadLettered(reason, reason);
  }

  // Plumbing.

  private static void send(RawJob job) {
    try {
      producer.send(new ProducerRecord<>(Topics.DEFAULT_JOBS, job.key(), job.value())).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce the job", e);
    }
  }

  private static byte[] jobJson(
      String uploadId, String tenant, Map<String, Object> source, Map<String, Object> format) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("uploadId", uploadId);
    job.put("tenantId", tenant);
    job.put("source", source);
    if (!format.isEmpty()) {
      job.put("format", format);
    }
    job.put("mapping", MAPPING);
    return ProtocolJson.mapper().writeValueAsBytes(job);
  }

  private static HttpResponse<String> post(Map<String, String> params, byte[] body) throws Exception {
    String query = params.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.config().gatewayUrl() + "/api/uploads?" + query))
            .header("Authorization", "Bearer " + TestTokens.hs256(stack.jwtSecret()).tenants("acme").sign())
            .header("Content-Type", "text/csv")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void prepareStorage() throws IOException {
    Path uploads = stack.config().uploadsDir();
    Files.createDirectories(uploads.resolve("acme"));
    Files.createDirectories(uploads.resolve("globex"));
    Files.writeString(uploads.resolve("globex").resolve("theirs.csv"), VALID_CSV);
    Path secret = Files.writeString(dataDir.resolve("secret.csv"), VALID_CSV);
    Files.createSymbolicLink(uploads.resolve("acme").resolve("link-out.csv"), secret);
  }

  private static byte[] csvBytes(String rows) {
    return (SalesUpload.HEADER + "\n" + rows).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] distinctProducts(int count) {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < count; i++) {
      rows.append("2026-11-05,product-").append(i).append(",1,1\n");
    }
    return csvBytes(rows.toString());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }
}
