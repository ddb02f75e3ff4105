package org.uploadpipeline.processor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uploadpipeline.processor.Jobs;
import org.uploadpipeline.processor.model.PendingSnapshot;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.UploadJob;

/** The chunker alone, in a {@link MockProcessorContext}: its typed outputs, their keys, and time from the context. */
class ChunkerProcessorTest {

  private static final ChunkingSettings TWO_ROW_CHUNKS =
      new ChunkingSettings(
          2, 1 << 20, 4096, 2 << 20, 1000, 10L << 20, 512 * 1024, Duration.ofMillis(10), Duration.ofSeconds(1), 2);
  private static final String CSV =
      """
      fecha,producto,cantidad,total
      2026-11-05,Café,2,12.10
      2026-11-05,Té,1,3.05
      2026-11-06,Café,1,6.05
      """;

  @TempDir Path dir;
  private MockProcessorContext<String, ChunkerOutput> context;
  private SourceOpener opener;
  private ChunkerProcessor chunker;

  @BeforeEach
  void start() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "chunker-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(config, new TaskId(0, 0), dir.resolve("state").toFile());
    StateStore cursors = ChunkerProcessor.cursorStore().withLoggingDisabled().build();
    cursors.init(context.getStateStoreContext(), cursors);
    context.addStateStore(cursors);
    opener = new SourceOpener(List.of(dir), RemoteSourceSettings.disabled(dir));
    chunker = new ChunkerProcessor(TWO_ROW_CHUNKS, opener, ChunkerMetrics.NONE);
    chunker.init(context);
  }

  @AfterEach
  void stop() throws Exception {
    chunker.close();
    context.getStateStore(ChunkerProcessor.CURSOR_STORE).close();
    opener.close();
  }

  @Test
  void refusedJobRecordComesOutAsADeadLetterWithItsBytesAsReceived() {
    context.setRecordMetadata("uploads.jobs", 3, 42);

    chunker.process(new Record<>("x", job("{not json".getBytes(StandardCharsets.UTF_8)), 7L));

    assertThat(context.forwarded()).singleElement().satisfies(forward -> {
      Record<? extends String, ? extends ChunkerOutput> record = forward.record();
      assertThat(record.key()).isEqualTo("x");
      assertThat(record.timestamp()).isEqualTo(7L);
      assertThat(record.value()).isInstanceOfSatisfying(ChunkerOutput.DeadLetter.class,
          dead -> assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json"));
      assertThat(new String(record.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(),
          StandardCharsets.UTF_8)).startsWith("job is not valid JSON");
    });
  }

  @Test
  void jobIsAcceptedWithItsPendingSnapshotAndACommitRequestThenItsChunksComeOutKeyedByIndex() {
    context.setCurrentSystemTimeMs(1_000);
    chunker.process(new Record<>("u1", job(JsonSerde.of(UploadJob.class).serialize("t", Jobs.inline("u1", CSV))), 5L));

    List<? extends CapturedForward<? extends String, ? extends ChunkerOutput>> accepted = context.forwarded();
    assertThat(accepted).hasSize(2).allSatisfy(forward -> assertThat(forward.record().key()).isEqualTo("u1"));
    assertThat(accepted.get(0).record().timestamp()).isEqualTo(5L);
    assertThat(event(accepted.get(0))).isEqualTo(new UploadEvent.Accepted("u1", "acme", Instant.ofEpochMilli(1_000)));
    assertThat(accepted.get(1).record().value()).isEqualTo(
        new ChunkerOutput.Pending(PendingSnapshot.of("u1", "acme", Instant.ofEpochMilli(1_000))));
    assertThat(context.committed()).as("the accept's transaction is committed at once").isTrue();

    context.resetForwards();
    context.setCurrentSystemTimeMs(2_000);
    // Rounds are time-boxed (the first after an accept is short): take as many as the file needs.
    List<CapturedForward<? extends String, ? extends ChunkerOutput>> read = new ArrayList<>();
    for (int round = 0; round < 5 && read.stream().noneMatch(f -> event(f) instanceof UploadEvent.ReadFinished);
        round++) {
      context.resetForwards();
      readingRound();
      read.addAll(context.forwarded());
    }

    assertThat(read).extracting(forward -> (String) forward.record().key())
        .containsExactly("u1", "u1/0", "u1/1", "u1");
    assertThat(read).extracting(forward -> forward.record().timestamp()).containsOnly(2_000L);
    long fileBytes = CSV.getBytes(StandardCharsets.UTF_8).length;
    assertThat(event(read.get(0))).isEqualTo(new UploadEvent.HeaderChecked("u1", "acme", fileBytes));
    assertThat(event(read.get(1))).isInstanceOfSatisfying(UploadEvent.ChunkRead.class,
        chunk -> assertThat(chunk.chunk().rows()).hasSize(2));
    assertThat(event(read.get(2))).isInstanceOfSatisfying(UploadEvent.ChunkRead.class,
        chunk -> assertThat(chunk.chunk().rows()).hasSize(1));
    assertThat(event(read.get(3))).isEqualTo(new UploadEvent.ReadFinished("u1", "acme", 2));
  }

  @Test
  void cancelTakesTheUploadOutOfTheReadingRoundsAtOnceAndTellsTheTrackerWithACommitRequest() {
    String csv = "fecha,producto,cantidad,total\n" + "2026-11-05,Café,2,12.10\n".repeat(20);
    context.setCurrentSystemTimeMs(1_000);
    chunker.process(new Record<>("u1", job(JsonSerde.of(UploadJob.class).serialize("t", Jobs.inline("u1", csv))), 5L));
    readingRound();
    assertThat(context.forwarded()).anySatisfy(f -> assertThat(event(f)).isInstanceOf(UploadEvent.ChunkRead.class));
    context.resetForwards();
    context.resetCommit();

    Instant asked = Instant.parse("2026-11-28T12:00:00Z");
    byte[] cancel = JsonSerde.of(UploadCommand.class).serialize("t",
        new UploadCommand.Cancel("u1", "acme", "user-7", asked));
    chunker.process(new Record<>("u1", new ChunkerInput.Command(cancel), 9L));

    assertThat(context.forwarded()).singleElement().satisfies(forward -> {
      assertThat(forward.record().key()).isEqualTo("u1");
      assertThat(forward.record().timestamp()).as("the earliest time: taken before queued chunks").isZero();
      assertThat(event(forward)).isEqualTo(new UploadEvent.Cancelled("u1", "acme", "user-7", asked));
    });
    assertThat(context.committed()).as("the cancel's transaction is committed at once").isTrue();

    context.resetForwards();
    for (int round = 0; round < 5; round++) {
      readingRound();
    }
    assertThat(context.forwarded()).as("nothing more is read of the cancelled upload").isEmpty();

    chunker.process(new Record<>("u1", new ChunkerInput.Command(cancel), 10L));
    assertThat(context.forwarded()).as("a second cancel: the upload has ended here").isEmpty();
  }

  private static ChunkerInput job(byte[] value) {
    return new ChunkerInput.Job(value);
  }

  private void readingRound() {
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
  }

  private static UploadEvent event(CapturedForward<? extends String, ? extends ChunkerOutput> forward) {
    ChunkerOutput output = forward.record().value();
    assertThat(output).isInstanceOf(ChunkerOutput.Event.class);
    return output instanceof ChunkerOutput.Event event ? event.event() : null;
  }
}
