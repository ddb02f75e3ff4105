package org.uploadpipeline.bench.gateway;

import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Writes snapshots to the progress topic as the processor would (one record per state, key = upload id), each update
 * stamped with the producing thread's {@code System.nanoTime()} in {@code message}, so a receiver in this process
 * measures append → receive. Not transactional and sent at once (linger 0): with the local stack's processor stopped
 * nothing else writes the topic, so read-committed readers never wait behind an open transaction.
 */
final class SnapshotFeed implements AutoCloseable {

  static final String TENANT = "bench";

  private final KafkaProducer<String, String> producer;

  SnapshotFeed(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** A {@code processing} update stamped now; returns the stamp. */
  long sendStamped(String uploadId, long seq) {
    long stamp = System.nanoTime();
    send(snapshot(uploadId, seq, UploadStatus.PROCESSING, WireText.STAMP + stamp));
    return stamp;
  }

  /** An unstamped state: the first one viewers join on, or the final {@code completed}. */
  void send(String uploadId, long seq, UploadStatus status) {
    send(snapshot(uploadId, seq, status, status.wireName()));
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }

  private void send(ProgressSnapshot snapshot) {
    producer.send(
        new ProducerRecord<>(
            Topics.DEFAULT_PROGRESS, snapshot.uploadId(), ProtocolJson.mapper().writeValueAsString(snapshot)));
  }

  static ProgressSnapshot snapshot(String uploadId, long seq, UploadStatus status, String message) {
    Instant now = Instant.now();
    double percent = status == UploadStatus.COMPLETED ? 100 : Math.min(99, seq / 100.0);
    return new ProgressSnapshot(
        uploadId, TENANT, seq, status, status.wireName(), percent, message, seq, null, null, null, now, now, 0.0, null);
  }
}
