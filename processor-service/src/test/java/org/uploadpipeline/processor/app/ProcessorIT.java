package org.uploadpipeline.processor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadStatus;
import org.uploadpipeline.testkit.TestKafka;
import org.uploadpipeline.testkit.TestRecords;
import org.uploadpipeline.testkit.TestTopics;

/** The processor application against a real broker: it creates its topics and turns jobs into snapshots. */
@SpringBootTest
class ProcessorIT {

  private static final Topics TOPICS = TestTopics.uniqueContractTopics("processor-it");
  private static final Path STORAGE = createStorage();

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("processor.bootstrap-servers", TestKafka::bootstrapServers);
    registry.add("processor.application-id", () -> TestTopics.uniqueName("processor-it"));
    registry.add("processor.state-dir", () -> STORAGE.resolve("state").toString());
    registry.add("processor.allowed-file-roots", STORAGE::toString);
    registry.add("processor.topics.jobs", () -> TOPICS.jobs().name());
    registry.add("processor.topics.progress", () -> TOPICS.progress().name());
    registry.add("processor.topics.aggregates", () -> TOPICS.aggregates().name());
    registry.add("processor.topics.jobs-dlq", () -> TOPICS.jobsDeadLetter().name());
    registry.add("processor.chunk-rows", () -> 100);
  }

  @Test
  void createsTheProgressTopicCompactedAndTheAggregatesTopicCompacted() {
    assertThat(TestTopics.describeConfig(TOPICS.progress().name()))
        .containsEntry("cleanup.policy", "compact,delete");
    assertThat(TestTopics.describeConfig(TOPICS.aggregates().name())).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void fileJobFromAPlainProducerEndsCompletedWithEveryRowCounted() throws IOException {
    Path csv = STORAGE.resolve("big.csv");
    String rows =
        IntStream.range(0, 1_000)
            .mapToObj(i -> "2026-11-%02d,P%d,1,2.50".formatted(1 + i % 28, i % 7))
            .collect(Collectors.joining("\n"));
    Files.writeString(csv, "fecha,producto,cantidad,total\n" + rows + "\n");
    UploadJob job = Jobs.file("it-file-1", csv.toUri().toString());

    TestRecords.produce(TOPICS.jobs(), job.uploadId(), job);

    List<ConsumerRecord<String, ProgressSnapshot>> records =
        TestRecords.consumeUntil(TOPICS.progress(), ProcessorIT::hasTerminal, Duration.ofSeconds(60));
    List<ProgressSnapshot> snapshots =
        records.stream().map(ConsumerRecord::value).filter(s -> s.uploadId().equals("it-file-1")).toList();
    ProgressSnapshot last = snapshots.get(snapshots.size() - 1);
    assertThat(last.status()).isEqualTo(UploadStatus.COMPLETED);
    assertThat(last.results().processedRows()).isEqualTo(1_000);
    assertThat(last.results().validRows()).isEqualTo(1_000);
    assertThat(snapshots).extracting(ProgressSnapshot::seq).isSorted().doesNotHaveDuplicates();
    assertThat(snapshots).extracting(ProgressSnapshot::percent).isSorted();
    assertThat(snapshots)
        .filteredOn(s -> s.status() == UploadStatus.PROCESSING)
        .extracting(ProgressSnapshot::rowsProcessed)
        .isSorted();

    List<ConsumerRecord<String, AggregateRow>> aggregates =
        TestRecords.consumeUntil(
            TOPICS.aggregates(), r -> r.stream().anyMatch(a -> a.key().equals("it-file-1/product/P0")),
            Duration.ofSeconds(30));
    assertThat(aggregates)
        .filteredOn(a -> a.value().kind().equals("product"))
        .extracting(a -> a.value().transactions())
        .contains(143L, 143L, 143L, 143L, 143L, 143L, 142L);
  }

  private static boolean hasTerminal(List<ConsumerRecord<String, ProgressSnapshot>> records) {
    return records.stream()
        .anyMatch(r -> r.value().uploadId().equals("it-file-1") && r.value().status().isTerminal());
  }

  private static Path createStorage() {
    try {
      return Files.createTempDirectory("processor-it");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
