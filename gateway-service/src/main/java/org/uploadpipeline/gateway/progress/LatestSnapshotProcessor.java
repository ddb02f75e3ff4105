package org.uploadpipeline.gateway.progress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.ProgressSnapshot;

/**
 * Keeps a snapshot only when its {@code seq} is higher than the stored one, so a replayed or reordered record can never
 * move a viewer backwards, then tells the listener. A tombstone (null value) forgets the upload.
 *
 * <p>Per record it costs one streaming read of four fields ({@link SnapshotHeader}) and one store write of the
 * record's own bytes: no object mapping, no serialisation, whether anyone watches or not (a listener parses only the
 * snapshots it delivers). The seq of recently updated uploads is kept in a small, bounded in-memory map, so the check
 * for an upload that is being processed (many snapshots a second) costs no store read; an upload not in it is looked
 * up in the store. Bounded, so memory does not grow with the uploads ever seen.
 */
final class LatestSnapshotProcessor implements Processor<String, byte[], Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(LatestSnapshotProcessor.class);

  /** Uploads whose last stored seq is remembered: far more than are ever processed at once, ~1–2 MB at most. */
  static final int RECENT_UPLOADS = 10_000;

  private final String storeName;
  private final SnapshotListener listener;
  private final Deserializer<ProgressSnapshot> reader;
  private final Map<String, Long> recentSeq;
  private KeyValueStore<String, byte[]> store;

  /**
   * @param reader parses a stored record into a snapshot, for the listener's {@link StoredSnapshot#snapshot()}
   * @param recentUploads how many uploads' last stored seq are remembered in memory
   */
  LatestSnapshotProcessor(
      String storeName, SnapshotListener listener, Deserializer<ProgressSnapshot> reader, int recentUploads) {
    this.storeName = storeName;
    this.listener = listener;
    this.reader = reader;
    // Upload id → seq of the snapshot in the store, least recently updated first; used by the store's thread only.
    this.recentSeq =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > recentUploads;
          }
        };
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String uploadId = record.key();
    if (uploadId == null) {
      return;
    }
    byte[] json = record.value();
    if (json == null) {
      store.delete(uploadId);
      recentSeq.remove(uploadId);
      listener.onDeleted(uploadId);
      return;
    }
    StoredSnapshot stored = StoredSnapshot.read(json, reader).orElse(null);
    if (stored == null) {
      log.warn("Ignoring an unreadable progress record of upload {} (not a JSON snapshot with uploadId, tenantId, seq "
          + "and status)", uploadId);
      return;
    }
    if (!uploadId.equals(stored.uploadId())) {
      // A record whose key disagrees with its body could leak across tenants: never serve it.
      log.warn("Ignoring a progress record that breaks the contract (key and uploadId differ)");
      return;
    }
    if (storedSeq(uploadId) >= stored.seq()) {
      return;
    }
    store.put(uploadId, json);
    recentSeq.put(uploadId, stored.seq());
    try {
      listener.onSnapshot(stored);
    } catch (RuntimeException e) {
      // The store must keep up with the topic whatever a viewer does; a failed fan-out is that viewer's loss alone.
      log.warn("Snapshot listener failed for upload {}", uploadId, e);
    }
  }

  /** The seq of the stored snapshot of an upload, {@code Long.MIN_VALUE} when there is none. */
  private long storedSeq(String uploadId) {
    Long recent = recentSeq.get(uploadId);
    if (recent != null) {
      return recent;
    }
    byte[] current = store.get(uploadId);
    SnapshotHeader stored = current == null ? null : SnapshotHeader.read(current);
    return stored == null ? Long.MIN_VALUE : stored.seq();
  }
}
