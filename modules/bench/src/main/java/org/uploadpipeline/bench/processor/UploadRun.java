package org.uploadpipeline.bench.processor;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * One upload as an ingestion system and a viewer see it: a plain producer sends the job, a read-committed consumer of
 * {@code uploads.progress} (positioned before the send) times the first snapshot, the first {@code processing} one and
 * {@code completed}, and the delay of every snapshot from the processor writing it to this consumer seeing it.
 */
final class UploadRun implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final ColumnMapping MAPPING =
      new ColumnMapping("fecha", "producto", "cantidad", "total", null, null, null);

  /**
   * Timings from the job's send, in ms; {@code latenciesMicros} one per snapshot seen.
   *
   * @param last the terminal snapshot
   */
  record Timings(double firstMs, double processingMs, double completedMs, List<Long> latenciesMicros,
      ProgressSnapshot last) {}

  private final Topics topics = Topics.defaults();
  private final KafkaProducer<String, UploadJob> producer;
  private final KafkaConsumer<String, ProgressSnapshot> progress;
  private final String bootstrapServers;

  UploadRun(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
        topics.jobs().keySerde().serializer(), topics.jobs().valueSerde().serializer());
    progress = consumer(topics.progress());
  }

  Timings inline(String uploadId, String csv) {
    return run(uploadId, new UploadSource(null, csv));
  }

  Timings file(String uploadId, String uri) {
    return run(uploadId, UploadSource.ofUri(uri));
  }

  private Timings run(String uploadId, UploadSource source) {
    UploadJob job = new UploadJob(uploadId, "bench", "bench", Instant.now(), source, CsvFormat.DEFAULT, MAPPING);
    seekToEnd(progress);
    long start = System.nanoTime();
    producer.send(new ProducerRecord<>(topics.jobs().name(), uploadId, job));
    producer.flush();
    double first = -1;
    double processing = -1;
    List<Long> latencies = new ArrayList<>();
    long deadline = start + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, ProgressSnapshot> record : progress.poll(Duration.ofMillis(5))) {
        if (!uploadId.equals(record.key())) {
          continue;
        }
        double ms = (System.nanoTime() - start) / 1e6;
        ProgressSnapshot snapshot = record.value();
        latencies.add(Math.max(0, Duration.between(snapshot.updatedAt(), Instant.now()).toNanos() / 1000));
        first = first < 0 ? ms : first;
        if (processing < 0 && snapshot.status() == UploadStatus.PROCESSING) {
          processing = ms;
        }
        if (snapshot.status().isTerminal()) {
          if (snapshot.status() != UploadStatus.COMPLETED) {
            throw new IllegalStateException(uploadId + " failed: " + snapshot.error());
          }
          return new Timings(first, processing < 0 ? ms : processing, ms, latencies, snapshot);
        }
      }
    }
    throw new IllegalStateException("no completed snapshot of " + uploadId + " within " + TIMEOUT);
  }

  /**
   * Refuses a run whose results differ from the independent computation: row counts, aggregate counts, and every
   * aggregate's quantity and revenue read back from {@code uploads.aggregates}.
   */
  void verify(String uploadId, ProgressSnapshot completed, BareAggregation.Result expected) {
    var results = completed.results();
    check(results.processedRows() == expected.rows(), uploadId + ": processed " + results.processedRows()
        + " rows, expected " + expected.rows());
    check(results.validRows() == expected.valid(), uploadId + ": " + results.validRows() + " valid rows, expected "
        + expected.valid());
    var counts = results.aggregationCounts();
    check(counts.dailyAggregations() == expected.keys("daily") && counts.monthlyAggregations()
        == expected.keys("monthly") && counts.productAggregations() == expected.keys("product"),
        uploadId + ": aggregate counts " + counts + " differ from the independent computation");
    Map<String, AggregateRow> published = aggregates(uploadId, expected.sums().size());
    for (Map.Entry<String, BigDecimal[]> sum : expected.sums().entrySet()) {
      AggregateRow row = published.get(sum.getKey());
      check(row != null && row.quantity().compareTo(sum.getValue()[0]) == 0
          && row.revenue().compareTo(sum.getValue()[1]) == 0,
          uploadId + ": aggregate " + sum.getKey() + " is " + row + ", expected quantity " + sum.getValue()[0]
              + " and revenue " + sum.getValue()[1]);
    }
  }

  private Map<String, AggregateRow> aggregates(String uploadId, int expected) {
    Map<String, AggregateRow> rows = new HashMap<>();
    try (KafkaConsumer<String, AggregateRow> consumer = consumer(topics.aggregates())) {
      consumer.seekToBeginning(consumer.assignment());
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (rows.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, AggregateRow> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.key().startsWith(uploadId + "/")) {
            rows.put(record.key().substring(uploadId.length() + 1), record.value());
          }
        }
      }
    }
    return rows;
  }

  private <V> KafkaConsumer<String, V> consumer(Topic<String, V> topic) {
    KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    consumer.assign(consumer.partitionsFor(topic.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
    return consumer;
  }

  private static void seekToEnd(KafkaConsumer<?, ?> consumer) {
    consumer.seekToEnd(consumer.assignment());
    consumer.assignment().forEach(consumer::position);
  }

  private static void check(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalStateException("refusing to report this run: " + problem);
    }
  }

  @Override
  public void close() {
    producer.close();
    progress.close();
  }
}
