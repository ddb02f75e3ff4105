package org.uploadpipeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadStatus;

class SharedBrokerIT {

  @Test
  void createsContractTopicsWithTheirConfigsOnARealBroker() {
    Topics topics = TestTopics.createContractTopics(TestTopics.uniqueContractTopics("configs"), 2);

    assertThat(TestTopics.describeConfig(topics.progress().name()))
        .containsEntry("cleanup.policy", "compact,delete")
        .containsEntry("retention.ms", "604800000");
    assertThat(TestTopics.describeConfig(topics.aggregates().name())).containsEntry("cleanup.policy", "compact");
    assertThat(TestTopics.describeConfig(topics.jobs().name())).containsEntry("cleanup.policy", "delete");
  }

  @Test
  void producedRecordsAreConsumedBackInOrder() {
    Topics topics = TestTopics.createContractTopics(TestTopics.uniqueContractTopics("roundtrip"), 1);
    for (long seq = 1; seq <= 3; seq++) {
      TestRecords.produce(topics.progress(), "u1", snapshot("u1", seq));
    }

    List<ConsumerRecord<String, ProgressSnapshot>> records =
        TestRecords.consumeUntil(topics.progress(), r -> r.size() >= 3, Duration.ofSeconds(30));

    assertThat(records).extracting(r -> r.value().seq()).containsExactly(1L, 2L, 3L);
  }

  private static ProgressSnapshot snapshot(String uploadId, long seq) {
    return new ProgressSnapshot(
        uploadId, "acme", seq, UploadStatus.PROCESSING, "processing", seq, "Processing rows...", seq, null, null,
        null, java.time.Instant.now(), java.time.Instant.now(), 0.0, null);
  }
}
