package org.uploadpipeline.processor.app;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import org.uploadpipeline.processor.ingest.ChunkingSettings;
import org.uploadpipeline.protocol.Topics;

/**
 * The processor's settings (prefix {@code processor}), validated at start-up so a bad value fails fast.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code KAFKA_BOOTSTRAP_SERVERS})
 * @param applicationId Kafka Streams application id: instances with the same id share the work
 * @param stateDir where Kafka Streams keeps its local state ({@code PROCESSOR_STATE_DIR})
 * @param instanceId a stable name for this instance ({@code PROCESSOR_INSTANCE_ID}, e.g. the pod name), or blank.
 *     When set, the instance is a static group member: restarted with the same name (and state directory), it takes
 *     its tasks back at once instead of waiting for the group to notice the old member is gone
 * @param topics contract topic names ({@code TOPIC_JOBS}, {@code TOPIC_PROGRESS}, {@code TOPIC_AGGREGATES},
 *     {@code TOPIC_JOBS_DLQ})
 * @param topicPartitions partitions of contract topics the processor creates when they are missing
 * @param allowedFileRoots directories whose files {@code file://} sources may name ({@code UPLOAD_STORAGE_DIR})
 * @param chunkRows data rows per chunk at most
 * @param maxChunkChars characters of mapped values per chunk at most
 * @param maxFieldChars longest value a mapped column may hold; longer makes the row invalid
 * @param readInterval how often the chunker starts a reading round
 * @param readBudget how long one reading round may take
 * @param maxChunksPerRound chunks one upload may emit per round, so concurrent uploads take turns
 * @param progressInterval least time between two progress snapshots of one upload within a status
 * @param commitInterval Kafka Streams commit interval: how soon results become visible to read-committed readers
 * @param streamThreads Kafka Streams threads in this instance
 */
@Validated
@ConfigurationProperties("processor")
public record ProcessorProperties(
    @NotBlank String bootstrapServers,
    @NotBlank String applicationId,
    @NotNull Path stateDir,
    String instanceId,
    @Valid @NotNull TopicNames topics,
    @Min(1) int topicPartitions,
    @NotEmpty List<Path> allowedFileRoots,
    @Min(1) int chunkRows,
    @Min(1024) long maxChunkChars,
    @Min(16) int maxFieldChars,
    @NotNull Duration readInterval,
    @NotNull Duration readBudget,
    @Min(1) int maxChunksPerRound,
    @NotNull Duration progressInterval,
    @NotNull Duration commitInterval,
    @Min(1) int streamThreads) {

  /** Contract topic names, each overridable. */
  public record TopicNames(
      @NotBlank String jobs, @NotBlank String progress, @NotBlank String aggregates, @NotBlank String jobsDlq) {

    public Topics toTopics() {
      return Topics.named(jobs, progress, aggregates, jobsDlq);
    }
  }

  public ChunkingSettings chunking() {
    return new ChunkingSettings(
        chunkRows, maxChunkChars, maxFieldChars, readInterval, readBudget, maxChunksPerRound);
  }
}
