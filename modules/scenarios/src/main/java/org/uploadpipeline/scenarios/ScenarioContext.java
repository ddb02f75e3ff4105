package org.uploadpipeline.scenarios;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.PipelineObserver;
import org.uploadpipeline.testkit.SalesUpload;
import org.uploadpipeline.testkit.TestTokens;

/**
 * What every scenario works with: the stack, the mode, a seeded random source, a producer for jobs, a read-committed
 * observer of the contract topics, and the checks against the independent computation ({@link SalesUpload}).
 */
final class ScenarioContext implements AutoCloseable {

  static final Duration FINISH_TIMEOUT = Duration.ofMinutes(5);

  final LocalStack stack;
  final Mode mode;
  final Random random;
  final PrintStream out;
  private final PipelineObserver observer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, String> figures = new LinkedHashMap<>();
  private long rowsChecked;
  private final AtomicInteger users = new AtomicInteger();

  ScenarioContext(LocalStack stack, Mode mode, long seed, PrintStream out) {
    this.stack = stack;
    this.mode = mode;
    this.random = new Random(seed);
    this.out = out;
    this.observer = new PipelineObserver(stack.config().bootstrapServers());
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                // Jobs are sent while the broker may be down: keep trying for as long as an outage lasts here.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Writes the upload's file into the tenant's storage folder and produces its job. */
  void submit(String uploadId, String tenant, SalesUpload upload) throws IOException {
    Path file = stack.config().uploadsDir().resolve(tenant).resolve(uploadId + ".csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, upload.csv());
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("uploadId", uploadId);
    job.put("tenantId", tenant);
    job.put("source", Map.of("uri", file.toUri().toString()));
    job.put("mapping", Map.of("date", "fecha", "product", "producto", "quantity", "cantidad", "amount", "total"));
    send(uploadId, ProtocolJson.mapper().writeValueAsBytes(job));
  }

  /** Produces any bytes as a job record. */
  void send(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(Topics.DEFAULT_JOBS, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot produce a job", e.getCause());
    }
  }

  /** Waits until the upload has a snapshot with at least {@code rows} rows processed (or it finished). */
  void awaitRows(String uploadId, long rows) {
    Awaitility.await(uploadId + " at " + rows + " rows").atMost(FINISH_TIMEOUT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> observer.latest(uploadId).map(s -> s.rowsProcessed() >= rows || s.status().isTerminal())
            .orElse(false));
  }

  /**
   * The upload completed with exactly the expected results and aggregates, and a read-committed reader never saw its
   * progress go backwards: seq strictly growing, status, percent and rows never decreasing.
   *
   * @throws AssertionError naming what differs
   */
  void verifyExact(String uploadId, SalesUpload expected) {
    ProgressSnapshot last = observer.awaitFinished(uploadId, FINISH_TIMEOUT);
    check(last.status() == UploadStatus.COMPLETED, uploadId + " ended " + last.status() + ": " + last.error());
    check(last.results().processedRows() == expected.processedRows(),
        uploadId + " processed " + last.results().processedRows() + " rows, expected " + expected.processedRows());
    check(last.results().validRows() == expected.validRows(),
        uploadId + " has " + last.results().validRows() + " valid rows, expected " + expected.validRows());
    check(expected.matches(observer.awaitAggregates(uploadId, expected.aggregates().size())),
        uploadId + ": aggregates differ from the independent computation");
    List<ProgressSnapshot> history = observer.history(uploadId);
    for (int i = 1; i < history.size(); i++) {
      ProgressSnapshot before = history.get(i - 1);
      ProgressSnapshot after = history.get(i);
      check(after.seq() > before.seq(), uploadId + ": seq " + before.seq() + " then " + after.seq());
      check(after.status().compareTo(before.status()) >= 0,
          uploadId + ": status " + before.status() + " then " + after.status());
      check(after.percent() >= before.percent(), uploadId + ": percent " + before.percent() + " then "
          + after.percent());
      check(after.rowsProcessed() >= before.rowsProcessed(), uploadId + ": rows " + before.rowsProcessed()
          + " then " + after.rowsProcessed());
    }
    rowsChecked += expected.processedRows();
  }

  /** A token of the tenant for a user of its own (so per-user session limits stay out of the way). */
  String token(String tenant) {
    return TestTokens.hs256(stack.jwtSecret()).subject("viewer-" + tenant + "-" + users.incrementAndGet())
        .tenants(tenant).sign();
  }

  void figure(String name, Object value) {
    figures.put(name, String.valueOf(value));
  }

  Map<String, String> takeFigures() {
    Map<String, String> taken = new LinkedHashMap<>(figures);
    taken.put("rows checked", String.valueOf(rowsChecked));
    figures.clear();
    rowsChecked = 0;
    return taken;
  }

  static void check(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }

  @Override
  public void close() {
    producer.close();
    observer.close();
  }
}
