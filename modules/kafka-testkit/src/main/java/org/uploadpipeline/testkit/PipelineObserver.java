package org.uploadpipeline.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;

/**
 * What the pipeline wrote, read as a data team would: read-committed consumers of {@code uploads.progress},
 * {@code uploads.aggregates} and {@code uploads.jobs.dlq} from the beginning, polled on demand by the test thread.
 */
public final class PipelineObserver implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, List<ProgressSnapshot>> history = new HashMap<>();
  private final Map<String, Map<String, AggregateRow>> aggregates = new HashMap<>();
  /** The reason of the first dead letter under each record key. */
  private final Map<String, String> deadLetterReasons = new HashMap<>();

  public PipelineObserver(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "hostile-observer-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.DEFAULT_PROGRESS, Topics.DEFAULT_AGGREGATES, Topics.DEFAULT_JOBS_DEAD_LETTER)) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The upload's last snapshot once it is finished (completed or failed). */
  public ProgressSnapshot awaitFinished(String uploadId) {
    return awaitFinished(uploadId, TIMEOUT);
  }

  /** The reason of the first dead letter whose record key is {@code key} ({@code (none)} for a null key). */
  public String awaitDeadLetter(String key) {
    return await("a dead letter keyed " + key, () -> Optional.ofNullable(deadLetterReasons.get(key)));
  }

  /** The upload's aggregates keyed {@code <kind>/<key>}, once {@code count} of them are there. */
  public Map<String, AggregateRow> awaitAggregates(String uploadId, int count) {
    return await(count + " aggregates of " + uploadId, () -> Optional.ofNullable(aggregates.get(uploadId))
        .filter(rows -> rows.size() >= count).map(Map::copyOf));
  }

  public Optional<ProgressSnapshot> latest(String uploadId) {
    pollOnce();
    return last(uploadId);
  }

  /** Every snapshot of the upload a read-committed reader has seen so far, in order. */
  public List<ProgressSnapshot> history(String uploadId) {
    pollOnce();
    return List.copyOf(history.getOrDefault(uploadId, List.of()));
  }

  /** Waits up to {@code timeout} for the upload to finish. */
  public ProgressSnapshot awaitFinished(String uploadId, Duration timeout) {
    return await("upload " + uploadId + " to finish", timeout, () -> last(uploadId)
        .filter(s -> s.status().isTerminal()));
  }

  @Override
  public void close() {
    consumer.close();
  }

  private Optional<ProgressSnapshot> last(String uploadId) {
    List<ProgressSnapshot> snapshots = history.get(uploadId);
    return snapshots == null ? Optional.empty() : Optional.of(snapshots.get(snapshots.size() - 1));
  }

  private <T> T await(String what, Supplier<Optional<T>> found) {
    return await(what, TIMEOUT, found);
  }

  private <T> T await(String what, Duration timeout, Supplier<Optional<T>> found) {
    List<T> result = new ArrayList<>(1);
    Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
      pollOnce();
      found.get().ifPresent(result::add);
      return !result.isEmpty();
    });
    return result.get(0);
  }

  private void pollOnce() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      switch (record.topic()) {
        case Topics.DEFAULT_PROGRESS -> {
          ProgressSnapshot snapshot = JsonSerde.of(ProgressSnapshot.class).deserialize(record.topic(), record.value());
          if (snapshot != null) {
            history.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(snapshot);
          }
        }
        case Topics.DEFAULT_AGGREGATES -> {
          AggregateRow row = JsonSerde.of(AggregateRow.class).deserialize(record.topic(), record.value());
          if (row != null) {
            aggregates.computeIfAbsent(row.uploadId(), id -> new HashMap<>()).put(row.kind() + "/" + row.key(), row);
          }
        }
        default -> {
          Header reason = record.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER);
          deadLetterReasons.putIfAbsent(
              record.key() == null ? "(none)" : record.key(),
              reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
