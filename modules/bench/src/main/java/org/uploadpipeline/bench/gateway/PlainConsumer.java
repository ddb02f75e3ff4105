package org.uploadpipeline.bench.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.uploadpipeline.protocol.Topics;

/**
 * The reference for the gateway's hop: a plain consumer of the progress topic, configured as the gateway's global
 * store consumer reads it (every partition assigned, read_committed, fetch.min.bytes 1), on a poll thread of its own
 * in the generator's process. It times append → receive of the same stamped records the viewers get, so viewer
 * latency minus this is what the gateway adds, measured in the same run on the same contended cores.
 */
final class PlainConsumer implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final String keyPrefix;
  private final Histogram latency = Percentiles.micros();
  private final AtomicLong received = new AtomicLong();
  private final Thread poller;
  private volatile boolean running = true;

  /** Starts at the end of every partition, before any record to be timed is produced. */
  PlainConsumer(String bootstrapServers, String keyPrefix) {
    this.keyPrefix = keyPrefix;
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.DEFAULT_PROGRESS, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolves the end offsets now (seekToEnd is lazy), so records produced from here on are all seen.
    partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));
    poller = new Thread(this::poll, "plain-consumer");
    poller.setDaemon(true);
    poller.start();
  }

  /** Stamped records of this run's uploads received so far. */
  long received() {
    return received.get();
  }

  /** A copy of the append → receive latencies so far. */
  Histogram latency() {
    synchronized (latency) {
      return latency.copy();
    }
  }

  private void poll() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(100));
        long now = System.nanoTime(); // one fetch: every record of it arrived at this moment
        for (ConsumerRecord<String, String> record : records) {
          long stamp = record.key() != null && record.key().startsWith(keyPrefix) ? WireText.stamp(record.value()) : -1;
          if (stamp > 0) {
            synchronized (latency) {
              Percentiles.record(latency, now - stamp);
            }
            received.incrementAndGet();
          }
        }
      }
    } catch (WakeupException e) {
      // close() ends the poll
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    poller.join(10_000);
  }
}
