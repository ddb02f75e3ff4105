package org.uploadpipeline.gateway.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.uploadpipeline.gateway.KafkaConnection;
import org.uploadpipeline.protocol.AggregateKind;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProtocolJson;

/**
 * Reads one upload's rows from the compacted {@code uploads.aggregates} topic for the demo page's charts. A plain
 * scan from the beginning (read_committed, no consumer group) per request: fine for a demo, not for production
 * traffic, which is why it only exists in demo mode.
 */
class DemoAggregates {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration MAX_SCAN = Duration.ofSeconds(10);

  private final KafkaConnection kafka;
  private final String topic;

  DemoAggregates(KafkaConnection kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  /** Daily, monthly and product rows of one upload, each kind sorted by key. */
  Map<String, List<AggregateRow>> of(String uploadId) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-demo-aggregates");
    String prefix = uploadId + "/";
    Map<String, AggregateRow> latest = new TreeMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + MAX_SCAN.toNanos();
      while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          if (record.key() == null || !record.key().startsWith(prefix)) {
            continue;
          }
          if (record.value() == null) {
            latest.remove(record.key());
          } else {
            latest.put(record.key(), ProtocolJson.mapper().readValue(record.value(), AggregateRow.class));
          }
        }
      }
    }
    Map<String, List<AggregateRow>> byKind = new TreeMap<>();
    for (AggregateKind kind : AggregateKind.values()) {
      byKind.put(kind.wireName(), new ArrayList<>());
    }
    for (AggregateRow row : latest.values()) {
      byKind.get(row.kind().wireName()).add(row);
    }
    byKind.values().forEach(rows -> rows.sort(Comparator.comparing(AggregateRow::key)));
    return byKind;
  }

  private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
