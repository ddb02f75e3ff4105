package org.uploadpipeline.processor.topology;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.uploadpipeline.processor.ingest.ChunkerInput;
import org.uploadpipeline.processor.ingest.ChunkerMetrics;
import org.uploadpipeline.processor.ingest.ChunkerOutput;
import org.uploadpipeline.processor.ingest.ChunkerProcessor;
import org.uploadpipeline.processor.ingest.ChunkingSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.processor.model.UploadTracing;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.processor.track.TrackerOutput;
import org.uploadpipeline.processor.track.TrackerSettings;
import org.uploadpipeline.processor.track.UploadTracker;
import org.uploadpipeline.processor.validate.ChunkValidation;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;

/**
 * The processor's topology, as a pure function of its settings:
 *
 * <pre>
 * uploads.jobs ─────┐
 *                   ├─► chunk-files ─┬─ refused jobs ──────────────────────────────────────► uploads.jobs.dlq
 * uploads.commands ─┘                ├─ chunks ─► upload-chunks (by upload/index) ─► validate-chunks ─┐
 *                                    ├─ control events (accepted, header checked, read finished,     │
 *                                    │  failed) ─────────────────────────────────────────────────────┤
 *                                    │              upload-events (by upload id) ◄───────────────────┘
 *                                    └─ cancels ─► upload-cancels (by upload id) ─┐        │
 *                                                                    track-uploads ◄───────┘
 *                                                                          ├─► uploads.progress
 *                                                                          └─► uploads.aggregates
 * </pre>
 *
 * <p>{@code uploads.commands} is read in the chunker's sub-topology (it is co-partitioned with {@code uploads.jobs}),
 * so a cancel reaches the very task that reads its upload and stops it between two reading rounds. A large upload's
 * chunks are read far ahead of their validation and tracking, so the tracker's input holds seconds of its chunks: a
 * cancel behind them would wait that long. It goes to the tracker on a topic of its own instead, stamped with the
 * earliest time there is ({@link #COMMANDS_FIRST} does the same for the command itself), and a task takes the
 * earliest record of its partitions first: the tracker sees the cancel as soon as it is polled, and the chunks still
 * queued change nothing after it. Both internal topics are keyed by upload id and derive their partition count from
 * the same sources, so an upload's events and cancels reach the same tracker task.
 *
 * <p>Every node, store and internal topic is named, so their names stay stable across releases. The chunker and the
 * tracker emit sealed output types; each kind leaves them through a type test of its own ({@code only-...}) that
 * passes it on as its payload's type, so no kind is recovered by a cast.
 */
public final class UploadTopology {

  /** Internal topic of chunks to validate, keyed {@code <uploadId>/<index>}. */
  public static final String CHUNKS_TOPIC = "upload-chunks";
  /** Internal topic of everything the tracker folds but cancels, keyed by upload id. */
  public static final String EVENTS_TOPIC = "upload-events";
  /** Internal topic of the cancels the chunker passes on, keyed by upload id, read by the tracker beside the events. */
  public static final String CANCELS_TOPIC = "upload-cancels";

  /**
   * Commands are about now. A task takes the record with the earliest timestamp first across its partitions, and the
   * chunker's task also validates chunks: stamped with its send time, a cancel would wait behind every chunk read
   * before it was sent. Stamped with the earliest time there is, it is taken as soon as it is polled. Nothing here
   * windows by time, and what the chunker forwards for it carries the chunker's own clock.
   */
  static final TimestampExtractor COMMANDS_FIRST = (record, partitionTime) -> 0L;

  private UploadTopology() {}

  /**
   * @param topics the contract topics in use
   * @param chunking how files are read and cut
   * @param opener opens the files jobs point to
   * @param chunkerMetrics what the chunker counts
   * @param tracking how uploads are tracked and published
   * @param metrics what the tracker counts
   */
  public static Topology build(
      Topics topics, ChunkingSettings chunking, SourceOpener opener, ChunkerMetrics chunkerMetrics,
      TrackerSettings tracking, TrackerMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    define(builder, topics, chunking, opener, chunkerMetrics, tracking, metrics, UploadTracing.PASS_THROUGH);
    return builder.build();
  }

  /**
   * Adds the pipeline to {@code builder} (the service's comes from spring-kafka's factory bean).
   *
   * @param tracing each upload's trace: its acceptance and its end ({@link UploadTracing#PASS_THROUGH} in tests)
   */
  public static void define(
      StreamsBuilder builder, Topics topics, ChunkingSettings chunking, SourceOpener opener,
      ChunkerMetrics chunkerMetrics, TrackerSettings tracking, TrackerMetrics metrics, UploadTracing tracing) {
    JsonSerde<UploadEvent> eventSerde = JsonSerde.of(UploadEvent.class);
    builder.addStateStore(ChunkerProcessor.cursorStore());
    UploadTracker.stores().forEach(builder::addStateStore);

    // Both read as bytes: the chunker refuses what is not a job or a command, with the reason.
    KStream<String, ChunkerInput> jobs =
        builder.stream(topics.jobs().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-jobs"))
            .<ChunkerInput>mapValues(ChunkerInput.Job::new, Named.as("as-jobs"));
    KStream<String, ChunkerInput> commands =
        builder.stream(
                topics.commands().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray())
                    .withTimestampExtractor(COMMANDS_FIRST)
                    .withName("read-commands"))
            .<ChunkerInput>mapValues(ChunkerInput.Command::new, Named.as("as-commands"));
    KStream<String, ChunkerOutput> chunkerOutputs =
        jobs.merge(commands, Named.as("merge-jobs-and-commands"))
            .process(
                () -> new ChunkerProcessor(chunking, opener, chunkerMetrics, tracing),
                Named.as("chunk-files"),
                ChunkerProcessor.CURSOR_STORE);

    chunkerOutputs
        .flatMapValues(UploadTopology::deadLetters, Named.as("only-dead-letters"))
        .to(
            topics.jobsDeadLetter().name(),
            Produced.with(topics.jobsDeadLetter().keySerde(), topics.jobsDeadLetter().valueSerde())
                .withName("write-dead-letters"));

    // An accepted upload's first snapshot leaves with the job's own transaction, not after two repartitions.
    chunkerOutputs
        .flatMapValues(UploadTopology::pending, Named.as("only-pending"))
        .to(
            topics.progress().name(),
            Produced.with(topics.progress().keySerde(), topics.progress().valueSerde())
                .withName("write-pending"));

    KStream<String, UploadEvent> events =
        chunkerOutputs.flatMapValues(UploadTopology::events, Named.as("only-events"));
    // Chunks are keyed <uploadId>/<index>: validating them spreads one upload over every partition and instance.
    KStream<String, UploadEvent> validatedChunks =
        events
            .filter((key, event) -> event instanceof UploadEvent.ChunkRead, Named.as("only-chunks"))
            .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(CHUNKS_TOPIC))
            .mapValues(ChunkValidation::process, Named.as("validate-chunks"))
            .selectKey((key, event) -> event.uploadId(), Named.as("key-by-upload"));
    KStream<String, UploadEvent> cancels =
        events
            .filter((key, event) -> event instanceof UploadEvent.Cancelled, Named.as("only-cancels"))
            .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(CANCELS_TOPIC));
    KStream<String, UploadEvent> control =
        events.filterNot(
            (key, event) -> event instanceof UploadEvent.ChunkRead || event instanceof UploadEvent.Cancelled,
            Named.as("only-control"));

    KStream<String, TrackerOutput> trackerOutputs =
        control
            .merge(validatedChunks, Named.as("merge-events"))
            .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(EVENTS_TOPIC))
            .merge(cancels, Named.as("merge-cancels"))
            .process(
                () -> new UploadTracker(tracking, metrics, tracing),
                Named.as("track-uploads"),
                UploadTracker.STATE_STORE,
                UploadTracker.AGGREGATE_STORE,
                UploadTracker.FLUSH_STORE);

    trackerOutputs
        .flatMapValues(UploadTopology::snapshots, Named.as("only-snapshots"))
        .to(
            topics.progress().name(),
            Produced.with(topics.progress().keySerde(), topics.progress().valueSerde())
                .withName("write-progress"));
    trackerOutputs
        .flatMapValues(UploadTopology::aggregates, Named.as("only-aggregates"))
        .to(
            topics.aggregates().name(),
            Produced.with(topics.aggregates().keySerde(), topics.aggregates().valueSerde())
                .withName("write-aggregates"));
  }

  private static List<byte[]> deadLetters(ChunkerOutput output) {
    return output instanceof ChunkerOutput.DeadLetter deadLetter ? List.of(deadLetter.value()) : List.of();
  }

  private static List<ProgressSnapshot> pending(ChunkerOutput output) {
    return output instanceof ChunkerOutput.Pending pending ? List.of(pending.snapshot()) : List.of();
  }

  private static List<UploadEvent> events(ChunkerOutput output) {
    return output instanceof ChunkerOutput.Event event ? List.of(event.event()) : List.of();
  }

  private static List<ProgressSnapshot> snapshots(TrackerOutput output) {
    return output instanceof TrackerOutput.Progress progress ? List.of(progress.snapshot()) : List.of();
  }

  private static List<AggregateRow> aggregates(TrackerOutput output) {
    return output instanceof TrackerOutput.Aggregate aggregate ? List.of(aggregate.row()) : List.of();
  }
}
