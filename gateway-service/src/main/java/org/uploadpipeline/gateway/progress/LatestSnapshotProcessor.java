package org.uploadpipeline.gateway.progress;

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
 */
final class LatestSnapshotProcessor implements Processor<String, ProgressSnapshot, Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(LatestSnapshotProcessor.class);

  private final String storeName;
  private final SnapshotListener listener;
  private KeyValueStore<String, ProgressSnapshot> store;

  LatestSnapshotProcessor(String storeName, SnapshotListener listener) {
    this.storeName = storeName;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, ProgressSnapshot> record) {
    String uploadId = record.key();
    if (uploadId == null) {
      return;
    }
    ProgressSnapshot snapshot = record.value();
    if (snapshot == null) {
      store.delete(uploadId);
      return;
    }
    if (!uploadId.equals(snapshot.uploadId()) || snapshot.tenantId() == null || snapshot.status() == null) {
      // A record whose key disagrees with its body, or without a tenant, could leak across tenants: never serve it.
      log.warn(
          "Ignoring a progress record that breaks the contract (key and uploadId differ or tenant/status missing)");
      return;
    }
    ProgressSnapshot current = store.get(uploadId);
    if (current != null && current.seq() >= snapshot.seq()) {
      return;
    }
    store.put(uploadId, snapshot);
    try {
      listener.onSnapshot(snapshot);
    } catch (RuntimeException e) {
      // The store must keep up with the topic whatever a viewer does; a failed fan-out is that viewer's loss alone.
      log.warn("Snapshot listener failed for upload {}", uploadId, e);
    }
  }
}
