package org.uploadpipeline.gateway.progress;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topic;

/**
 * The gateway's topology: a global store of the latest snapshot per upload, fed from every partition of the compacted
 * progress topic, so any gateway instance can serve any upload and a restarted one rebuilds the state from the topic.
 */
public final class SnapshotStoreTopology {

  /** The global key-value store: upload id → the JSON bytes of its latest {@link ProgressSnapshot}, as on the topic. */
  public static final String STORE_NAME = "progress-snapshots";

  static final String SOURCE_NAME = "progress-snapshots-source";
  static final String PROCESSOR_NAME = "progress-snapshots-latest";

  private SnapshotStoreTopology() {}

  /** Builds the topology; no lifecycle work. */
  public static Topology build(Topic<String, ProgressSnapshot> progress, SnapshotListener listener) {
    return addTo(new Topology(), progress, listener, LatestSnapshotProcessor.RECENT_UPLOADS);
  }

  /** Adds the global store to {@code topology} (the service's comes from spring-kafka's factory bean). */
  static Topology addTo(Topology topology, Topic<String, ProgressSnapshot> progress, SnapshotListener listener) {
    return addTo(topology, progress, listener, LatestSnapshotProcessor.RECENT_UPLOADS);
  }

  /** The same with another bound of the processor's in-memory seq map (tests). */
  static Topology build(Topic<String, ProgressSnapshot> progress, SnapshotListener listener, int recentUploads) {
    return addTo(new Topology(), progress, listener, recentUploads);
  }

  private static Topology addTo(
      Topology topology, Topic<String, ProgressSnapshot> progress, SnapshotListener listener, int recentUploads) {
    // A global store restores through its processor, so it must not have a changelog of its own: the topic is the log.
    // The topic's bytes are the stored value: no parse and no serialisation per record (SnapshotHeader reads the seq).
    StoreBuilder<KeyValueStore<String, byte[]>> store =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_NAME), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled();
    topology.addGlobalStore(
        store,
        SOURCE_NAME,
        progress.keySerde().deserializer(),
        new ByteArrayDeserializer(),
        progress.name(),
        PROCESSOR_NAME,
        () -> new LatestSnapshotProcessor(STORE_NAME, listener, progress.valueSerde().deserializer(), recentUploads));
    return topology;
  }
}
