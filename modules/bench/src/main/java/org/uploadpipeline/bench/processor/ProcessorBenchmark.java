package org.uploadpipeline.bench.processor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.uploadpipeline.localstack.LocalStack;
import org.uploadpipeline.localstack.LocalStackConfig;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * End-to-end processor throughput and progress latency against the real local stack (a KRaft broker process and the
 * packaged services), compared in the same run with {@link BareAggregation} on the same file.
 *
 * <pre>
 * java -Dlocal-stack.home=modules/local-stack/target -cp 'modules/bench/target/bench.jar:modules/bench/target/lib/*' \
 *     org.uploadpipeline.bench.processor.ProcessorBenchmark [rows,rows,...] [work-dir]
 * </pre>
 *
 * For each size it reports: the bare parse + aggregate time, the pipeline time (job produced → {@code completed}
 * snapshot read by a read-committed consumer), their ratio, rows/s, the processor's peak RSS so far, and the latency
 * of progress snapshots (written by the processor → seen by a read-committed consumer), p50/p99/max.
 */
public final class ProcessorBenchmark {

  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);
  /** USER_HZ: 100 on Linux on every platform the JDK supports. */
  private static final int CLOCK_TICKS_PER_SECOND = 100;

  private ProcessorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        java.util.Arrays.stream((args.length > 0 ? args[0] : "100000,300000,1000000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    Path work = Path.of(args.length > 1 ? args[1] : "target/bench-processor").toAbsolutePath();
    Files.createDirectories(work);
    LocalStackConfig config = LocalStackConfig.onFreePorts(work.resolve("stack-" + UUID.randomUUID()));
    List<String> lines = new ArrayList<>();
    lines.add("| rows | file MB | bare parse+aggregate s | pipeline s | ratio | pipeline rows/s "
        + "| processor CPU s | broker CPU s | processor peak RSS MB | progress latency p50 / p99 / max ms "
        + "| snapshots |");
    lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
    try (LocalStack stack = LocalStack.start(config)) {
      for (int rows : sizes) {
        // In the tenant's folder of the storage: the only place the processor reads a tenant's files from.
        Path csv = config.uploadsDir().resolve("bench").resolve("bench-" + rows + ".csv");
        Files.createDirectories(csv.getParent());
        SalesCsv.write(csv, rows);
        double bare = bareSeconds(csv);
        double processorCpu = cpuSeconds(stack.pid("processor"));
        double brokerCpu = cpuSeconds(stack.pid("broker"));
        Run run = runPipeline(config, csv, "bench-" + rows + "-" + UUID.randomUUID().toString().substring(0, 8));
        processorCpu = cpuSeconds(stack.pid("processor")) - processorCpu;
        brokerCpu = cpuSeconds(stack.pid("broker")) - brokerCpu;
        long rssMb = peakRssKb(stack.pid("processor")) / 1024;
        lines.add(String.format(
            "| %,d | %.1f | %.2f | %.2f | %.1f× | %,.0f | %.1f | %.1f | %d | %.0f / %.0f / %.0f | %d |",
            rows, Files.size(csv) / 1e6, bare, run.seconds(), run.seconds() / bare, rows / run.seconds(),
            processorCpu, brokerCpu, rssMb,
            run.latency().getValueAtPercentile(50) / 1000.0, run.latency().getValueAtPercentile(99) / 1000.0,
            run.latency().getMaxValue() / 1000.0, run.snapshots()));
        System.out.println(lines.get(lines.size() - 1));
        Files.delete(csv);
      }
    }
    System.out.println();
    lines.forEach(System.out::println);
  }

  record Run(double seconds, Histogram latency, int snapshots) {}

  /** The fastest of three runs, so JIT warm-up does not flatter the ratio. */
  private static double bareSeconds(Path csv) throws IOException {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      BareAggregation.run(csv);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
  }

  private static Run runPipeline(LocalStackConfig config, Path csv, String uploadId) {
    UploadJob job =
        new UploadJob(
            uploadId, "bench", "bench", Instant.now(), UploadSource.ofUri(csv.toUri().toString()), CsvFormat.DEFAULT,
            new ColumnMapping("fecha", "producto", "cantidad", "total", null, "transaccion", "cliente"));
    Topics topics = Topics.defaults();
    Histogram latency = new Histogram(3_600_000_000L, 3);
    int snapshots = 0;
    try (KafkaConsumer<String, ProgressSnapshot> consumer = progressConsumer(config, topics);
        KafkaProducer<String, UploadJob> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                topics.jobs().keySerde().serializer(),
                topics.jobs().valueSerde().serializer())) {
      long start = System.nanoTime();
      producer.send(new ProducerRecord<>(topics.jobs().name(), uploadId, job));
      producer.flush();
      long deadline = start + UPLOAD_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, ProgressSnapshot> record : consumer.poll(Duration.ofMillis(20))) {
          ProgressSnapshot snapshot = record.value();
          if (!uploadId.equals(record.key())) {
            continue;
          }
          snapshots++;
          long micros = Duration.between(snapshot.updatedAt(), Instant.now()).toNanos() / 1000;
          latency.recordValue(Math.max(0, micros));
          if (snapshot.status().isTerminal()) {
            if (snapshot.status() != UploadStatus.COMPLETED) {
              throw new IllegalStateException("upload failed: " + snapshot.error());
            }
            return new Run((System.nanoTime() - start) / 1e9, latency, snapshots);
          }
        }
      }
      throw new IllegalStateException("no completed snapshot within " + UPLOAD_TIMEOUT);
    }
  }

  private static KafkaConsumer<String, ProgressSnapshot> progressConsumer(LocalStackConfig config, Topics topics) {
    KafkaConsumer<String, ProgressSnapshot> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            topics.progress().keySerde().deserializer(),
            topics.progress().valueSerde().deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topics.progress().name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  /**
   * CPU time (user + system) the process has used so far, from {@code /proc/<pid>/stat}: unlike wall time, it does
   * not depend on what else the machine runs.
   */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime), counted after the command name: indexes 11 and 12.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
  }

  /** The process's peak resident set size (VmHWM), in KiB. */
  private static long peakRssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
