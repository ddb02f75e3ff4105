package org.uploadpipeline.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The contract topics with their default names. Every name can be overridden by configuration; build the set in use
 * with {@link #named(String, String, String, String, String)}. No other class spells a topic name.
 *
 * @param jobs upload jobs, key upload id, deleted by time
 * @param progress the latest {@link ProgressSnapshot} per upload id: compacted, finished uploads expire by time
 * @param aggregates the {@link AggregateRow}s of each upload, key {@code <uploadId>/<kind>/<key>}: compacted
 * @param jobsDeadLetter job records that could not be read, as received, with the reason in headers
 * @param commands {@link UploadCommand}s (e.g. cancel), key upload id, deleted by time; create it with as many
 *     partitions as {@code jobs}, so a command reaches the processor task that reads its upload's job
 */
public record Topics(
    Topic<String, UploadJob> jobs,
    Topic<String, ProgressSnapshot> progress,
    Topic<String, AggregateRow> aggregates,
    Topic<String, byte[]> jobsDeadLetter,
    Topic<String, UploadCommand> commands) {

  public static final String DEFAULT_JOBS = "uploads.jobs";
  public static final String DEFAULT_PROGRESS = "uploads.progress";
  public static final String DEFAULT_AGGREGATES = "uploads.aggregates";
  public static final String DEFAULT_JOBS_DEAD_LETTER = "uploads.jobs.dlq";
  public static final String DEFAULT_COMMANDS = "uploads.commands";

  /** How long the state of a finished upload stays readable on {@code uploads.progress}. */
  public static final Duration PROGRESS_RETENTION = Duration.ofDays(7);

  /** Dead-letter header that carries the reason a job record was refused. */
  public static final String DEAD_LETTER_REASON_HEADER = "x-error-reason";

  public static Topics defaults() {
    return named(DEFAULT_JOBS, DEFAULT_PROGRESS, DEFAULT_AGGREGATES, DEFAULT_JOBS_DEAD_LETTER, DEFAULT_COMMANDS);
  }

  public static Topics named(
      String jobs, String progress, String aggregates, String jobsDeadLetter, String commands) {
    return new Topics(
        new Topic<>(jobs, Serdes.String(), JsonSerde.of(UploadJob.class), deletedByTime()),
        new Topic<>(
            progress,
            Serdes.String(),
            JsonSerde.of(ProgressSnapshot.class),
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(PROGRESS_RETENTION.toMillis()))),
        new Topic<>(
            aggregates,
            Serdes.String(),
            JsonSerde.of(AggregateRow.class),
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
        new Topic<>(jobsDeadLetter, Serdes.String(), Serdes.ByteArray(), deletedByTime()),
        new Topic<>(commands, Serdes.String(), JsonSerde.of(UploadCommand.class), deletedByTime()));
  }

  public List<Topic<?, ?>> all() {
    return List.of(jobs, progress, aggregates, jobsDeadLetter, commands);
  }

  private static Map<String, String> deletedByTime() {
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
  }
}
