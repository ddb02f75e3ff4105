package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.ingest.ChunkerMetrics;
import org.uploadpipeline.processor.ingest.RemoteSourceSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.model.IgnoredCommand;
import org.uploadpipeline.processor.model.PartialAggregate;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.ContractSchema;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * {@code cancel} commands on {@code uploads.commands}: the owner's cancel stops the chunker and ends the upload
 * {@code cancelled} with the rows so far and no aggregates; any other command record is skipped, counted, and stops
 * nobody else.
 */
class CancelUploadTest {

  /** 40 data rows: 20 chunks of {@link TopologyHarness#SMALL_CHUNKS}, 2 a reading round. */
  private static final int ROWS = 40;
  private static final String CSV = "fecha,producto,cantidad,total\n"
      + IntStream.range(0, ROWS).mapToObj(i -> "2026-11-0" + (1 + i % 5) + ",P" + (i % 3) + ",1,2.50\n")
          .collect(Collectors.joining());

  @TempDir Path dir;
  private final Map<IgnoredCommand, Integer> ignored = new EnumMap<>(IgnoredCommand.class);
  private final List<UploadStatus> finished = new ArrayList<>();
  private TopologyHarness harness;

  /** Counts what the chunker and the tracker skip, as the service's meters do. */
  private final class Counting implements ChunkerMetrics, TrackerMetrics {
    @Override
    public void commandIgnored(IgnoredCommand reason) {
      ignored.merge(reason, 1, Integer::sum);
    }

    @Override
    public void uploadFinished(UploadStatus outcome, Duration took) {
      finished.add(outcome);
    }
  }

  @BeforeEach
  void start() {
    Counting metrics = new Counting();
    harness = new TopologyHarness(
        dir, new SourceOpener(List.of(dir), RemoteSourceSettings.disabled(dir)), metrics, metrics);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void cancelMidUploadStopsItsChunksAndEndsItCancelledWithTheRowsSoFarAndNoAggregates() {
    harness.submit(Jobs.inline("big", CSV));
    harness.runOneReadingRound();
    List<ProgressSnapshot> before = harness.snapshots();
    assertThat(before).last().satisfies(s -> assertThat(s.status()).isEqualTo(UploadStatus.PROCESSING));
    assertThat(harness.chunkKeys()).isNotEmpty().allMatch(key -> key.startsWith("big/"));

    harness.command(cancel("big", "acme"));
    List<ProgressSnapshot> cancelled = harness.snapshots();
    harness.runChunker();

    assertThat(cancelled).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(UploadStatus.CANCELLED);
      assertThat(s.stage()).isEqualTo("cancelled");
      assertThat(s.message()).isEqualTo("Cancelled by user-7");
      assertThat(s.rowsProcessed()).isPositive().isLessThan(ROWS);
      assertThat(s.seq()).isGreaterThan(before.get(before.size() - 1).seq());
      assertThat(s.results()).isNull();
      assertThat(s.error()).isNull();
      assertThat(s.etaSeconds()).isNull();
      assertThat(ContractSchema.PROGRESS_SNAPSHOT.violations(json(s))).isEmpty();
    });
    assertThat(harness.chunkKeys()).as("no chunk is read after the cancel").isEmpty();
    assertThat(harness.snapshots()).as("nothing follows the cancelled snapshot").isEmpty();
    assertThat(harness.noAggregates()).isTrue();
    assertThat(finished).containsExactly(UploadStatus.CANCELLED);
    assertThat(ignored).isEmpty();

    // Nothing else stopped: another tenant's upload sent right after completes exactly.
    assertCompletesExactly(ofTenant("globex", "after-cancel"));
  }

  @Test
  void chunksStillInFlightAfterTheCancelChangeNothing() {
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(new UploadEvent.HeaderChecked("u", "acme", 300L));
    harness.track(chunk(0, 10));
    harness.track(new UploadEvent.ReadFinished("u", "acme", 3));
    harness.track(new UploadEvent.Cancelled("u", "acme", "user-7", Instant.now()));
    harness.track(chunk(1, 10));
    harness.track(chunk(2, 10));

    List<ProgressSnapshot> snapshots = harness.snapshots();

    assertThat(snapshots).extracting(ProgressSnapshot::status).endsWith(UploadStatus.CANCELLED)
        .doesNotContain(UploadStatus.COMPLETED);
    assertThat(snapshots.get(snapshots.size() - 1).rowsProcessed()).isEqualTo(10);
    assertThat(snapshots).extracting(ProgressSnapshot::seq).isSorted().doesNotHaveDuplicates();
    assertThat(harness.noAggregates()).isTrue();
  }

  @Test
  void cancelThatOvertakesTheUploadsFirstEventsStillEndsIt() {
    // Cancels have a topic of their own, so the tracker may see one before the events that started the upload.
    harness.track(new UploadEvent.Cancelled("u", "acme", "user-7", Instant.now()));
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(new UploadEvent.HeaderChecked("u", "acme", 300L));
    harness.track(chunk(0, 10));

    assertThat(harness.snapshots()).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(UploadStatus.CANCELLED);
      assertThat(s.seq()).as("after the chunker's pending snapshot").isEqualTo(2);
      assertThat(s.rowsProcessed()).isZero();
    });
    assertThat(harness.noAggregates()).isTrue();
  }

  @Test
  void cancelOfAnotherTenantIsIgnoredAndCountedAndTheUploadCompletes() {
    harness.submit(Jobs.inline("owned", CSV));
    harness.runOneReadingRound();

    harness.command(cancel("owned", "globex"));
    harness.runChunker();

    List<ProgressSnapshot> snapshots = harness.snapshots();
    assertThat(snapshots).extracting(ProgressSnapshot::status).doesNotContain(UploadStatus.CANCELLED);
    assertThat(snapshots).last().satisfies(s -> {
      assertThat(s.status()).isEqualTo(UploadStatus.COMPLETED);
      assertThat(s.results().processedRows()).isEqualTo(ROWS);
    });
    assertThat(harness.aggregatesByKey()).containsKey("owned/product/P0");
    assertThat(ignored).containsExactly(Map.entry(IgnoredCommand.FOREIGN_TENANT, 1));
  }

  @Test
  void cancelOfACompletedUploadIsIgnoredAndCounted() {
    assertThat(harness.run(Jobs.inline("done", CSV)).status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(harness.aggregatesByKey()).isNotEmpty();

    harness.command(cancel("done", "acme"));
    harness.runChunker();

    assertThat(harness.snapshots()).isEmpty();
    assertThat(harness.noAggregates()).as("nothing is published again, nor retracted").isTrue();
    assertThat(finished).containsExactly(UploadStatus.COMPLETED);
    assertThat(ignored).containsExactly(Map.entry(IgnoredCommand.FINISHED, 1));
  }

  @Test
  void cancelOfAnUnknownUploadIsIgnoredAndCounted() {
    harness.command(cancel("never-submitted", "acme"));
    harness.runChunker();

    assertThat(harness.snapshots()).isEmpty();
    assertThat(ignored).containsExactly(Map.entry(IgnoredCommand.UNKNOWN_UPLOAD, 1));
  }

  @Test
  void secondCancelOfTheSameUploadIsIgnoredAsFinished() {
    harness.submit(Jobs.inline("twice", CSV));
    harness.runOneReadingRound();
    harness.command(cancel("twice", "acme"));
    harness.command(cancel("twice", "acme"));
    harness.runChunker();

    assertThat(harness.snapshots()).filteredOn(s -> s.status() == UploadStatus.CANCELLED).hasSize(1);
    assertThat(finished).containsExactly(UploadStatus.CANCELLED);
    assertThat(ignored).containsExactly(Map.entry(IgnoredCommand.FINISHED, 1));
  }

  static Stream<Arguments> malformedCommands() {
    String good = "{\"type\":\"cancel\",\"uploadId\":\"victim\",\"tenantId\":\"acme\",\"requestedBy\":\"user-7\"}";
    return Stream.of(
        Arguments.of("not JSON", "victim", "{\"type\":\"cancel\","),
        Arguments.of("no value", "victim", null),
        Arguments.of("empty value", "victim", ""),
        Arguments.of("a JSON array", "victim", "[1,2]"),
        Arguments.of("an unknown type", "victim", good.replace("cancel", "pause")),
        Arguments.of("no type", "victim", good.replace("\"type\":\"cancel\",", "")),
        Arguments.of("no tenant", "victim", good.replace("\"tenantId\":\"acme\",", "")),
        Arguments.of("a tenant that is a number", "victim", good.replace("\"acme\"", "42")),
        Arguments.of("an upload id with a slash", "victim", good.replace("\"victim\"", "\"a/b\"")),
        Arguments.of("a date that is not a date", "victim", good.replace("}", ",\"requestedAt\":\"yesterday\"}")),
        Arguments.of("a requester with a line break", "victim", good.replace("user-7", "user\\n7")),
        Arguments.of("keyed by another upload id", "other", good),
        Arguments.of("over 16 KiB", "victim", good.replace("user-7", "x".repeat(20_000))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCommands")
  void malformedCommandIsSkippedAndCountedAndStopsNobody(String why, String key, String value) {
    harness.submit(Jobs.inline("victim", CSV));
    harness.runOneReadingRound();

    harness.commandRaw(key, value);
    harness.runChunker();

    assertThat(harness.snapshots()).last().satisfies(s -> {
      assertThat(s.uploadId()).isEqualTo("victim");
      assertThat(s.status()).isEqualTo(UploadStatus.COMPLETED);
      assertThat(s.results().processedRows()).isEqualTo(ROWS);
    });
    assertThat(ignored).as(why).containsExactly(Map.entry(IgnoredCommand.MALFORMED, 1));
    assertThat(harness.deadLetters()).as("commands have no dead-letter topic").isEmpty();
    harness.aggregatesByKey(); // the victim's, read off so the next check sees only the next upload's
    // And the stream goes on: a good upload of another tenant sent right after completes exactly.
    assertCompletesExactly(ofTenant("globex", "after-" + key));
  }

  /** Runs the job and checks its results and aggregates against the {@link #CSV} it carries. */
  private void assertCompletesExactly(UploadJob job) {
    ProgressSnapshot last = harness.run(job);

    assertThat(last.uploadId()).isEqualTo(job.uploadId());
    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().processedRows()).isEqualTo(ROWS);
    assertThat(last.results().validRows()).isEqualTo(ROWS);
    var aggregates = harness.aggregatesByKey();
    assertThat(aggregates).hasSize(5 + 1 + 3);
    assertThat(aggregates.get(job.uploadId() + "/monthly/2026-11").transactions()).isEqualTo(ROWS);
    assertThat(aggregates.get(job.uploadId() + "/monthly/2026-11").revenue()).isEqualByComparingTo("100.00");
    assertThat(aggregates.get(job.uploadId() + "/product/P0").transactions()).isEqualTo(14);
  }

  private static UploadJob ofTenant(String tenant, String uploadId) {
    UploadJob job = Jobs.inline(uploadId, CSV);
    return new UploadJob(uploadId, tenant, "user-9", job.submittedAt(), job.source(), job.format(), job.mapping());
  }

  private static UploadCommand.Cancel cancel(String uploadId, String tenantId) {
    return new UploadCommand.Cancel(uploadId, tenantId, "user-7", Instant.parse("2026-11-28T12:00:00Z"));
  }

  private static UploadEvent.ChunkProcessed chunk(int index, long rows) {
    return new UploadEvent.ChunkProcessed(
        "u", "acme", index, index * 10L + 2, index * 100L, index * 100L + 100, rows, rows, List.of(),
        List.of(new PartialAggregate(AggregateKind.PRODUCT, "P", rows, BigDecimal.ONE, BigDecimal.TEN)));
  }

  private static String json(ProgressSnapshot snapshot) {
    return new String(JsonSerde.of(ProgressSnapshot.class).serialize("t", snapshot), StandardCharsets.UTF_8);
  }
}
