package org.uploadpipeline.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.SalesFile;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.TestKafka;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTopics;

/**
 * Nothing lost, nothing twice: the packaged processor, killed with SIGKILL in the middle of a multi-chunk upload
 * (chunker and validation both mid-file) and started again, ends with exactly the results and aggregates of an
 * undisturbed run, and a read-committed consumer never sees progress go backwards.
 */
class ProcessorCrashIT {

  private static final int ROWS = 40_000;
  private static final int INVALID_EVERY = 97;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopProcessors() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void processorKilledMidUploadEndsWithTheResultsOfAnUndisturbedRun() throws Exception {
    Topics topics = TestTopics.createContractTopics(TestTopics.uniqueContractTopics("crash"), 3);
    String applicationId = TestTopics.uniqueName("crash-processor");
    Path csv = dir.resolve("acme").resolve("sales.csv");
    SalesFile.write(csv, ROWS, INVALID_EVERY);
    UploadJob job = Jobs.file("crash-1", csv.toUri().toString());

    Process first = startProcessor(topics, applicationId, "first");
    TestRecords.produce(topics.jobs(), job.uploadId(), job);
    List<ConsumerRecord<String, ProgressSnapshot>> beforeKill =
        TestRecords.consumeUntil(
            topics.progress(), r -> !r.isEmpty() && last(r).rowsProcessed() >= ROWS / 5, TIMEOUT);
    first.destroyForcibly().waitFor();
    assertThat(last(beforeKill).status()).isEqualTo(UploadStatus.PROCESSING);

    startProcessor(topics, applicationId, "second");
    List<ProgressSnapshot> snapshots =
        TestRecords.consumeUntil(topics.progress(), r -> !r.isEmpty() && last(r).status().isTerminal(), TIMEOUT)
            .stream()
            .map(ConsumerRecord::value)
            .toList();

    ProgressSnapshot done = snapshots.get(snapshots.size() - 1);
    assertThat(done.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(done.results().processedRows()).isEqualTo(ROWS);
    assertThat(done.results().invalidRows()).isEqualTo(SalesFile.invalidRows(ROWS, INVALID_EVERY));
    assertThat(done.results().rowErrors()).hasSize(100).extracting(e -> e.line()).isSorted();
    assertThat(snapshots).extracting(ProgressSnapshot::seq).isSorted().doesNotHaveDuplicates();
    assertThat(snapshots).extracting(ProgressSnapshot::percent).isSorted();
    assertThat(snapshots).extracting(ProgressSnapshot::status).isSorted();
    assertThat(snapshots).extracting(ProgressSnapshot::rowsProcessed).isSorted();

    Map<String, SalesFile.Sums> expected = SalesFile.expectedAggregates("crash-1", ROWS, INVALID_EVERY);
    Map<String, SalesFile.Sums> actual = new TreeMap<>();
    TestRecords.consumeUntil(topics.aggregates(), r -> r.size() >= expected.size(), TIMEOUT)
        .forEach(r -> actual.put(r.key(), sums(r.value())));
    assertThat(actual).isEqualTo(expected);
  }

  /** The packaged processor as a process of its own, reading slowly enough to be killed mid-file. */
  private Process startProcessor(Topics topics, String applicationId, String name) throws IOException {
    String jar = System.getProperty("processor.jar");
    assertThat(Path.of(jar)).as("packaged processor (run by Failsafe after package)").isRegularFile();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar,
                "--processor.chunk-rows=200",
                "--processor.max-chunks-per-round=1",
                "--processor.read-interval=50ms")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "PROCESSOR_APPLICATION_ID", applicationId,
                // Same name and state directory after the crash: a restarted pod, as a StatefulSet would run it.
                "PROCESSOR_INSTANCE_ID", "crash-test",
                "PROCESSOR_STATE_DIR", dir.resolve("state").toString(),
                "UPLOAD_STORAGE_DIR", dir.toString(),
                "TOPIC_JOBS", topics.jobs().name(),
                "TOPIC_PROGRESS", topics.progress().name(),
                "TOPIC_AGGREGATES", topics.aggregates().name(),
                "TOPIC_JOBS_DLQ", topics.jobsDeadLetter().name(),
                "TOPIC_COMMANDS", topics.commands().name()));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static <V> V last(List<ConsumerRecord<String, V>> records) {
    return records.get(records.size() - 1).value();
  }

  private static SalesFile.Sums sums(AggregateRow row) {
    return new SalesFile.Sums(row.transactions(), row.quantity(), row.revenue());
  }
}
