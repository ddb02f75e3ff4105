package org.uploadpipeline.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.ingest.ChunkingSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadStatus;

class UploadTopologyTest {

  private static final String CSV =
      """
      fecha,producto,cantidad,total
      2026-11-05,Café,2,12.10
      2026-11-05,Té,1,3.05
      2026-11-06,Café,1,6.05
      2026-12-01,Té,abc,1.00
      2026-12-02,Té,1,1.00
      """;

  private final Topics topics = Topics.defaults();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> jobs;
  private TestOutputTopic<String, ProgressSnapshot> progress;
  private TestOutputTopic<String, AggregateRow> aggregates;

  @BeforeEach
  void startDriver() {
    // Two rows per chunk: even the small test files go through several chunks.
    ChunkingSettings chunking = new ChunkingSettings(2, 1 << 20, Duration.ofMillis(10), Duration.ofSeconds(1), 2);
    Topology topology =
        UploadTopology.build(topics, chunking, new SourceOpener(List.of(stateDir)), Duration.ofMillis(100));
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, config);
    jobs = driver.createInputTopic(topics.jobs().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    progress =
        driver.createOutputTopic(
            topics.progress().name(), Serdes.String().deserializer(), JsonSerde.of(ProgressSnapshot.class));
    aggregates =
        driver.createOutputTopic(
            topics.aggregates().name(), Serdes.String().deserializer(), JsonSerde.of(AggregateRow.class));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void validUploadGoesThroughEveryStatusToCompletedWithResults() {
    submit(Jobs.inline("u1", CSV));
    runChunker();

    List<ProgressSnapshot> snapshots = progress.readValuesToList();

    assertThat(snapshots).extracting(ProgressSnapshot::status).startsWith(
        UploadStatus.PENDING, UploadStatus.VALIDATING, UploadStatus.PROCESSING).endsWith(UploadStatus.COMPLETED);
    assertThat(snapshots).extracting(ProgressSnapshot::seq).isSorted().doesNotHaveDuplicates();
    assertThat(snapshots).extracting(ProgressSnapshot::percent).isSorted();
    ProgressSnapshot done = snapshots.get(snapshots.size() - 1);
    assertThat(done.percent()).isEqualTo(100.0);
    assertThat(done.totalRows()).isEqualTo(5L);
    assertThat(done.results().processedRows()).isEqualTo(5);
    assertThat(done.results().validRows()).isEqualTo(4);
    assertThat(done.results().invalidRows()).isEqualTo(1);
    assertThat(done.results().dataQualityScore()).isEqualTo(80.0);
    assertThat(done.results().rowErrors())
        .singleElement()
        .satisfies(e -> {
          assertThat(e.line()).isEqualTo(5);
          assertThat(e.column()).isEqualTo("cantidad");
          assertThat(e.message()).isEqualTo("not a number: 'abc'");
        });
    assertThat(done.results().aggregationCounts().dailyAggregations()).isEqualTo(3);
    assertThat(done.results().aggregationCounts().monthlyAggregations()).isEqualTo(2);
    assertThat(done.results().aggregationCounts().productAggregations()).isEqualTo(2);
    snapshots.forEach(s -> assertThat(ContractSchema.PROGRESS_SNAPSHOT.violations(json(s))).isEmpty());
  }

  @Test
  void aggregatesAreExactSumsPerKey() {
    submit(Jobs.inline("u1", CSV));
    runChunker();

    var byKey = aggregates.readKeyValuesToMap();

    assertThat(byKey).containsOnlyKeys(
        "u1/daily/2026-11-05", "u1/daily/2026-11-06", "u1/daily/2026-12-02",
        "u1/monthly/2026-11", "u1/monthly/2026-12", "u1/product/Café", "u1/product/Té");
    assertThat(byKey.get("u1/product/Café").revenue()).isEqualTo(new BigDecimal("18.15"));
    assertThat(byKey.get("u1/product/Café").quantity()).isEqualByComparingTo("3");
    assertThat(byKey.get("u1/daily/2026-11-05").transactions()).isEqualTo(2);
    assertThat(byKey.get("u1/monthly/2026-12").revenue()).isEqualTo(new BigDecimal("1.00"));
  }

  @Test
  void headerWithoutAMappedColumnFailsBeforeAnyRowWithTheColumnNamed() {
    submit(Jobs.inline("u2", "date,producto,cantidad,total\n2026-11-05,Café,2,12.10\n"));
    runChunker();

    List<ProgressSnapshot> snapshots = progress.readValuesToList();

    ProgressSnapshot last = snapshots.get(snapshots.size() - 1);
    assertThat(last.status()).isEqualTo(UploadStatus.FAILED);
    assertThat(last.error().details()).isEqualTo("Invalid column mapping for 'fecha'");
    assertThat(last.rowsProcessed()).isZero();
    assertThat(snapshots).extracting(ProgressSnapshot::status).doesNotContain(UploadStatus.PROCESSING);
    assertThat(aggregates.isEmpty()).isTrue();
  }

  @Test
  void sameJobTwiceIsCountedOnce() {
    UploadJob job = Jobs.inline("u3", CSV);
    submit(job);
    submit(job);
    runChunker();
    submit(job);
    runChunker();

    List<ProgressSnapshot> completed =
        progress.readValuesToList().stream().filter(s -> s.status() == UploadStatus.COMPLETED).toList();

    assertThat(completed).singleElement().satisfies(s -> assertThat(s.results().processedRows()).isEqualTo(5));
  }

  @Test
  void emptyFileCompletesWithZeroRowsAndFullScore() {
    submit(Jobs.inline("u4", ""));
    runChunker();

    ProgressSnapshot last = lastOf(progress.readValuesToList());

    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().processedRows()).isZero();
    assertThat(last.results().dataQualityScore()).isEqualTo(100.0);
  }

  @Test
  void jobThatBreaksTheSchemaFailsItsUploadWithTheReason() {
    jobs.pipeInput("u5", "{\"uploadId\":\"u5\",\"tenantId\":\"acme\",\"source\":{},\"mapping\":{}}"
        .getBytes(StandardCharsets.UTF_8));
    jobs.pipeInput("x", "{not json".getBytes(StandardCharsets.UTF_8));
    runChunker();

    List<ProgressSnapshot> snapshots = progress.readValuesToList();

    assertThat(snapshots).singleElement().satisfies(s -> {
      assertThat(s.uploadId()).isEqualTo("u5");
      assertThat(s.status()).isEqualTo(UploadStatus.FAILED);
      assertThat(s.error().details()).startsWith("Invalid upload job: job breaks the UploadJob schema");
    });
  }

  @Test
  void everyNodeStoreAndInternalTopicIsNamed() {
    Topology topology =
        UploadTopology.build(
            topics,
            new ChunkingSettings(2, 1 << 20, Duration.ofMillis(10), Duration.ofSeconds(1), 2),
            new SourceOpener(List.of(stateDir)),
            Duration.ofMillis(100));

    assertThat(topology.describe().toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
  }

  private void submit(UploadJob job) {
    jobs.pipeInput(job.uploadId(), JsonSerde.of(UploadJob.class).serialize("t", job));
  }

  /** Lets the chunker's wall-clock rounds run until the file is read. */
  private void runChunker() {
    for (int i = 0; i < 20; i++) {
      driver.advanceWallClockTime(Duration.ofMillis(100));
    }
  }

  private static ProgressSnapshot lastOf(List<ProgressSnapshot> snapshots) {
    return snapshots.get(snapshots.size() - 1);
  }

  private static String json(ProgressSnapshot snapshot) {
    return new String(JsonSerde.of(ProgressSnapshot.class).serialize("t", snapshot), StandardCharsets.UTF_8);
  }
}
