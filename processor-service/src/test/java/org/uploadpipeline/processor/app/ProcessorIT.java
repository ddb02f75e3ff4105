package org.uploadpipeline.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.SalesFile;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.Dashboards;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTopics;

/** The processor application against a real broker: topics, multi-chunk uploads, duplicates and dead letters. */
@SpringBootTest
class ProcessorIT {

  @Autowired private PrometheusMeterRegistry prometheus;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Topics TOPICS = TestTopics.uniqueContractTopics("processor-it");
  private static final Path STORAGE = createStorage();

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    ProcessorTestProperties.register(registry, "processor-it", TOPICS, STORAGE);
    registry.add("processor.chunk-rows", () -> 100);
  }

  @Test
  void createsTheProgressTopicCompactedAndTheAggregatesTopicCompacted() {
    assertThat(TestTopics.describeConfig(TOPICS.progress().name()))
        .containsEntry("cleanup.policy", "compact,delete");
    assertThat(TestTopics.describeConfig(TOPICS.aggregates().name())).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void multiChunkUploadGivesTheAggregatesOfAnIndependentComputation() throws IOException {
    Path csv = STORAGE.resolve("acme/sales.csv");
    SalesFile.write(csv, 5_000, 50);
    UploadJob job = Jobs.file("it-sales", csv.toUri().toString());

    TestRecords.produce(TOPICS.jobs(), job.uploadId(), job);

    List<ProgressSnapshot> snapshots = snapshotsUntilFinished("it-sales");
    ProgressSnapshot last = snapshots.get(snapshots.size() - 1);
    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().processedRows()).isEqualTo(5_000);
    assertThat(last.results().invalidRows()).isEqualTo(SalesFile.invalidRows(5_000, 50));
    assertThat(last.results().rowErrors()).hasSize(100).extracting(e -> e.line()).isSorted();
    assertThat(snapshots).extracting(ProgressSnapshot::seq).isSorted().doesNotHaveDuplicates();
    assertThat(snapshots).extracting(ProgressSnapshot::percent).isSorted();
    assertThat(snapshots).extracting(ProgressSnapshot::status).isSorted();

    Map<String, SalesFile.Sums> expected = SalesFile.expectedAggregates("it-sales", 5_000, 50);
    assertThat(latestAggregates("it-sales", expected.size())).isEqualTo(expected);
    assertThat(last.results().aggregationCounts().dailyAggregations()).isEqualTo(61);
    assertThat(last.results().aggregationCounts().monthlyAggregations()).isEqualTo(2);
    assertThat(last.results().aggregationCounts().productAggregations()).isEqualTo(7);
  }

  @Test
  void prometheusShowsKafkaStreamsAndPipelineMetricsAndEveryMetricOfTheDashboard() throws IOException {
    Path csv = STORAGE.resolve("acme/metered.csv");
    SalesFile.write(csv, 300, 10);
    UploadJob job = Jobs.file("it-metered", csv.toUri().toString());
    TestRecords.produce(TOPICS.jobs(), job.uploadId(), job);
    assertThat(snapshotsUntilFinished("it-metered")).last()
        .satisfies(s -> assertThat(s.status()).isEqualTo(UploadStatus.COMPLETED));

    // What /actuator/prometheus serves; Kafka Streams metrics that appear after the start are bound within seconds.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(Dashboards.missingFrom(Dashboards.of("processor"), prometheus.scrape())).isEmpty());
    String scrape = prometheus.scrape();
    assertThat(scrape).containsPattern("(?m)^processor_rows_total\\{result=\"invalid\"} [1-9]")
        .containsPattern("(?m)^processor_uploads_total\\{outcome=\"completed\"} [1-9]")
        .contains("kafka_stream_thread_commit_latency_avg", "kafka_producer_txn_commit_time_ns_total")
        .doesNotContain("it-metered");
  }

  @Test
  void sameJobProducedTwiceIsCountedOnce() throws IOException {
    Path csv = STORAGE.resolve("acme/twice.csv");
    SalesFile.write(csv, 700, 0);
    UploadJob job = Jobs.file("it-twice", csv.toUri().toString());

    TestRecords.produce(TOPICS.jobs(), job.uploadId(), job);
    TestRecords.produce(TOPICS.jobs(), job.uploadId(), job);

    List<ProgressSnapshot> snapshots = snapshotsUntilFinished("it-twice");
    assertThat(snapshots).filteredOn(s -> s.status() == UploadStatus.COMPLETED).singleElement()
        .satisfies(s -> assertThat(s.results().processedRows()).isEqualTo(700));
    Map<String, SalesFile.Sums> expected = SalesFile.expectedAggregates("it-twice", 700, 0);
    assertThat(latestAggregates("it-twice", expected.size())).isEqualTo(expected);
  }

  @Test
  void oneMegabyteFieldsNeitherStallNorFailTheUpload() throws IOException {
    Path csv = STORAGE.resolve("acme/wide.csv");
    String wide = "x".repeat(1 << 20);
    Files.writeString(
        csv, SalesFile.HEADER + ",notes\n2026-11-05," + wide + ",1,2.50,\n2026-11-05,P1,1,2.50," + wide + "\n");
    UploadJob job = Jobs.file("it-wide", csv.toUri().toString());

    TestRecords.produce(TOPICS.jobs(), job.uploadId(), job);

    List<ProgressSnapshot> snapshots = snapshotsUntilFinished("it-wide");
    assertThat(snapshots.get(snapshots.size() - 1).status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(snapshots.get(snapshots.size() - 1).results().validRows()).isEqualTo(1);
    assertThat(snapshots.get(snapshots.size() - 1).results().rowErrors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("value longer than 4096 characters"));
  }

  @Test
  void unreadableJobRecordGoesToTheDeadLetterTopicWithTheReason() {
    Topic<String, byte[]> raw = TOPICS.jobsDeadLetter().withName(TOPICS.jobs().name());
    TestRecords.produce(raw, "it-garbage", "{\"uploadId\": 42".getBytes(StandardCharsets.UTF_8));

    List<ConsumerRecord<String, byte[]>> dead =
        TestRecords.consumeUntil(TOPICS.jobsDeadLetter(), r -> !r.isEmpty(), TIMEOUT);

    assertThat(dead).first().satisfies(r -> {
      assertThat(r.key()).isEqualTo("it-garbage");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"uploadId\": 42");
      assertThat(new String(r.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8))
          .startsWith("job is not valid JSON");
    });
  }

  private static List<ProgressSnapshot> snapshotsUntilFinished(String uploadId) {
    return TestRecords.consumeUntil(
            TOPICS.progress(),
            records -> records.stream().anyMatch(r -> r.key().equals(uploadId) && r.value().status().isTerminal()),
            TIMEOUT)
        .stream()
        .filter(r -> r.key().equals(uploadId))
        .map(ConsumerRecord::value)
        .toList();
  }

  /** The latest aggregate per key of one upload, as sums, once {@code keys} keys are there. */
  private static Map<String, SalesFile.Sums> latestAggregates(String uploadId, int keys) {
    Map<String, SalesFile.Sums> latest = new LinkedHashMap<>();
    TestRecords.consumeUntil(
            TOPICS.aggregates(),
            records -> records.stream().filter(r -> r.key().startsWith(uploadId + "/")).map(ConsumerRecord::key)
                .distinct().count() >= keys,
            TIMEOUT)
        .stream()
        .filter(r -> r.key().startsWith(uploadId + "/"))
        .forEach(r -> latest.put(r.key(), sums(r.value())));
    return new java.util.TreeMap<>(latest);
  }

  private static SalesFile.Sums sums(AggregateRow row) {
    return new SalesFile.Sums(row.transactions(), row.quantity(), row.revenue());
  }

  private static Path createStorage() {
    try {
      // Uploads live in their tenant's folder, as the gateway stores them.
      Path storage = Files.createTempDirectory("processor-it");
      Files.createDirectories(storage.resolve("acme"));
      return storage;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
