package org.uploadpipeline.processor.topology;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.awaitility.Awaitility;
import org.uploadpipeline.processor.ingest.ChunkerMetrics;
import org.uploadpipeline.processor.ingest.ChunkingSettings;
import org.uploadpipeline.processor.ingest.RemoteSourceSettings;
import org.uploadpipeline.processor.ingest.SourceOpener;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.processor.track.TrackerMetrics;
import org.uploadpipeline.processor.track.TrackerSettings;
import org.uploadpipeline.protocol.AggregateRow;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadJob;

/** The processor topology in a {@link TopologyTestDriver}, with small chunks so small files span several. */
final class TopologyHarness implements AutoCloseable {

  static final ChunkingSettings SMALL_CHUNKS =
      new ChunkingSettings(
          2, 1 << 20, 4096, 2 << 20, 1000, 10L << 20, 512 * 1024, Duration.ofMillis(10), Duration.ofSeconds(1), 2);
  static final TrackerSettings TRACKING = new TrackerSettings(Duration.ofMillis(100), 1_000, 3, Duration.ofSeconds(10));

  private static final String APPLICATION_ID = "topology-test";

  private final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> jobs;
  private final TestInputTopic<String, byte[]> commands;
  private final TestOutputTopic<String, ProgressSnapshot> progress;
  private final TestOutputTopic<String, AggregateRow> aggregates;
  private final TestOutputTopic<String, byte[]> deadLetters;
  private final TestOutputTopic<String, byte[]> chunks;
  private final TestInputTopic<String, UploadEvent> trackerInput;
  private final SourceOpener opener;

  TopologyHarness(Path stateDir, Path fileRoot) {
    this(stateDir, new SourceOpener(List.of(fileRoot), RemoteSourceSettings.disabled(stateDir)), TrackerMetrics.NONE);
  }

  TopologyHarness(Path stateDir, SourceOpener opener, TrackerMetrics metrics) {
    this(stateDir, opener, ChunkerMetrics.NONE, metrics);
  }

  TopologyHarness(Path stateDir, SourceOpener opener, ChunkerMetrics chunkerMetrics, TrackerMetrics metrics) {
    this.opener = opener;
    Topics topics = Topics.defaults();
    Topology topology = UploadTopology.build(topics, SMALL_CHUNKS, opener, chunkerMetrics, TRACKING, metrics);
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, config);
    jobs = driver.createInputTopic(topics.jobs().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    commands = driver.createInputTopic(
        topics.commands().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    progress =
        driver.createOutputTopic(
            topics.progress().name(), Serdes.String().deserializer(), JsonSerde.of(ProgressSnapshot.class));
    aggregates =
        driver.createOutputTopic(
            topics.aggregates().name(), Serdes.String().deserializer(), JsonSerde.of(AggregateRow.class));
    deadLetters =
        driver.createOutputTopic(
            topics.jobsDeadLetter().name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    // What the chunker emitted for validation: the driver keeps what internal topics carried, too.
    chunks = driver.createOutputTopic(
        APPLICATION_ID + "-" + UploadTopology.CHUNKS_TOPIC + "-repartition",
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    // The tracker's input topic, to feed it events in orders the chunker alone would not produce.
    trackerInput =
        driver.createInputTopic(
            APPLICATION_ID + "-" + UploadTopology.EVENTS_TOPIC + "-repartition",
            Serdes.String().serializer(),
            JsonSerde.of(UploadEvent.class));
  }

  /** Keys ({@code <uploadId>/<index>}) of the chunks the chunker emitted since the last call. */
  List<String> chunkKeys() {
    return chunks.readKeyValuesToList().stream().map(kv -> kv.key).toList();
  }

  List<TestRecord<String, byte[]>> deadLetters() {
    return deadLetters.readRecordsToList();
  }

  /** Sends an event straight to the tracker, keyed by its upload id. */
  void track(UploadEvent event) {
    trackerInput.pipeInput(event.uploadId(), event);
  }

  void submit(UploadJob job) {
    jobs.pipeInput(job.uploadId(), JsonSerde.of(UploadJob.class).serialize("t", job));
  }

  /** Submits a job whose record carries a {@code traceparent} header, as the gateway's API writes it. */
  void submitTraced(UploadJob job, String traceparent) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(TraceParent.HEADER, traceparent.getBytes(StandardCharsets.US_ASCII));
    jobs.pipeInput(new TestRecord<>(job.uploadId(), JsonSerde.of(UploadJob.class).serialize("t", job), headers));
  }

  /** Every snapshot record with its headers. */
  List<TestRecord<String, ProgressSnapshot>> snapshotRecords() {
    return progress.readRecordsToList();
  }

  /** Every aggregate record with its headers. */
  List<TestRecord<String, AggregateRow>> aggregateRecords() {
    return aggregates.readRecordsToList();
  }

  void submitRaw(String key, String json) {
    jobs.pipeInput(key, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a command to {@code uploads.commands}, keyed by its upload id, as any Kafka client would. */
  void command(UploadCommand command) {
    commands.pipeInput(command.uploadId(), JsonSerde.of(UploadCommand.class).serialize("t", command));
  }

  void commandRaw(String key, String json) {
    commands.pipeInput(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  /** One reading round of the chunker (the harness's rounds start every 10 ms), and everything it leads to. */
  void runOneReadingRound() {
    driver.advanceWallClockTime(SMALL_CHUNKS.readInterval());
  }

  /** Lets the chunker's wall-clock reading rounds run until small files are read through. */
  void runChunker() {
    for (int i = 0; i < 20; i++) {
      driver.advanceWallClockTime(Duration.ofMillis(100));
    }
  }

  /** Runs reading rounds until a snapshot of a finished upload comes out (remote sources are fetched meanwhile). */
  List<ProgressSnapshot> runUntilFinished() {
    List<ProgressSnapshot> all = new ArrayList<>();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
      driver.advanceWallClockTime(Duration.ofMillis(100));
      all.addAll(snapshots());
      return !all.isEmpty() && all.get(all.size() - 1).status().isTerminal();
    });
    return all;
  }

  List<ProgressSnapshot> snapshots() {
    return progress.readValuesToList();
  }

  /** Submits the job, reads it through, and returns the last snapshot. */
  ProgressSnapshot run(UploadJob job) {
    submit(job);
    runChunker();
    List<ProgressSnapshot> all = snapshots();
    return all.get(all.size() - 1);
  }

  Map<String, AggregateRow> aggregatesByKey() {
    return aggregates.readKeyValuesToMap();
  }

  boolean noAggregates() {
    return aggregates.isEmpty();
  }

  @Override
  public void close() {
    driver.close();
    try {
      opener.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
