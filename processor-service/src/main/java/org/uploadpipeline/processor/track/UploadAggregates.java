package org.uploadpipeline.processor.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.uploadpipeline.processor.model.PartialAggregate;
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

  /** Reads the upload's current rows for a chunk's keys, once, so the cap can be checked before anything changes. */
  Merge prepare(String uploadId, List<PartialAggregate> partials) {
    AggregateRow[] current = new AggregateRow[partials.size()];
    for (int i = 0; i < current.length; i++) {
      current[i] = store.get(key(uploadId, partials.get(i)));
    }
    return new Merge(uploadId, partials, current);
  }

  /** A chunk's partial sums beside the rows they add to (a chunk has each key once). */
  final class Merge {
    private final String uploadId;
    private final List<PartialAggregate> partials;
    private final AggregateRow[] current;

    private Merge(String uploadId, List<PartialAggregate> partials, AggregateRow[] current) {
      this.uploadId = uploadId;
      this.partials = partials;
      this.current = current;
    }

    /** How many of the chunk's keys the upload does not have yet. */
    long newKeys() {
      return Arrays.stream(current).filter(Objects::isNull).count();
    }

    /** Adds the partial sums; returns how many keys of each kind the chunk created. */
    UploadState.AggregateKeyCounts apply() {
      long daily = 0;
      long monthly = 0;
      long product = 0;
      for (int i = 0; i < current.length; i++) {
        PartialAggregate p = partials.get(i);
        AggregateRow row = current[i];
        if (row == null) {
          store.put(key(uploadId, p),
              new AggregateRow(uploadId, p.kind(), p.key(), p.transactions(), p.quantity(), p.revenue()));
          switch (p.kind()) {
            case DAILY -> daily++;
            case MONTHLY -> monthly++;
            case PRODUCT -> product++;
            default -> throw new IllegalStateException("unknown aggregate kind " + p.kind());
          }
        } else {
          store.put(key(uploadId, p),
              new AggregateRow(uploadId, p.kind(), p.key(), row.transactions() + p.transactions(),
                  row.quantity().add(p.quantity()), row.revenue().add(p.revenue())));
        }
      }
      return new UploadState.AggregateKeyCounts(daily, monthly, product);
    }
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
