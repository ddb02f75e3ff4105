package org.uploadpipeline.bench.gateway;

import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * Produces many small {@code completed} snapshots of distinct uploads, once, as fast as a batching producer goes: the
 * state a restarted gateway must load, and a live ingest load for a running one.
 */
final class SnapshotFill {

  /** What a fill took. */
  record Result(int count, double seconds, double bytesPerSnapshot) {
    double perSecond() {
      return count / seconds;
    }
  }

  private SnapshotFill() {}

  /** Snapshots {@code <idPrefix>0} to {@code <idPrefix><count-1>}, seq 3, to {@code topic}. */
  static Result run(String bootstrapServers, String topic, String idPrefix, int count) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    long start = System.nanoTime();
    long bytes = 0;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        String id = idPrefix + i;
        Instant now = Instant.now();
        ProgressSnapshot snapshot =
            new ProgressSnapshot(id, SnapshotFeed.TENANT, 3, UploadStatus.COMPLETED, UploadStatus.COMPLETED.wireName(),
                100, "bench", i % 1000, null, null, null, now, now, 0.0, null);
        String json = ProtocolJson.mapper().writeValueAsString(snapshot);
        bytes += json.length();
        producer.send(new ProducerRecord<>(topic, id, json));
      }
      producer.flush();
    }
    return new Result(count, (System.nanoTime() - start) / 1e9, (double) bytes / Math.max(1, count));
  }
}
