package org.uploadpipeline.processor.track;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.uploadpipeline.processor.model.IgnoredCommand;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.processor.model.UploadTracing;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Folds each upload's events into its state and publishes it: a {@link ProgressSnapshot} on every status change at
 * once, progress within a status at most once per progress interval, and, on completion, one {@link AggregateRow} per
 * aggregate key, published a bounded batch at a time before the {@code completed} snapshot. A chunk touches only its
 * own aggregate keys, so the cost of an upload is linear in its rows.
 *
 * <p>An upload belongs to the tenant of its first event: events naming another tenant are ignored and counted. An
 * event that throws fails its upload with the exception named, so no upload can stop the stream thread.
 *
 * <p>A {@link UploadEvent.Cancelled} ends an open upload {@code cancelled} with the rows counted so far and drops its
 * aggregates, as a failure does; chunks still in flight then change nothing. A cancel of an upload already finished
 * (or publishing its aggregates) is logged and counted, and changes nothing.
 *
 * <p>Outputs {@link TrackerOutput}s, keyed for their topics: snapshots by upload id, aggregates by
 * {@code <uploadId>/<kind>/<key>}.
 */
public final class UploadTracker implements Processor<String, UploadEvent, String, TrackerOutput> {

  public static final String STATE_STORE = "upload-state";
  public static final String AGGREGATE_STORE = "upload-aggregates";
  /** Uploads whose aggregates are still being published or dropped, a batch a round; small, read every round. */
  public static final String FLUSH_STORE = "upload-aggregate-flushes";

  private static final Logger log = LoggerFactory.getLogger(UploadTracker.class);
  private static final String PROCESSING_MESSAGE = "Processing rows...";
  /** How often the remaining aggregates of large uploads are taken a batch further. */
  private static final Duration FLUSH_INTERVAL = Duration.ofMillis(10);

  /** What happens to an upload's aggregates once it ends. */
  private enum Flush {
    PUBLISH,
    DROP
  }

  private final TrackerSettings settings;
  private final TrackerMetrics metrics;
  private final UploadTracing tracing;
  /** The trace context of the record being processed, while it is (null in punctuations). */
  private String recordTraceparent;
  /** When each upload last published progress; memory only, as losing it merely publishes one snapshot early. */
  private final Map<String, Long> lastPublished = new HashMap<>();
  /** Uploads with progress not yet published because of the throttle. */
  private final Set<String> unpublished = new LinkedHashSet<>();

  private ProcessorContext<String, TrackerOutput> context;
  private KeyValueStore<String, UploadState> states;
  private UploadAggregates aggregates;
  private KeyValueStore<String, String> flushes;

  /**
   * The stores the tracker needs: upload states and running aggregates, both changelogged. Cached, so the many
   * updates a hot key (an upload's state, a busy product) gets between two commits reach RocksDB and the changelog
   * once per commit, not once per chunk.
   */
  public static List<StoreBuilder<?>> stores() {
    return List.of(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), JsonSerde.of(UploadState.class))
            .withCachingEnabled(),
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AGGREGATE_STORE), Serdes.String(), JsonSerde.of(AggregateRow.class))
            .withCachingEnabled(),
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLUSH_STORE), Serdes.String(), Serdes.String()));
  }

  public UploadTracker(TrackerSettings settings, TrackerMetrics metrics) {
    this(settings, metrics, UploadTracing.PASS_THROUGH);
  }

  /** @param tracing records each upload's end in its trace */
  public UploadTracker(TrackerSettings settings, TrackerMetrics metrics, UploadTracing tracing) {
    this.settings = settings;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  @Override
  public void init(ProcessorContext<String, TrackerOutput> context) {
    this.context = context;
    this.states = context.getStateStore(STATE_STORE);
    this.aggregates = new UploadAggregates(context.getStateStore(AGGREGATE_STORE));
    this.flushes = context.getStateStore(FLUSH_STORE);
    context.schedule(settings.progressInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publishThrottled());
    context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> flushRound());
  }

  @Override
  public void process(Record<String, UploadEvent> record) {
    UploadEvent event = record.value();
    recordTraceparent = UploadTracing.traceparentOf(record.headers());
    String traceId = TraceParent.traceIdOf(recordTraceparent);
    // The upload's trace id on every log line about it (the services' log pattern shows the MDC's traceId).
    try (MDC.MDCCloseable ignored = traceId == null ? null : MDC.putCloseable("traceId", traceId)) {
      fold(event, record.timestamp());
    } catch (RuntimeException e) {
      log.error("Upload {}: event {} could not be tracked", event.uploadId(), event.getClass().getSimpleName(), e);
      failOnSurprise(event, e);
    } finally {
      recordTraceparent = null;
    }
  }

  /** @param readAt when the chunker emitted the event (record timestamps survive the repartitions) */
  private void fold(UploadEvent event, long readAt) {
    String uploadId = event.uploadId();
    UploadState state = states.get(uploadId);
    if (state != null && event.tenantId() != null && !event.tenantId().equals(state.tenantId())) {
      // Never another tenant's: the chunker refuses such jobs, so this is a bug or a forged internal record.
      log.warn("Upload {}: ignoring a {} event of another tenant", uploadId, event.getClass().getSimpleName());
      metrics.foreignTenantEventIgnored();
      return;
    }
    if (event instanceof UploadEvent.Accepted accepted) {
      if (state == null) {
        // The chunker published the pending snapshot when it took the job.
        state = UploadState.afterPending(uploadId, accepted.tenantId(), accepted.acceptedAt());
        state.knowFileName(accepted.fileName());
        // The chunker opens and checks the file next.
        state.moveTo(UploadStatus.VALIDATING, "Validating file...");
        publish(uploadId, state);
      } else {
        state.knowFileName(accepted.fileName()); // a chunk or a cancel came first: its later snapshots name the file
      }
    } else if (event instanceof UploadEvent.Failed failed) {
      if (state == null) {
        state = UploadState.accepted(uploadId, failed.tenantId(), now());
      }
      if (state.isOpen()) {
        fail(uploadId, state, failed.details());
      }
    } else if (event instanceof UploadEvent.ChunkProcessed chunk) {
      // Chunks are validated on other partitions: one may overtake the events that started its upload, but a chunk
      // means the job was taken, and with it its pending snapshot published.
      if (state == null) {
        state = UploadState.afterPending(uploadId, chunk.tenantId(), now());
      }
      if (!state.isOpen() || state.hasChunk(chunk.chunkIndex())) {
        return; // A finished upload changes no more; a chunk seen before must not count twice.
      }
      UploadAggregates.Merge merge = aggregates.prepare(uploadId, chunk.aggregates());
      if (state.aggregateKeys() + merge.newKeys() > settings.maxAggregateKeys()) {
        fail(uploadId, state, "More than " + settings.maxAggregateKeys() + " distinct days, months and products "
            + "(processor.max-aggregate-keys), reached in the rows from line " + chunk.firstLine());
        states.put(uploadId, state);
        return;
      }
      state.addChunk(chunk, merge.apply());
      metrics.chunkTracked(chunk.validRows(), chunk.rows() - chunk.validRows(),
          Duration.ofMillis(Math.max(0, context.currentSystemTimeMs() - readAt)));
      state.raisePercent(ProgressPercent.of(state.totalBytes(), state.bytesProcessed(), state.rowsProcessed()));
      if (state.isBefore(UploadStatus.PROCESSING)) {
        state.moveTo(UploadStatus.PROCESSING, PROCESSING_MESSAGE);
        publish(uploadId, state);
      }
      completeOrPublishThrottled(uploadId, state);
    } else if (event instanceof UploadEvent.Cancelled cancelled) {
      if (state == null) {
        // Cancels overtake the upload's other events (they have a topic of their own), but the chunker passes on
        // only cancels of uploads whose job it took, and it published their pending snapshot when it did.
        state = UploadState.afterPending(uploadId, cancelled.tenantId(), now());
      }
      if (!state.isOpen()) {
        log.warn("Upload {}: ignoring a cancel by {}: the upload {}", uploadId, cancelled.requestedBy(),
            state.isTerminal() ? "has ended " + state.status().wireName() : "is completing");
        metrics.commandIgnored(IgnoredCommand.FINISHED);
        return;
      }
      cancel(uploadId, state, cancelled.requestedBy());
    } else if (state == null || !state.isOpen()) {
      return; // Control events of an upload that never started here or is already finished change nothing.
    } else if (event instanceof UploadEvent.HeaderChecked checked) {
      state.knowSize(checked.totalBytes());
      if (state.isBefore(UploadStatus.PROCESSING)) {
        state.moveTo(UploadStatus.PROCESSING, PROCESSING_MESSAGE);
        publish(uploadId, state);
      }
    } else if (event instanceof UploadEvent.ReadFinished finished) {
      state.knowChunkCount(finished.chunks());
      completeOrPublishThrottled(uploadId, state);
    } else {
      throw new IllegalStateException("unexpected event for the tracker: " + event.getClass().getSimpleName());
    }
    states.put(uploadId, state);
  }

  /** The last line: an event that threw fails its upload, with the exception named. */
  private void failOnSurprise(UploadEvent event, RuntimeException e) {
    String uploadId = event.uploadId();
    UploadState state = states.get(uploadId);
    if (state == null) {
      state = UploadState.accepted(uploadId, event.tenantId(), now());
    }
    if (state.isOpen()) {
      fail(uploadId, state, "Unexpected " + e.getClass().getName() + " while tracking the upload: " + e.getMessage());
      states.put(uploadId, state);
    }
  }

  private void fail(String uploadId, UploadState state, String details) {
    state.fail(details);
    metrics.uploadFinished(UploadStatus.FAILED, state.age(now()));
    flush(uploadId, state, Flush.DROP);
    publish(uploadId, state);
  }

  private void cancel(String uploadId, UploadState state, String requestedBy) {
    state.cancel(requestedBy);
    metrics.uploadFinished(UploadStatus.CANCELLED, state.age(now()));
    flush(uploadId, state, Flush.DROP);
    publish(uploadId, state);
    log.info("Upload {}: cancelled by {} after {} rows", uploadId, requestedBy, state.rowsProcessed());
  }

  private void completeOrPublishThrottled(String uploadId, UploadState state) {
    if (state.allChunksIn()) {
      state.startCompleting();
      flush(uploadId, state, Flush.PUBLISH);
    } else if (now().toEpochMilli() - lastPublished.getOrDefault(uploadId, 0L)
        >= settings.progressInterval().toMillis()) {
      publish(uploadId, state);
    } else {
      unpublished.add(uploadId);
    }
  }

  /** Takes the first batch of the upload's aggregates now; any rest follows a batch per flush round. */
  private void flush(String uploadId, UploadState state, Flush mode) {
    if (flushBatch(uploadId, mode, state.traceparent())) {
      finishFlush(uploadId, state, mode);
    } else {
      flushes.put(uploadId, mode.name());
    }
  }

  /** Publishes or drops one batch of the upload's aggregates (in its trace); true when none are left. */
  private boolean flushBatch(String uploadId, Flush mode, String traceparent) {
    List<KeyValue<String, AggregateRow>> batch = aggregates.take(uploadId, settings.aggregateBatch());
    if (mode == Flush.PUBLISH) {
      long now = context.currentSystemTimeMs();
      batch.forEach(entry -> context.forward(new Record<>(
          entry.key, new TrackerOutput.Aggregate(entry.value), now, UploadTracing.headersWith(traceparent))));
    }
    return batch.size() < settings.aggregateBatch();
  }

  /** Every aggregate of a completing upload is out: only now is it {@code completed}. */
  private void finishFlush(String uploadId, UploadState state, Flush mode) {
    if (mode == Flush.PUBLISH) {
      state.moveTo(UploadStatus.COMPLETED, "Processing completed");
      metrics.uploadFinished(UploadStatus.COMPLETED, state.age(now()));
      state.raisePercent(100.0);
      publish(uploadId, state);
    }
  }

  private void flushRound() {
    List<KeyValue<String, String>> pending = new ArrayList<>();
    try (KeyValueIterator<String, String> all = flushes.all()) {
      all.forEachRemaining(pending::add);
    }
    for (KeyValue<String, String> entry : pending) {
      Flush mode = Flush.valueOf(entry.value);
      UploadState state = states.get(entry.key);
      if (flushBatch(entry.key, mode, state == null ? null : state.traceparent())) {
        flushes.delete(entry.key);
        finishFlush(entry.key, state, mode);
        states.put(entry.key, state);
      }
    }
  }

  private void publishThrottled() {
    for (String uploadId : List.copyOf(unpublished)) {
      UploadState state = states.get(uploadId);
      if (state != null && state.isOpen()) {
        publish(uploadId, state);
        states.put(uploadId, state);
      }
    }
    unpublished.clear();
  }

  private void publish(String uploadId, UploadState state) {
    Instant now = now();
    // The upload's first record with a trace context gives it one (the first snapshot of a state is published while
    // its first record is processed).
    state.knowTraceparent(recordTraceparent);
    ProgressSnapshot snapshot = state.nextSnapshot(now, settings.paceWindow());
    context.forward(new Record<>(uploadId, new TrackerOutput.Progress(snapshot), now.toEpochMilli(),
        UploadTracing.headersWith(state.traceparent())));
    unpublished.remove(uploadId);
    if (state.isTerminal()) {
      tracing.ended(uploadId, state.traceparent(), state.status());
      lastPublished.remove(uploadId);
    } else {
      lastPublished.put(uploadId, now.toEpochMilli());
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }
}
