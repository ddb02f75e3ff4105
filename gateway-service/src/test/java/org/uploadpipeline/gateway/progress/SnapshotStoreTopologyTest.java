package org.uploadpipeline.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.gateway.support.TestSnapshots;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.Topics;

class SnapshotStoreTopologyTest {

  /** A small bound on the processor's in-memory seq map, so a test can push an upload out of it. */
  private static final int RECENT_UPLOADS = 3;

  private final Topic<String, ProgressSnapshot> progress = Topics.defaults().progress();
  private final List<ProgressSnapshot> announced = new CopyOnWriteArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, ProgressSnapshot> input;
  private TestInputTopic<String, byte[]> rawInput;
  private KeyValueStore<String, byte[]> bytes;

  @TempDir java.nio.file.Path stateDir;

  @BeforeEach
  void startDriver() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "snapshot-store-test");
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    SnapshotListener listener = stored -> announced.add(stored.snapshot().orElseThrow());
    driver = new TopologyTestDriver(SnapshotStoreTopology.build(progress, listener, RECENT_UPLOADS), config);
    input =
        driver.createInputTopic(
            progress.name(), progress.keySerde().serializer(), progress.valueSerde().serializer());
    rawInput = driver.createInputTopic(progress.name(), new StringSerializer(), new ByteArraySerializer());
    bytes = driver.getKeyValueStore(SnapshotStoreTopology.STORE_NAME);
  }

  /** The stored snapshot of an upload, parsed (the store keeps the record's bytes). */
  private ProgressSnapshot stored(String uploadId) {
    byte[] json = bytes.get(uploadId);
    return json == null ? null : progress.valueSerde().deserializer().deserialize(progress.name(), json);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void keepsTheSnapshotWithTheHighestSeq() {
    input.pipeInput("u1", TestSnapshots.pending("u1", "acme", 1));
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 3, 30, 300));

    assertThat(stored("u1").seq()).isEqualTo(3);
    assertThat(announced).extracting(ProgressSnapshot::seq).containsExactly(1L, 3L);
  }

  @Test
  void ignoresStaleOrRepeatedSnapshotsAndDoesNotAnnounceThem() {
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 5, 50, 500));
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 4, 40, 400));
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 5, 50, 500));

    assertThat(stored("u1").percent()).isEqualTo(50.0);
    assertThat(announced).extracting(ProgressSnapshot::seq).containsExactly(5L);
  }

  @Test
  void forgetsAnUploadOnTombstone() {
    input.pipeInput("u1", TestSnapshots.pending("u1", "acme", 1));
    input.pipeInput("u1", (ProgressSnapshot) null);

    assertThat(stored("u1")).isNull();
  }

  @Test
  void afterATombstoneTheUploadStartsAgainFromAnySeq() {
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 5, 50, 500));
    input.pipeInput("u1", (ProgressSnapshot) null);
    input.pipeInput("u1", TestSnapshots.pending("u1", "acme", 1));

    assertThat(stored("u1").seq()).isEqualTo(1);
    assertThat(announced).extracting(ProgressSnapshot::seq).containsExactly(5L, 1L);
  }

  @Test
  void staleSnapshotsStayIgnoredForUploadsBeyondTheRecentSeqMemory() {
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 5, 50, 500));
    // Push u1 out of the bounded in-memory seq map: its check must then fall back to the store.
    for (int i = 0; i <= RECENT_UPLOADS; i++) {
      input.pipeInput("other-" + i, TestSnapshots.pending("other-" + i, "acme", 1));
    }
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 4, 40, 400));
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 6, 60, 600));

    assertThat(stored("u1").seq()).isEqualTo(6);
    assertThat(announced)
        .filteredOn(s -> s.uploadId().equals("u1"))
        .extracting(ProgressSnapshot::seq)
        .containsExactly(5L, 6L);
  }

  @Test
  void ignoresRecordsWhoseKeyDisagreesWithTheirUploadId() {
    input.pipeInput("u2", TestSnapshots.pending("u1", "acme", 1));

    assertThat(stored("u2")).isNull();
    assertThat(announced).isEmpty();
  }

  @Test
  void storesTheRecordsBytesAsTheyCame() {
    byte[] json = progress.valueSerde().serializer().serialize(progress.name(), TestSnapshots.pending("u1", "acme", 1));
    rawInput.pipeInput("u1", json);

    assertThat(bytes.get("u1")).isEqualTo(json);
  }

  @Test
  void ignoresUnreadableRecordsAndKeepsTheStoredSnapshot() {
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 2, 20, 200));
    rawInput.pipeInput("u1", "not json".getBytes(StandardCharsets.UTF_8));
    rawInput.pipeInput("u1", "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":9}".getBytes(StandardCharsets.UTF_8));
    rawInput.pipeInput(
        "u1",
        "{\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"seq\":\"9\",\"status\":\"processing\"}"
            .getBytes(StandardCharsets.UTF_8));
    input.pipeInput("u1", TestSnapshots.processing("u1", "acme", 3, 30, 300));

    assertThat(stored("u1").seq()).isEqualTo(3);
    assertThat(announced).extracting(ProgressSnapshot::seq).containsExactly(2L, 3L);
  }

  @Test
  void namesEveryNode() {
    Topology topology = SnapshotStoreTopology.build(progress, snapshot -> {});

    String description = topology.describe().toString();
    assertThat(description)
        .contains(SnapshotStoreTopology.STORE_NAME, SnapshotStoreTopology.SOURCE_NAME,
            SnapshotStoreTopology.PROCESSOR_NAME)
        .doesNotContain("KSTREAM-", "KTABLE-");
  }
}
