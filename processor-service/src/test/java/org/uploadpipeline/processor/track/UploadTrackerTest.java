package org.uploadpipeline.processor.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.model.PartialAggregate;
import org.uploadpipeline.processor.model.PendingSnapshot;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * The tracker alone, in a {@link MockProcessorContext}: its typed outputs, their keys, time from the context, and the
 * progress throttle fired by hand.
 */
class UploadTrackerTest {

  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(100);
  private static final Duration PACE_WINDOW = Duration.ofSeconds(10);

  @TempDir Path dir;
  private MockProcessorContext<String, TrackerOutput> context;
  private UploadTracker tracker;

  @BeforeEach
  void start() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "tracker-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(config, new TaskId(0, 0), dir.toFile());
    // The mock context has neither a record cache nor changelogs: the same stores without them.
    for (StoreBuilder<?> builder : UploadTracker.stores()) {
      StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    tracker = new UploadTracker(new TrackerSettings(PROGRESS_INTERVAL, 1_000, 3, PACE_WINDOW), TrackerMetrics.NONE);
    tracker.init(context);
    context.setCurrentSystemTimeMs(10_000);
  }

  @AfterEach
  void stop() {
    tracker.close();
    List.of(UploadTracker.STATE_STORE, UploadTracker.AGGREGATE_STORE, UploadTracker.FLUSH_STORE)
        .forEach(name -> context.getStateStore(name).close());
  }

  @Test
  void acceptedUploadPublishesValidatingAfterTheChunkersPendingStampedWithTheContextsTime() {
    track(new UploadEvent.Accepted("u", "acme", Instant.ofEpochMilli(9_950)));

    List<ProgressSnapshot> snapshots = snapshots(context.forwarded());
    assertThat(snapshots).extracting(ProgressSnapshot::status).containsExactly(UploadStatus.VALIDATING);
    assertThat(snapshots).extracting(ProgressSnapshot::seq).containsExactly(PendingSnapshot.SEQ + 1);
    assertThat(snapshots).extracting(ProgressSnapshot::updatedAt).containsOnly(Instant.ofEpochMilli(10_000));
    assertThat(context.forwarded()).allSatisfy(forward -> {
      assertThat(forward.record().key()).isEqualTo("u");
      assertThat(forward.record().timestamp()).isEqualTo(10_000L);
    });
  }

  @Test
  void progressWithinAStatusWaitsForTheThrottleThenComesOutOnce() {
    track(new UploadEvent.Accepted("u", "acme", Instant.ofEpochMilli(10_000)));
    track(chunk(0, List.of()));
    context.resetForwards();

    context.setCurrentSystemTimeMs(10_050);
    track(chunk(1, List.of()));
    track(chunk(2, List.of()));
    assertThat(context.forwarded()).as("throttled").isEmpty();

    context.setCurrentSystemTimeMs(10_100);
    throttlePunctuator().punctuate(10_100);

    assertThat(snapshots(context.forwarded())).singleElement().satisfies(snapshot -> {
      assertThat(snapshot.status()).isEqualTo(UploadStatus.PROCESSING);
      assertThat(snapshot.rowsProcessed()).isEqualTo(30);
      assertThat(snapshot.updatedAt()).isEqualTo(Instant.ofEpochMilli(10_100));
    });
  }

  @Test
  void completedUploadPublishesItsAggregatesKeyedPerKeyBeforeTheCompletedSnapshot() {
    track(new UploadEvent.Accepted("u", "acme", Instant.ofEpochMilli(10_000)));
    track(chunk(0, List.of(product("P0"), product("P1"))));
    context.resetForwards();

    track(new UploadEvent.ReadFinished("u", "acme", 1));

    List<? extends CapturedForward<? extends String, ? extends TrackerOutput>> out = context.forwarded();
    assertThat(out).extracting(forward -> (String) forward.record().key())
        .containsExactly("u/product/P0", "u/product/P1", "u");
    assertThat(out.get(0).record().value()).isInstanceOfSatisfying(TrackerOutput.Aggregate.class,
        aggregate -> assertThat(aggregate.row().transactions()).isEqualTo(1));
    assertThat(out.get(2).record().value()).isInstanceOfSatisfying(TrackerOutput.Progress.class,
        progress -> assertThat(progress.snapshot().status()).isEqualTo(UploadStatus.COMPLETED));
  }

  @Test
  void snapshotsCarryThePaceOverTheRecentWindowAndTheEstimateOfTheBytesLeft() {
    track(new UploadEvent.Accepted("u", "acme", Instant.ofEpochMilli(10_000)));
    track(new UploadEvent.HeaderChecked("u", "acme", 10_000L));
    ProgressSnapshot first = snapshots(context.forwarded()).get(0);
    assertThat(first.rowsPerSecond()).as("nothing counted yet").isZero();
    assertThat(first.etaSeconds()).isNull();

    // 10 rows and 100 bytes a second, for 20 s: the window (10 s) sees 100 rows and 1,000 bytes.
    for (int i = 0; i <= 20; i++) {
      context.setCurrentSystemTimeMs(10_000 + i * 1_000L);
      track(chunk(i, List.of()));
    }
    ProgressSnapshot latest = latestSnapshot();
    assertThat(latest.rowsProcessed()).isEqualTo(210);
    assertThat(latest.rowsPerSecond()).isEqualTo(10.0);
    assertThat(latest.etaSeconds()).as("7,900 bytes left at 100 a second").isEqualTo(79L);

    // Ten times faster for the last window: the pace follows, the start of the file no longer counts.
    for (int i = 21; i <= 120; i++) {
      context.setCurrentSystemTimeMs(30_000 + (i - 20) * 100L);
      track(chunk(i, List.of()));
    }
    latest = latestSnapshot();
    assertThat(latest.rowsPerSecond()).isEqualTo(100.0);
    assertThat(latest.etaSeconds()).as("every byte read").isZero();

    track(new UploadEvent.ReadFinished("u", "acme", 121));
    ProgressSnapshot completed = latestSnapshot();
    assertThat(completed.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(completed.rowsPerSecond()).isZero();
    assertThat(completed.etaSeconds()).isZero();
  }

  @Test
  void aFileOfUnknownSizeHasAPaceButNoEstimate() {
    track(new UploadEvent.Accepted("u", "acme", Instant.ofEpochMilli(10_000)));
    for (int i = 0; i <= 5; i++) {
      context.setCurrentSystemTimeMs(10_000 + i * 1_000L);
      track(chunk(i, List.of()));
    }
    ProgressSnapshot latest = latestSnapshot();
    assertThat(latest.rowsPerSecond()).as("60 rows since the validating snapshot, 5 s ago").isEqualTo(12.0);
    assertThat(latest.etaSeconds()).isNull();
  }

  private ProgressSnapshot latestSnapshot() {
    List<ProgressSnapshot> all = snapshots(context.forwarded());
    return all.get(all.size() - 1);
  }

  private void track(UploadEvent event) {
    tracker.process(new Record<>(event.uploadId(), event, 0L));
  }

  private Punctuator throttlePunctuator() {
    return context.scheduledPunctuators().stream()
        .filter(p -> p.getInterval().equals(PROGRESS_INTERVAL))
        .findFirst()
        .orElseThrow()
        .getPunctuator();
  }

  private static List<ProgressSnapshot> snapshots(
      List<? extends CapturedForward<? extends String, ? extends TrackerOutput>> forwarded) {
    return forwarded.stream()
        .map(forward -> forward.record().value())
        .flatMap(output -> output instanceof TrackerOutput.Progress progress
            ? Stream.of(progress.snapshot())
            : Stream.empty())
        .toList();
  }

  private static PartialAggregate product(String name) {
    return new PartialAggregate(AggregateKind.PRODUCT, name, 1, BigDecimal.ONE, BigDecimal.TEN);
  }

  private static UploadEvent.ChunkProcessed chunk(int index, List<PartialAggregate> aggregates) {
    return new UploadEvent.ChunkProcessed(
        "u", "acme", index, index * 10L + 2, index * 100L, index * 100L + 100, 10, 10, List.of(), aggregates);
  }
}
