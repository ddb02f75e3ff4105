package org.uploadpipeline.processor.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.uploadpipeline.protocol.AggregateRow;

/**
 * The running aggregates of every upload in one store, keyed {@code <uploadId>/<kind>/<key>}: a chunk touches only its
 * own keys, and a finished upload's keys are taken out a bounded batch at a time.
 */
final class UploadAggregates {

  private final KeyValueStore<String, AggregateRow> store;

  UploadAggregates(KeyValueStore<String, AggregateRow> store) {
    this.store = store;
  }

  /** How many of the partials' keys the upload does not have yet. */
  long newKeys(String uploadId, List<PartialAggregate> partials) {
    return partials.stream().filter(p -> store.get(key(uploadId, p)) == null).count();
  }

  /** Adds a chunk's partial sums; returns how many keys of each kind it created. */
  UploadState.AggregateKeyCounts merge(String uploadId, List<PartialAggregate> partials) {
    long daily = 0;
    long monthly = 0;
    long product = 0;
    for (PartialAggregate p : partials) {
      String key = key(uploadId, p);
      AggregateRow current = store.get(key);
      if (current == null) {
        store.put(key, new AggregateRow(uploadId, p.kind(), p.key(), p.transactions(), p.quantity(), p.revenue()));
        switch (p.kind()) {
          case PartialAggregate.DAILY -> daily++;
          case PartialAggregate.MONTHLY -> monthly++;
          default -> product++;
        }
      } else {
        store.put(
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

  /**
   * Removes at most {@code max} of the upload's entries and returns them (keyed for {@code uploads.aggregates});
   * fewer than {@code max} means none are left.
   */
  List<KeyValue<String, AggregateRow>> take(String uploadId, int max) {
    List<KeyValue<String, AggregateRow>> batch = new ArrayList<>();
    try (KeyValueIterator<String, AggregateRow> it = store.prefixScan(uploadId + "/", new StringSerializer())) {
      while (batch.size() < max && it.hasNext()) {
        batch.add(it.next());
      }
    }
    // Deleted once the iterator is closed: the cache under it must not change while it is read.
    batch.forEach(entry -> store.delete(entry.key));
    return batch;
  }

  private static String key(String uploadId, PartialAggregate p) {
    return uploadId + "/" + p.kind() + "/" + p.key();
  }
}
