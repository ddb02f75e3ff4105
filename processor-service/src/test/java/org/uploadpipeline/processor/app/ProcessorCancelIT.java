package org.uploadpipeline.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.SalesFile;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.TestKafka;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTopics;

/**
 * A cancel on {@code uploads.commands} against a real broker, with the service's own chunking and timing settings:
 * a million-row upload stops mid-file, its aggregates never appear, and the next upload completes exactly; the time
 * from the command to the cancelled snapshot is printed (docs/BENCHMARKS.md, "Cancel").
 */
@SpringBootTest
class ProcessorCancelIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Topics TOPICS = TestTopics.uniqueContractTopics("processor-cancel-it");
  private static final Path STORAGE = createStorage();
  private static final int ROWS = 1_000_000;

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    ProcessorTestProperties.register(registry, "processor-cancel-it", TOPICS, STORAGE);
  }

  @Test
  void cancelStopsAMillionRowUploadMidFileDropsItsAggregatesAndTheNextUploadCompletesExactly()
      throws Exception {
    Path csv = STORAGE.resolve("acme/million.csv");
    SalesFile.write(csv, ROWS, 0);
    UploadJob job = Jobs.file("it-cancel", csv.toUri().toString());
    Duration latency;
    ProgressSnapshot cancelled;
    try (KafkaConsumer<String, ProgressSnapshot> progress = consumerAtEnd(TOPICS.progress());
        KafkaProducer<String, UploadCommand> commands = producer(TOPICS.commands())) {
      commands.partitionsFor(TOPICS.commands().name()); // metadata fetched now, not in the measured send
      TestRecords.produce(TOPICS.jobs(), job.uploadId(), job);
      poll(progress, s -> s.uploadId().equals(job.uploadId()) && s.rowsProcessed() > 0);

      long sent = System.nanoTime();
      commands.send(new ProducerRecord<>(TOPICS.commands().name(), job.uploadId(),
          new UploadCommand.Cancel(job.uploadId(), "acme", "user-42", Instant.now()))).get();
      cancelled = poll(progress, s -> s.uploadId().equals(job.uploadId()) && s.status().isTerminal());
      latency = Duration.ofNanos(System.nanoTime() - sent);
    }
    System.out.printf("Cancel of a %,d-row upload: its cancelled snapshot read %d ms after the command was sent,"
        + " %,d rows processed%n", ROWS, latency.toMillis(), cancelled.rowsProcessed());

    assertThat(cancelled.status()).isEqualTo(UploadStatus.CANCELLED);
    assertThat(cancelled.message()).isEqualTo("Cancelled by user-42");
    // Stopped mid-file. How soon is a figure, printed above and recorded in docs/BENCHMARKS.md ("Cancel"), not a
    // pass/fail: on a shared 2-core machine it depends on what else runs.
    assertThat(cancelled.rowsProcessed()).isPositive().isLessThan(ROWS);

    // Another tenant's upload sent right after completes exactly.
    Path next = STORAGE.resolve("globex/after-cancel.csv");
    SalesFile.write(next, 5_000, 50);
    UploadJob good = new UploadJob("it-after-cancel", "globex", "user-9", Instant.now(),
        UploadSource.ofUri(next.toUri().toString()), null, Jobs.SPANISH_COLUMNS);
    TestRecords.produce(TOPICS.jobs(), good.uploadId(), good);
    ProgressSnapshot last = finalSnapshot(good.uploadId());
    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().processedRows()).isEqualTo(5_000);
    assertThat(last.results().invalidRows()).isEqualTo(SalesFile.invalidRows(5_000, 50));
    Map<String, SalesFile.Sums> expected = SalesFile.expectedAggregates(good.uploadId(), 5_000, 50);

    // Read to the end offsets after the good upload's completed snapshot: its aggregates are all in, and the
    // cancelled upload's would be too, had any been published.
    Map<String, SalesFile.Sums> aggregates = committedAggregates();
    assertThat(aggregates.keySet()).noneMatch(key -> key.startsWith(job.uploadId() + "/"));
    aggregates.keySet().removeIf(key -> !key.startsWith(good.uploadId() + "/"));
    assertThat(aggregates).isEqualTo(expected);
  }

  /** Polls an already positioned consumer until a record's value matches, and returns it. */
  private static <V> V poll(KafkaConsumer<String, V> consumer, Predicate<V> match) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(5))) {
        if (record.value() != null && match.test(record.value())) {
          return record.value();
        }
      }
    }
    throw new AssertionError("no matching record on " + consumer.assignment() + " within " + TIMEOUT);
  }

  private static ProgressSnapshot finalSnapshot(String uploadId) {
    List<ConsumerRecord<String, ProgressSnapshot>> records = TestRecords.consumeUntil(
        TOPICS.progress(),
        read -> read.stream().anyMatch(r -> r.key().equals(uploadId) && r.value().status().isTerminal()),
        TIMEOUT);
    return records.stream().filter(r -> r.key().equals(uploadId)).reduce((a, b) -> b).orElseThrow().value();
  }

  /** A read-committed consumer of every partition of the topic, positioned at its end: it sees only what follows. */
  private static <V> KafkaConsumer<String, V> consumerAtEnd(Topic<String, V> topic) {
    KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
        readCommitted(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    List<TopicPartition> partitions = partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolved now, before anything is produced
    return consumer;
  }

  /** The latest sums per key of {@code uploads.aggregates}, read committed from the beginning to its end offsets. */
  private static Map<String, SalesFile.Sums> committedAggregates() {
    Map<String, SalesFile.Sums> latest = new TreeMap<>();
    Topic<String, AggregateRow> topic = TOPICS.aggregates();
    try (KafkaConsumer<String, AggregateRow> consumer = new KafkaConsumer<>(
        readCommitted(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("read %s to its end offsets %s", topic.name(), end).isLessThan(deadline);
        for (ConsumerRecord<String, AggregateRow> record : consumer.poll(Duration.ofMillis(100))) {
          AggregateRow row = record.value();
          latest.put(record.key(), new SalesFile.Sums(row.transactions(), row.quantity(), row.revenue()));
        }
      }
    }
    return latest;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Topic<?, ?> topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(topic.name()).forEach(info -> partitions.add(new TopicPartition(info.topic(),
        info.partition())));
    return partitions;
  }

  private static Map<String, Object> readCommitted() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "processor-cancel-it-" + UUID.randomUUID(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
  }

  private static <V> KafkaProducer<String, V> producer(Topic<String, V> topic) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private static Path createStorage() {
    try {
      // Uploads live in their tenant's folder, as the gateway stores them.
      Path storage = Files.createTempDirectory("processor-cancel-it");
      Files.createDirectories(storage.resolve("acme"));
      Files.createDirectories(storage.resolve("globex"));
      return storage;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
