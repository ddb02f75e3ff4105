package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.model.PartialAggregate;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Chunks are validated on other partitions than the upload's control events, so the tracker sees them in any order,
 * and after a restart possibly twice. Whatever the order, the result is the same.
 */
class TrackerOrderingTest {

  @TempDir Path dir;
  private TopologyHarness harness;

  @BeforeEach
  void start() {
    harness = new TopologyHarness(dir, dir);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void chunksInAnyOrderAndTwiceCompleteOnceWithEveryRowCountedOnce() {
    harness.track(chunk(2, 30, 20, new RowError(75, "cantidad", "late chunk error")));
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(new UploadEvent.HeaderChecked("u", "acme", 300L));
    harness.track(chunk(1, 30, 30, new RowError(40, "fecha", "middle chunk error")));
    harness.track(new UploadEvent.ReadFinished("u", "acme", 3));
    harness.track(chunk(1, 30, 30, new RowError(40, "fecha", "middle chunk error")));
    harness.track(chunk(0, 30, 29, new RowError(5, "total", "early chunk error")));

    List<ProgressSnapshot> snapshots = harness.snapshots();

    assertThat(snapshots).extracting(ProgressSnapshot::seq).isSorted().doesNotHaveDuplicates();
    assertThat(snapshots).extracting(ProgressSnapshot::percent).isSorted();
    assertThat(snapshots).filteredOn(s -> s.status() == UploadStatus.COMPLETED).singleElement().satisfies(done -> {
      assertThat(done.results().processedRows()).isEqualTo(90);
      assertThat(done.results().validRows()).isEqualTo(79);
      assertThat(done.results().rowErrors()).extracting(RowError::line).containsExactly(5L, 40L, 75L);
    });
    assertThat(harness.aggregatesByKey().get("u/product/P").transactions()).isEqualTo(3);
  }

  @Test
  void completionWaitsForEveryChunkTheReaderCounted() {
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(new UploadEvent.HeaderChecked("u", "acme", null));
    harness.track(chunk(0, 10, 10));
    harness.track(new UploadEvent.ReadFinished("u", "acme", 2));

    assertThat(harness.snapshots()).extracting(ProgressSnapshot::status).doesNotContain(UploadStatus.COMPLETED);

    harness.track(chunk(1, 10, 10));

    assertThat(harness.snapshots()).extracting(ProgressSnapshot::status).containsExactly(UploadStatus.COMPLETED);
  }

  @Test
  void chunkArrivingAfterAFailureChangesNothing() {
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(new UploadEvent.Failed("u", "acme", "Broken CSV after line 40"));
    harness.track(chunk(0, 10, 10));

    List<ProgressSnapshot> snapshots = harness.snapshots();

    assertThat(snapshots.get(snapshots.size() - 1).status()).isEqualTo(UploadStatus.FAILED);
    assertThat(snapshots.get(snapshots.size() - 1).error().details()).isEqualTo("Broken CSV after line 40");
    assertThat(harness.noAggregates()).isTrue();
  }

  private static UploadEvent.ChunkProcessed chunk(int index, long rows, long valid, RowError... errors) {
    return new UploadEvent.ChunkProcessed(
        "u", "acme", index, index * 10L + 2, index * 100L, index * 100L + 100, rows, valid, List.of(errors),
        List.of(new PartialAggregate(AggregateKind.PRODUCT, "P", 1, BigDecimal.ONE, BigDecimal.TEN)));
  }
}
