package org.uploadpipeline.processor.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Folds each upload's events into its state and publishes it: a {@link ProgressSnapshot} on every status change at
 * once, progress within a status at most once per progress interval, and, on completion, one {@link AggregateRow} per
 * aggregate key. A chunk touches only its own aggregate keys, so the cost of an upload is linear in its rows.
 *
 * <p>Outputs are keyed for their topics: snapshots by upload id, aggregates by {@code <uploadId>/<kind>/<key>}.
 */
public final class UploadTracker implements Processor<String, UploadEvent, String, Object> {

  public static final String STATE_STORE = "upload-state";
  public static final String AGGREGATE_STORE = "upload-aggregates";

  private static final String PROCESSING_MESSAGE = "Processing rows...";

  private final Duration progressInterval;
  /** When each upload last published progress; memory only, as losing it merely publishes one snapshot early. */
  private final Map<String, Long> lastPublished = new HashMap<>();
  /** Uploads with progress not yet published because of the throttle. */
  private final Set<String> unpublished = new LinkedHashSet<>();

  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, UploadState> states;
  private KeyValueStore<String, AggregateRow> aggregates;

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
            .withCachingEnabled());
  }

  public UploadTracker(Duration progressInterval) {
    this.progressInterval = progressInterval;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.states = context.getStateStore(STATE_STORE);
    this.aggregates = context.getStateStore(AGGREGATE_STORE);
    context.schedule(progressInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishThrottled());
  }

  @Override
  public void process(Record<String, UploadEvent> record) {
    UploadEvent event = record.value();
    String uploadId = event.uploadId();
    UploadState state = states.get(uploadId);
    if (event instanceof UploadEvent.Accepted accepted) {
      if (state == null) {
        state = UploadState.accepted(uploadId, accepted.tenantId(), accepted.acceptedAt());
        state.moveTo(UploadStatus.PENDING, "Upload received");
        publish(uploadId, state);
        // The chunker opens and checks the file next.
        state.moveTo(UploadStatus.VALIDATING, "Validating file...");
        publish(uploadId, state);
      }
    } else if (event instanceof UploadEvent.Failed failed) {
      if (state == null) {
        state = UploadState.accepted(uploadId, failed.tenantId(), Instant.now());
      }
      if (!state.isTerminal()) {
        state.fail(failed.details());
        dropAggregates(uploadId);
        publish(uploadId, state);
      }
    } else if (event instanceof UploadEvent.ChunkProcessed chunk) {
      // Chunks are validated on other partitions: one may overtake the events that started its upload.
      if (state == null) {
        state = UploadState.accepted(uploadId, chunk.tenantId(), Instant.now());
      }
      if (state.isTerminal() || state.hasChunk(chunk.chunkIndex())) {
        return; // A finished upload changes no more; a chunk seen before must not count twice.
      }
      state.addChunk(chunk, mergeAggregates(uploadId, chunk.aggregates()));
      state.raisePercent(ProgressPercent.of(state.totalBytes(), state.bytesProcessed(), state.rowsProcessed()));
      if (state.isBefore(UploadStatus.PROCESSING)) {
        state.moveTo(UploadStatus.PROCESSING, PROCESSING_MESSAGE);
        publish(uploadId, state);
      }
      completeOrPublishThrottled(uploadId, state);
    } else if (state == null || state.isTerminal()) {
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

  private void completeOrPublishThrottled(String uploadId, UploadState state) {
    if (state.allChunksIn()) {
      publishAggregates(uploadId);
      state.moveTo(UploadStatus.COMPLETED, "Processing completed");
      state.raisePercent(100.0);
      publish(uploadId, state);
    } else if (System.currentTimeMillis() - lastPublished.getOrDefault(uploadId, 0L) >= progressInterval.toMillis()) {
      publish(uploadId, state);
    } else {
      unpublished.add(uploadId);
    }
  }

  private void publishThrottled() {
    for (String uploadId : List.copyOf(unpublished)) {
      UploadState state = states.get(uploadId);
      if (state != null && !state.isTerminal()) {
        publish(uploadId, state);
        states.put(uploadId, state);
      }
    }
    unpublished.clear();
  }

  private void publish(String uploadId, UploadState state) {
    long now = System.currentTimeMillis();
    ProgressSnapshot snapshot = state.nextSnapshot(Instant.ofEpochMilli(now));
    context.forward(new Record<>(uploadId, snapshot, now));
    unpublished.remove(uploadId);
    if (state.isTerminal()) {
      lastPublished.remove(uploadId);
    } else {
      lastPublished.put(uploadId, now);
    }
  }

  private UploadState.AggregateKeyCounts mergeAggregates(String uploadId, List<PartialAggregate> partials) {
    long daily = 0;
    long monthly = 0;
    long product = 0;
    for (PartialAggregate p : partials) {
      String key = uploadId + "/" + p.kind() + "/" + p.key();
      AggregateRow current = aggregates.get(key);
      if (current == null) {
        aggregates.put(
            key, new AggregateRow(uploadId, p.kind(), p.key(), p.transactions(), p.quantity(), p.revenue()));
        switch (p.kind()) {
          case PartialAggregate.DAILY -> daily++;
          case PartialAggregate.MONTHLY -> monthly++;
          default -> product++;
        }
      } else {
        aggregates.put(
            key,
            new AggregateRow(
                uploadId,
                p.kind(),
                p.key(),
                current.transactions() + p.transactions(),
                current.quantity().add(p.quantity()),
                current.revenue().add(p.revenue())));
      }
    }
    return new UploadState.AggregateKeyCounts(daily, monthly, product);
  }

  /** Publishes the upload's aggregates and frees their store entries: the compacted topic keeps them from now on. */
  private void publishAggregates(String uploadId) {
    long now = System.currentTimeMillis();
    for (KeyValue<String, AggregateRow> entry : removeAggregates(uploadId)) {
      context.forward(new Record<>(entry.key, entry.value, now));
    }
  }

  private void dropAggregates(String uploadId) {
    removeAggregates(uploadId);
  }

  private List<KeyValue<String, AggregateRow>> removeAggregates(String uploadId) {
    List<KeyValue<String, AggregateRow>> entries = new ArrayList<>();
    try (KeyValueIterator<String, AggregateRow> it =
        aggregates.prefixScan(uploadId + "/", new StringSerializer())) {
      it.forEachRemaining(entries::add);
    }
    entries.forEach(e -> aggregates.delete(e.key));
    return entries;
  }
}
