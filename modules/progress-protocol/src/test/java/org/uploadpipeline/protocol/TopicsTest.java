package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void defaultsAreTheContractNames() {
    assertThat(Topics.defaults().all())
        .extracting(Topic::name)
        .containsExactly(
            "uploads.jobs", "uploads.progress", "uploads.aggregates", "uploads.jobs.dlq", "uploads.commands");
  }

  @Test
  void progressIsCompactedWithTimeRetentionAndAggregatesAreCompacted() {
    Topics topics = Topics.defaults();

    assertThat(topics.progress().configs())
        .containsEntry("cleanup.policy", "compact,delete")
        .containsEntry("retention.ms", "604800000");
    assertThat(topics.aggregates().configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void commandsAreDeletedByTimeLikeJobsAndReadAsUploadCommands() {
    Topics topics = Topics.defaults();

    assertThat(topics.commands().configs())
        .isEqualTo(topics.jobs().configs())
        .containsEntry("cleanup.policy", "delete");
    UploadCommand read = topics.commands().valueSerde().deserializer().deserialize("t",
        ("{\"type\":\"cancel\",\"uploadId\":\"u1\",\"tenantId\":\"acme\",\"requestedBy\":\"user-42\","
            + "\"requestedAt\":\"2026-11-28T12:00:00Z\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(read).isEqualTo(
        new UploadCommand.Cancel("u1", "acme", "user-42", java.time.Instant.parse("2026-11-28T12:00:00Z")));
  }

  @Test
  void renamedTopicsKeepTheirConfigsAndSerdes() {
    Topics topics = Topics.named("a.jobs", "a.progress", "a.aggregates", "a.dlq", "a.commands");

    NewTopic declaration = topics.progress().newTopic(3, (short) 1);

    assertThat(declaration.name()).isEqualTo("a.progress");
    assertThat(declaration.numPartitions()).isEqualTo(3);
    assertThat(declaration.configs()).containsEntry("cleanup.policy", "compact,delete");
    assertThat(topics.progress().valueSerde()).isInstanceOf(JsonSerde.class);
  }
}
