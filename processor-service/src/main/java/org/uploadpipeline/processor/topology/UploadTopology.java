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
import org.uploadpipeline.processor.ingest.ChunkerOutput;
import org.uploadpipeline.processor.ingest.ChunkerProcessor;
import org.uploadpipeline.processor.ingest.ChunkingSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.model.UploadEvent;
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
 * uploads.jobs ─► chunk-files ─┬─ refused jobs ───────────────────────────────────────────► uploads.jobs.dlq
 *                              ├─ chunks ─► upload-chunks (by upload/index) ─► validate-chunks ─┐
 *                              └─ control events (accepted, header checked, read finished, failed) ─┤
 *                                                   upload-events (by upload id) ◄──────────────────┘
 *                                                        ─► track-uploads ─┬─► uploads.progress
 *                                                                          └─► uploads.aggregates
 * </pre>
 *
 * Every node, store and internal topic is named, so their names stay stable across releases. The chunker and the
 * tracker emit sealed output types; each kind leaves them through a type test of its own ({@code only-...}) that
 * passes it on as its payload's type, so no kind is recovered by a cast.
 */
public final class UploadTopology {

  /** Internal topic of chunks to validate, keyed {@code <uploadId>/<index>}. */
  public static final String CHUNKS_TOPIC = "upload-chunks";
  /** Internal topic of everything the tracker folds, keyed by upload id. */
  public static final String EVENTS_TOPIC = "upload-events";

  private UploadTopology() {}

  /**
   * @param topics the contract topics in use
   * @param chunking how files are read and cut
   * @param opener opens the files jobs point to
   * @param tracking how uploads are tracked and published
   * @param metrics what the tracker counts
   */
  public static Topology build(
      Topics topics, ChunkingSettings chunking, SourceOpener opener, TrackerSettings tracking,
      TrackerMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    define(builder, topics, chunking, opener, tracking, metrics);
    return builder.build();
  }

  /** Adds the pipeline to {@code builder} (the service's comes from spring-kafka's factory bean). */
  public static void define(
      StreamsBuilder builder, Topics topics, ChunkingSettings chunking, SourceOpener opener,
      TrackerSettings tracking, TrackerMetrics metrics) {
    JsonSerde<UploadEvent> eventSerde = JsonSerde.of(UploadEvent.class);
    builder.addStateStore(ChunkerProcessor.cursorStore());
    UploadTracker.stores().forEach(builder::addStateStore);

    KStream<String, ChunkerOutput> chunkerOutputs =
        builder.stream(
                topics.jobs().name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-jobs"))
            .process(
                () -> new ChunkerProcessor(chunking, opener),
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
    KStream<String, UploadEvent> control =
        events.filterNot((key, event) -> event instanceof UploadEvent.ChunkRead, Named.as("only-control"));

    KStream<String, TrackerOutput> trackerOutputs =
        control
            .merge(validatedChunks, Named.as("merge-events"))
            .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(EVENTS_TOPIC))
            .process(
                () -> new UploadTracker(tracking, metrics),
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
