package org.uploadpipeline.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.uploadpipeline.protocol.Topic;

/** Produce and consume contract records on the shared test broker with plain Kafka clients. */
public final class TestRecords {

  private TestRecords() {}

  /** Sends one record and waits for the broker's acknowledgement. */
  public static <K, V> void produce(Topic<K, V> topic, K key, V value) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<K, V> producer =
        new KafkaProducer<>(config, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot produce to " + topic.name(), e.getCause());
    }
  }

  /**
   * Reads the topic from the beginning, as a read-committed consumer, until the records read so far satisfy the
   * condition, and returns them in partition order.
   *
   * @throws ConditionTimeoutException when the condition is not met within the timeout
   */
  public static <K, V> List<ConsumerRecord<K, V>> consumeUntil(
      Topic<K, V> topic, Predicate<List<ConsumerRecord<K, V>>> condition, Duration timeout) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<K, V> consumer =
        new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic.name())) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!condition.test(records)) {
        if (System.nanoTime() > deadline) {
          // The last few records say where it stopped; all of them would drown the report.
          throw new ConditionTimeoutException(
              "condition not met on " + topic.name() + " within " + timeout + "; read " + records.size()
                  + " records, the last ones: "
                  + records.subList(Math.max(0, records.size() - 3), records.size()).stream()
                      .map(r -> r.key() + "=" + abbreviate(String.valueOf(r.value())))
                      .toList());
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
