package org.uploadpipeline.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.ingest.RemoteSourceSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.model.PartialAggregate;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * What bounds the tracker whatever a file holds, and what keeps an upload its tenant's: the distinct-key cap,
 * aggregates published a batch at a time ({@link TopologyHarness#TRACKING}: 1,000 keys, batches of 3), and events of
 * another tenant ignored and counted.
 */
class TrackerLimitsTest {

  @TempDir Path dir;
  private final AtomicInteger foreignEvents = new AtomicInteger();
  private final List<UploadStatus> finished = new CopyOnWriteArrayList<>();
  private final AtomicLong trackedRows = new AtomicLong();
  private final TrackerMetrics metrics = new TrackerMetrics() {
    @Override
    public void foreignTenantEventIgnored() {
      foreignEvents.incrementAndGet();
    }

    @Override
    public void chunkTracked(long validRows, long invalidRows, Duration sinceRead) {
      trackedRows.addAndGet(validRows + invalidRows);
    }

    @Override
    public void uploadFinished(UploadStatus outcome, Duration took) {
      finished.add(outcome);
    }
  };
  private TopologyHarness harness;

  @BeforeEach
  void start() {
    harness =
        new TopologyHarness(
            dir, new SourceOpener(List.of(dir), RemoteSourceSettings.disabled(dir)), metrics);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void uploadWithMoreDistinctKeysThanTheCapFailsNamingTheLimitAndLine() {
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(chunk("u", "acme", 0, 2, products(0, 600)));
    harness.track(chunk("u", "acme", 1, 602, products(600, 1200)));

    ProgressSnapshot last = last(harness.snapshots());

    assertThat(last.status()).isEqualTo(UploadStatus.FAILED);
    assertThat(last.error().details())
        .isEqualTo("More than 1000 distinct days, months and products (processor.max-aggregate-keys), reached in "
            + "the rows from line 602");
    harness.runChunker();
    assertThat(harness.noAggregates()).as("a failed upload publishes no aggregates").isTrue();
    assertThat(finished).containsExactly(UploadStatus.FAILED);
  }

  @Test
  void aggregatesArePublishedInBatchesAndCompletedComesAfterTheLast() {
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(chunk("u", "acme", 0, 2, products(0, 10)));
    harness.track(new UploadEvent.ReadFinished("u", "acme", 1));

    assertThat(last(harness.snapshots()).status()).as("only the first batch is out").isEqualTo(UploadStatus.PROCESSING);
    harness.runChunker();

    Map<String, AggregateRow> published = harness.aggregatesByKey();
    assertThat(published).hasSize(10).containsKey("u/product/P9");
    ProgressSnapshot last = last(harness.snapshots());
    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().aggregationCounts().productAggregations()).isEqualTo(10);
    assertThat(finished).containsExactly(UploadStatus.COMPLETED);
    assertThat(trackedRows).hasValue(last.results().processedRows());
  }

  @Test
  void eventsOfAnotherTenantAreIgnoredAndCounted() {
    harness.track(new UploadEvent.Accepted("u", "acme", Instant.now()));
    harness.track(new UploadEvent.Failed("u", "globex", "forged failure"));
    harness.track(chunk("u", "globex", 0, 2, products(0, 1)));
    harness.track(chunk("u", "acme", 0, 2, products(0, 2)));
    harness.track(new UploadEvent.ReadFinished("u", "acme", 1));
    harness.runChunker();

    ProgressSnapshot last = last(harness.snapshots());
    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.tenantId()).isEqualTo("acme");
    assertThat(last.results().processedRows()).isEqualTo(10);
    assertThat(foreignEvents).hasValue(2);
  }

  private static List<PartialAggregate> products(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> new PartialAggregate(AggregateKind.PRODUCT, "P" + i, 1, BigDecimal.ONE, BigDecimal.TEN))
        .toList();
  }

  private static UploadEvent.ChunkProcessed chunk(
      String uploadId, String tenant, int index, long firstLine, List<PartialAggregate> aggregates) {
    return new UploadEvent.ChunkProcessed(
        uploadId, tenant, index, firstLine, index * 100L, index * 100L + 100, 10, 10, List.of(), aggregates);
  }

  private static ProgressSnapshot last(List<ProgressSnapshot> snapshots) {
    return snapshots.get(snapshots.size() - 1);
  }
}
