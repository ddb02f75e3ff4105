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
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import org.uploadpipeline.processor.ingest.ChunkingSettings;
import org.uploadpipeline.processor.ingest.RemoteSourceSettings;
import org.uploadpipeline.processor.track.TrackerSettings;
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
 *     {@code TOPIC_JOBS_DLQ}, {@code TOPIC_COMMANDS})
 * @param topicPartitions partitions of contract topics the processor creates when they are missing (all alike, so
 *     {@code uploads.commands} is co-partitioned with {@code uploads.jobs})
 * @param allowedFileRoots directories whose files {@code file://} sources may name ({@code UPLOAD_STORAGE_DIR})
 * @param chunkRows data rows per chunk at most
 * @param maxChunkChars characters of mapped values per chunk at most
 * @param maxFieldChars longest value a mapped column may hold; longer makes the row invalid
 * @param maxRecordChars characters one CSV record may hold (quoted line breaks included); longer fails the upload,
 *     before the record is built in memory
 * @param maxColumns fields one CSV record may have; more fails the upload
 * @param maxFileSize largest file the processor reads, whatever its source; larger fails the upload
 * @param maxJobSize largest job record; a larger one is dead-lettered
 * @param maxAggregateKeys distinct days, months and products one upload may have; more fails the upload
 * @param aggregateBatch aggregate rows published per step when an upload completes
 * @param httpSources whether and how {@code http(s)://} sources are fetched
 * @param readInterval how often the chunker starts a reading round
 * @param readBudget how long one reading round may take
 * @param maxChunksPerRound chunks one upload may emit per round, so concurrent uploads take turns
 * @param progressInterval least time between two progress snapshots of one upload within a status
 * @param paceWindow the recent window a snapshot's pace ({@code rowsPerSecond}) and estimate ({@code etaSeconds}) are
 *     measured over
 * @param commitInterval Kafka Streams commit interval: how soon results become visible to read-committed readers
 * @param pollInterval longest an idle stream thread waits in poll before its punctuators (the reading rounds, the
 *     tracker's throttled progress) run: bounds what each step adds to a small upload's way
 * @param bufferedRecordsPerPartition records a stream thread holds of one input partition before it stops fetching it
 *     (Kafka Streams' {@code buffered.records.per.partition}). A thread polls again only once it has processed all it
 *     holds, so with {@code maxPollRecords} this bounds how long a new record (a cancel, another tenant's job) waits
 *     behind a large upload's chunks taken in before it
 * @param maxPollRecords records a stream thread takes in per poll (the main consumer's {@code max.poll.records})
 * @param streamThreads Kafka Streams threads in this instance
 * @param sessionTimeout how long the group waits for a silent instance before giving its tasks to the others (a
 *     static member that died is only replaced after it)
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
    @Min(1024) long maxRecordChars,
    @Min(4) int maxColumns,
    @NotNull DataSize maxFileSize,
    @NotNull DataSize maxJobSize,
    @Min(3) long maxAggregateKeys,
    @Min(1) int aggregateBatch,
    @Valid @NotNull HttpSources httpSources,
    @NotNull Duration readInterval,
    @NotNull Duration readBudget,
    @Min(1) int maxChunksPerRound,
    @NotNull Duration progressInterval,
    @NotNull Duration paceWindow,
    @NotNull Duration commitInterval,
    @NotNull Duration pollInterval,
    @Min(1) int bufferedRecordsPerPartition,
    @Min(1) int maxPollRecords,
    @Min(1) int streamThreads,
    @NotNull Duration sessionTimeout) {

  /** Contract topic names, each overridable. */
  public record TopicNames(
      @NotBlank String jobs,
      @NotBlank String progress,
      @NotBlank String aggregates,
      @NotBlank String jobsDlq,
      @NotBlank String commands) {

    public Topics toTopics() {
      return Topics.named(jobs, progress, aggregates, jobsDlq, commands);
    }
  }

  /**
   * Remote sources: off unless {@code enabled}; then only from {@code allowedHosts}, never from a loopback,
   * link-local, private or multicast address (checked on every connection, redirects included).
   *
   * @param enabled whether jobs may name {@code http(s)://} sources ({@code PROCESSOR_HTTP_SOURCES_ENABLED})
   * @param allowedHosts host names jobs may fetch from ({@code PROCESSOR_HTTP_SOURCES_ALLOWED_HOSTS}, comma-separated)
   * @param maxSize largest body fetched
   * @param connectTimeout how long a connection may take
   * @param readTimeout how long the server may stay silent
   * @param deadline how long the whole body may take
   * @param maxRedirects redirects followed, each checked like the first request
   */
  public record HttpSources(
      boolean enabled,
      @NotNull List<String> allowedHosts,
      @NotNull DataSize maxSize,
      @NotNull Duration connectTimeout,
      @NotNull Duration readTimeout,
      @NotNull Duration deadline,
      @Min(0) int maxRedirects) {}

  public ChunkingSettings chunking() {
    return new ChunkingSettings(
        chunkRows,
        maxChunkChars,
        maxFieldChars,
        maxRecordChars,
        maxColumns,
        maxFileSize.toBytes(),
        Math.toIntExact(maxJobSize.toBytes()),
        readInterval,
        readBudget,
        maxChunksPerRound);
  }

  public TrackerSettings tracking() {
    return new TrackerSettings(progressInterval, maxAggregateKeys, aggregateBatch, paceWindow);
  }

  public RemoteSourceSettings remoteSources() {
    return new RemoteSourceSettings(
        httpSources.enabled(),
        httpSources.allowedHosts(),
        httpSources.maxSize().toBytes(),
        httpSources.connectTimeout(),
        httpSources.readTimeout(),
        httpSources.deadline(),
        httpSources.maxRedirects(),
        stateDir.resolve("remote-sources"));
  }
}
