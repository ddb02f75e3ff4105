package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.ingest.ChunkerMetrics;
import org.uploadpipeline.processor.ingest.RemoteSourceSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;
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

  @TempDir Path stateDir;
  private TopologyHarness harness;

  @BeforeEach
  void startDriver() {
    harness = new TopologyHarness(stateDir, stateDir);
  }

  @AfterEach
  void closeDriver() {
    harness.close();
  }

  @Test
  void validUploadGoesThroughEveryStatusToCompletedWithResults() {
    harness.submit(Jobs.inline("u1", CSV));
    harness.runChunker();

    List<ProgressSnapshot> snapshots = harness.snapshots();

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
    harness.submit(Jobs.inline("u1", CSV));
    harness.runChunker();

    var byKey = harness.aggregatesByKey();

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
    harness.submit(Jobs.inline("u2", "date,producto,cantidad,total\n2026-11-05,Café,2,12.10\n"));
    harness.runChunker();

    List<ProgressSnapshot> snapshots = harness.snapshots();

    ProgressSnapshot last = snapshots.get(snapshots.size() - 1);
    assertThat(last.status()).isEqualTo(UploadStatus.FAILED);
    assertThat(last.error().details()).isEqualTo("Invalid column mapping for 'fecha'");
    assertThat(last.rowsProcessed()).isZero();
    assertThat(snapshots).extracting(ProgressSnapshot::status).doesNotContain(UploadStatus.PROCESSING);
    assertThat(harness.noAggregates()).isTrue();
  }

  @Test
  void sameJobTwiceIsCountedOnce() {
    UploadJob job = Jobs.inline("u3", CSV);
    harness.submit(job);
    harness.submit(job);
    harness.runChunker();
    harness.submit(job);
    harness.runChunker();

    List<ProgressSnapshot> completed =
        harness.snapshots().stream().filter(s -> s.status() == UploadStatus.COMPLETED).toList();

    assertThat(completed).singleElement().satisfies(s -> assertThat(s.results().processedRows()).isEqualTo(5));
  }

  @Test
  void emptyFileCompletesWithZeroRowsAndFullScore() {
    ProgressSnapshot last = harness.run(Jobs.inline("u4", ""));

    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().processedRows()).isZero();
    assertThat(last.results().dataQualityScore()).isEqualTo(100.0);
  }

  @Test
  void jobThatBreaksTheSchemaIsDeadLetteredAndFailsItsUploadWithTheReason() {
    String neitherSource =
        "{\"uploadId\":\"u5\",\"tenantId\":\"acme\",\"source\":{},"
            + "\"mapping\":{\"date\":\"d\",\"product\":\"p\",\"quantity\":\"q\",\"amount\":\"a\"}}";
    harness.submitRaw("u5", neitherSource);
    harness.runChunker();

    List<ProgressSnapshot> snapshots = harness.snapshots();
    List<TestRecord<String, byte[]>> dead = harness.deadLetters();

    assertThat(snapshots).singleElement().satisfies(s -> {
      assertThat(s.uploadId()).isEqualTo("u5");
      assertThat(s.status()).isEqualTo(UploadStatus.FAILED);
      assertThat(s.error().details())
          .startsWith("Invalid upload job: job breaks the UploadJob schema")
          .contains("/source");
    });
    assertThat(dead).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("u5");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(neitherSource);
      assertThat(header(r, Topics.DEAD_LETTER_REASON_HEADER)).contains("/source");
    });
  }

  @Test
  void jobWithBothSourcesIsDeadLettered() {
    UploadJob both =
        new UploadJob("u6", "acme", "x", null, new UploadSource("file:///tmp/a.csv", "a,b\n"), null,
            Jobs.SPANISH_COLUMNS);
    harness.submit(both);
    harness.runChunker();

    assertThat(harness.deadLetters()).singleElement()
        .satisfies(r -> assertThat(header(r, Topics.DEAD_LETTER_REASON_HEADER)).contains("/source"));
    assertThat(lastOf(harness.snapshots()).status()).isEqualTo(UploadStatus.FAILED);
  }

  @Test
  void recordThatIsNotJsonIsDeadLetteredAsReceivedAndNothingElseHappens() {
    harness.submitRaw("x", "{not json");
    harness.submit(Jobs.inline("u7", CSV));
    harness.runChunker();

    List<TestRecord<String, byte[]>> dead = harness.deadLetters();

    assertThat(dead).singleElement().satisfies(r -> {
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
      assertThat(header(r, Topics.DEAD_LETTER_REASON_HEADER)).startsWith("job is not valid JSON");
      assertThat(header(r, "x-original-topic")).isEqualTo(Topics.DEFAULT_JOBS);
    });
    // The stream kept running: the next job went through.
    assertThat(lastOf(harness.snapshots()).status()).isEqualTo(UploadStatus.COMPLETED);
  }

  @Test
  void jobOfAnotherTenantForATakenUploadIdIsDeadLetteredAndChangesNothing() {
    harness.submit(Jobs.inline("owned", CSV));
    harness.runChunker();
    harness.snapshots();
    UploadJob owners = Jobs.inline("owned", "fecha,producto,cantidad,total\n");
    UploadJob intruder = new UploadJob("owned", "globex", "mallory", null, owners.source(), null, owners.mapping());

    harness.submit(intruder);
    harness.runChunker();

    assertThat(harness.snapshots()).as("the owner's upload is untouched").isEmpty();
    assertThat(harness.deadLetters()).singleElement().satisfies(r -> assertThat(
        header(r, Topics.DEAD_LETTER_REASON_HEADER)).isEqualTo("upload id 'owned' belongs to another tenant"));
  }

  @Test
  void jobKeyedOtherwiseThanItsUploadIdIsDeadLetteredWithoutTouchingThatUpload() {
    harness.submit(Jobs.inline("victim", CSV));
    harness.runChunker();
    harness.snapshots();

    harness.submitRaw("other-key", new String(
        JsonSerde.of(UploadJob.class).serialize("t", Jobs.inline("victim", "broken")), StandardCharsets.UTF_8));
    harness.runChunker();

    assertThat(harness.snapshots()).isEmpty();
    assertThat(harness.deadLetters()).singleElement().satisfies(r -> assertThat(
        header(r, Topics.DEAD_LETTER_REASON_HEADER))
        .isEqualTo("record key 'other-key' differs from the job's uploadId 'victim': jobs must be keyed by their "
            + "upload id"));
  }

  @Test
  void invalidFormatParameterIsDeadLetteredAndFailsOnlyThatUpload() {
    harness.submit(Jobs.inline("bad-date", CSV, new CsvFormat(null, null, null, "b", null), Jobs.SPANISH_COLUMNS));
    harness.submit(Jobs.inline("good", CSV));
    harness.runChunker();

    List<ProgressSnapshot> snapshots = harness.snapshots();
    assertThat(snapshots).filteredOn(s -> s.uploadId().equals("bad-date")).singleElement().satisfies(s ->
        assertThat(s.error().details()).isEqualTo("Invalid upload job: job has an invalid format: dateFormat 'b' is "
            + "not a date pattern: Unknown pattern letter: b"));
    assertThat(lastOf(snapshots).uploadId()).isEqualTo("good");
    assertThat(lastOf(snapshots).status()).isEqualTo(UploadStatus.COMPLETED);
  }

  @Test
  void everyNodeStoreAndInternalTopicIsNamed() {
    Topology topology =
        UploadTopology.build(
            Topics.defaults(),
            TopologyHarness.SMALL_CHUNKS,
            new SourceOpener(List.of(stateDir), RemoteSourceSettings.disabled(stateDir)),
            ChunkerMetrics.NONE,
            TopologyHarness.TRACKING,
            TrackerMetrics.NONE);

    assertThat(topology.describe().toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
  }

  @Test
  void storesInternalTopicsAndSubtopologiesKeepTheNamesDeployedStateLivesUnder() {
    Topology topology =
        UploadTopology.build(
            Topics.defaults(),
            TopologyHarness.SMALL_CHUNKS,
            new SourceOpener(List.of(stateDir), RemoteSourceSettings.disabled(stateDir)),
            ChunkerMetrics.NONE,
            TopologyHarness.TRACKING,
            TrackerMetrics.NONE);
    Map<Integer, Set<String>> sourceTopics = new HashMap<>();
    Map<String, Set<String>> stores = new HashMap<>();
    Map<String, String> sinkTopics = new HashMap<>();

    for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          sourceTopics.computeIfAbsent(subtopology.id(), id -> new TreeSet<>()).addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Processor processor && !processor.stores().isEmpty()) {
          stores.put(processor.name(), processor.stores());
        } else if (node instanceof TopologyDescription.Sink sink) {
          sinkTopics.put(sink.name(), sink.topic());
        }
      }
    }

    assertThat(sourceTopics).containsOnly(
        entry(0, Set.of("uploads.jobs", "uploads.commands", "upload-chunks-repartition")),
        entry(1, Set.of("upload-events-repartition", "upload-cancels-repartition")));
    assertThat(stores).containsOnly(
        entry("chunk-files", Set.of("chunker-cursors")),
        entry("track-uploads", Set.of("upload-state", "upload-aggregates", "upload-aggregate-flushes")));
    assertThat(sinkTopics).containsOnly(
        entry("upload-chunks-repartition-sink", "upload-chunks-repartition"),
        entry("upload-events-repartition-sink", "upload-events-repartition"),
        entry("upload-cancels-repartition-sink", "upload-cancels-repartition"),
        entry("write-dead-letters", "uploads.jobs.dlq"),
        entry("write-pending", "uploads.progress"),
        entry("write-progress", "uploads.progress"),
        entry("write-aggregates", "uploads.aggregates"));
  }

  private static ProgressSnapshot lastOf(List<ProgressSnapshot> snapshots) {
    return snapshots.get(snapshots.size() - 1);
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static String json(ProgressSnapshot snapshot) {
    return new String(JsonSerde.of(ProgressSnapshot.class).serialize("t", snapshot), StandardCharsets.UTF_8);
  }
}
