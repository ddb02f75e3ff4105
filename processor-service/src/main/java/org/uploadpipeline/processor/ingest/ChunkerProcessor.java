package org.uploadpipeline.processor.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.processor.model.Chunk;
import org.uploadpipeline.processor.model.IgnoredCommand;
import org.uploadpipeline.processor.model.PendingSnapshot;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.processor.model.UploadTracing;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadId;
import org.uploadpipeline.protocol.UploadJob;

/**
 * Turns upload jobs into chunks of rows. A job only registers a cursor; the reading happens in short, time-boxed rounds
 * on a wall-clock punctuator, so a large file never keeps the stream thread from polling and committing, and each
 * committed transaction carries a few chunks together with the cursor that says how far they go.
 *
 * <p>It also reads {@code uploads.commands}, co-partitioned with the jobs, so the task that reads an upload is the one
 * its {@code cancel} reaches: the upload leaves the reading rounds at once (no round after the command reads any more
 * of it), its cursor is marked done in the same transaction, and a {@link UploadEvent.Cancelled} goes to the tracker
 * by the path of the other control events. A command record that is not a command, or names an upload unknown here
 * or another tenant's, is logged, counted and skipped: commands have no dead-letter topic, as nothing is lost by
 * skipping one (the sender sees the upload go on) and the reason is in the log.
 *
 * <p>Outputs {@link ChunkerOutput}s: events (chunks keyed {@code <uploadId>/<index>} so they spread over partitions,
 * everything else keyed by upload id) and dead letters for refused job records.
 */
public final class ChunkerProcessor implements Processor<String, ChunkerInput, String, ChunkerOutput> {

  /** Name of the store of {@link ChunkCursor}s. */
  public static final String CURSOR_STORE = "chunker-cursors";

  private static final Logger log = LoggerFactory.getLogger(ChunkerProcessor.class);
  static final String ORIGINAL_TOPIC_HEADER = "x-original-topic";
  static final String ORIGINAL_PARTITION_HEADER = "x-original-partition";
  static final String ORIGINAL_OFFSET_HEADER = "x-original-offset";

  private final ChunkingSettings settings;
  private final SourceOpener opener;
  private final ChunkerMetrics metrics;
  private final UploadTracing tracing;
  /** Uploads still being read, in arrival order (rebuilt from the store after a restart). */
  private final Set<String> active = new LinkedHashSet<>();
  /** A job was accepted since the last reading round: the next round is short, so its commit comes soon. */
  private boolean justAccepted;
  /** Open files by upload id: a cache, reopened and skipped forward from the cursor when missing. */
  private final Map<String, ChunkReader> readers = new HashMap<>();

  private ProcessorContext<String, ChunkerOutput> context;
  private KeyValueStore<String, ChunkCursor> cursors;

  /** The changelogged store of read cursors, one per upload. */
  public static StoreBuilder<?> cursorStore() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CURSOR_STORE), Serdes.String(), JsonSerde.of(ChunkCursor.class));
  }

  public ChunkerProcessor(ChunkingSettings settings, SourceOpener opener, ChunkerMetrics metrics) {
    this(settings, opener, metrics, UploadTracing.PASS_THROUGH);
  }

  /** @param tracing starts each accepted upload's trace (or continues its job's) */
  public ChunkerProcessor(
      ChunkingSettings settings, SourceOpener opener, ChunkerMetrics metrics, UploadTracing tracing) {
    this.settings = settings;
    this.opener = opener;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  @Override
  public void init(ProcessorContext<String, ChunkerOutput> context) {
    this.context = context;
    this.cursors = context.getStateStore(CURSOR_STORE);
    try (KeyValueIterator<String, ChunkCursor> all = cursors.all()) {
      all.forEachRemaining(kv -> {
        if (!kv.value.done()) {
          active.add(kv.key);
        }
      });
    }
    context.schedule(settings.readInterval(), PunctuationType.WALL_CLOCK_TIME, now -> readRound());
  }

  @Override
  public void process(Record<String, ChunkerInput> record) {
    ChunkerInput input = record.value();
    if (input instanceof ChunkerInput.Command command) {
      command(record.withValue(command.value()));
    } else if (input instanceof ChunkerInput.Job job) {
      job(record.withValue(job.value()));
    } else {
      job(record.withValue(null));
    }
  }

  private void job(Record<String, byte[]> record) {
    try {
      take(record);
    } catch (RuntimeException e) {
      // The last line for a job: whatever it held, it is refused with the reason, and the stream goes on.
      log.error("Dead-lettering job record with key {} after an unexpected error", record.key(), e);
      deadLetter(record, "unexpected " + e.getClass().getName() + " while reading the job: " + e.getMessage());
    }
  }

  private void command(Record<String, byte[]> record) {
    try {
      CommandParser.Parsed parsed = CommandParser.parse(record.key(), record.value());
      if (parsed.isValid()) {
        apply(parsed.command());
      } else {
        ignore(IgnoredCommand.MALFORMED, "Skipping command record with key {}: {}", quoted(record.key()),
            parsed.problem());
      }
    } catch (RuntimeException e) {
      // The last line for a command, as for a job: it is skipped with the reason, and the stream goes on.
      log.error("Skipping command record with key {} after an unexpected error", quoted(record.key()), e);
      metrics.commandIgnored(IgnoredCommand.MALFORMED);
    }
  }

  private void apply(UploadCommand command) {
    if (!(command instanceof UploadCommand.Cancel cancel)) {
      ignore(IgnoredCommand.MALFORMED, "Upload {}: skipping a command of type {} this version does not know",
          command.uploadId(), command.getClass().getSimpleName());
      return;
    }
    String uploadId = cancel.uploadId();
    ChunkCursor cursor = cursors.get(uploadId);
    if (cursor == null) {
      ignore(IgnoredCommand.UNKNOWN_UPLOAD, "Upload {}: ignoring a cancel by {}: no job for it was taken",
          uploadId, cancel.requestedBy());
      return;
    }
    if (!cancel.tenantId().equals(cursor.owner())) {
      ignore(IgnoredCommand.FOREIGN_TENANT, "Upload {}: ignoring a cancel by {} of tenant {}: it is another tenant's",
          uploadId, cancel.requestedBy(), quoted(cancel.tenantId()));
      return;
    }
    if (cursor.ended()) {
      ignore(IgnoredCommand.FINISHED, "Upload {}: ignoring a cancel by {}: the upload has ended already", uploadId,
          cancel.requestedBy());
      return;
    }
    if (!cursor.done()) {
      // Out of the reading rounds now: the next round, and every one after it, reads nothing more of this file.
      log.info("Upload {}: cancelled by {}; reading stopped after {} chunks", uploadId, cancel.requestedBy(),
          cursor.nextChunk());
    }
    // Read to the end already, the upload may still be open while its last chunks are counted: the tracker decides.
    stop(uploadId, cursor.stopped());
    // Stamped with the earliest time there is, on a topic of its own: the tracker's task takes it before the chunks
    // of the same upload still queued for it (UploadTopology.CANCELS_TOPIC).
    forward(new UploadEvent.Cancelled(uploadId, cursor.owner(), cancel.requestedBy(), cancel.requestedAt()), 0L,
        cursor.traceparent());
    context.commit();
  }

  private void ignore(IgnoredCommand reason, String message, Object... arguments) {
    log.warn(message, arguments);
    metrics.commandIgnored(reason);
  }

  @Override
  public void close() {
    readers.values().forEach(ChunkReader::close);
    readers.clear();
    // The task is closing (a rebalance may move it): fetches for its uploads are not needed here any more.
    active.forEach(opener::release);
  }

  private void take(Record<String, byte[]> record) {
    byte[] value = record.value();
    if (value != null && value.length > settings.maxJobBytes()) {
      deadLetter(record, "job record is " + value.length + " bytes, more than the limit of "
          + settings.maxJobBytes() + " bytes (processor.max-job-size)");
      return;
    }
    JobParser.Parsed parsed = JobParser.parse(value);
    if (!parsed.isValid()) {
      refuse(parsed, record);
      return;
    }
    UploadJob job = parsed.job();
    String uploadId = job.uploadId();
    if (!uploadId.equals(record.key())) {
      // Keyed otherwise, the job lands on a partition that does not know the upload id's owner.
      deadLetter(record, "record key " + quoted(record.key()) + " differs from the job's uploadId '" + uploadId
          + "': jobs must be keyed by their upload id");
      return;
    }
    ChunkCursor existing = cursors.get(uploadId);
    if (existing != null) {
      if (!job.tenantId().equals(existing.owner())) {
        deadLetter(record, "upload id '" + uploadId + "' belongs to another tenant");
      } else {
        // The same job again (a producer retry, a re-sent job): its chunks were or are being emitted once already.
        log.info("Upload {}: job already taken, ignoring the duplicate", uploadId);
      }
      return;
    }
    String traceparent =
        tracing.accepted(uploadId, job.tenantId(), UploadTracing.traceparentOf(record.headers()));
    cursors.put(uploadId, ChunkCursor.start(job, traceparent));
    active.add(uploadId);
    Instant acceptedAt = Instant.ofEpochMilli(now());
    forward(new UploadEvent.Accepted(uploadId, job.tenantId(), acceptedAt, job.fileName()), record.timestamp(),
        traceparent);
    // Visible at this transaction's commit, which is asked for now and held back by at most a short round (readRound).
    context.forward(new Record<>(uploadId,
        new ChunkerOutput.Pending(PendingSnapshot.of(uploadId, job.tenantId(), acceptedAt, job.fileName(),
            TraceParent.traceIdOf(traceparent))), now(), UploadTracing.headersWith(traceparent)));
    justAccepted = true;
    context.commit();
  }

  private void refuse(JobParser.Parsed parsed, Record<String, byte[]> record) {
    deadLetter(record, parsed.problem());
    // Where the upload can still be named, and is nobody's yet, its viewers learn why it will not be processed.
    String uploadId = parsed.uploadId();
    if (uploadId != null && uploadId.equals(record.key()) && UploadId.isValid(uploadId)
        && parsed.tenantId() != null && !parsed.tenantId().isBlank() && cursors.get(uploadId) == null) {
      String traceparent = TraceParent.parse(UploadTracing.traceparentOf(record.headers()))
          .map(TraceParent::header).orElse(null);
      cursors.put(uploadId, ChunkCursor.refused(parsed.tenantId(), traceparent));
      forward(new UploadEvent.Failed(uploadId, parsed.tenantId(), "Invalid upload job: " + parsed.problem()),
          record.timestamp(), traceparent);
    }
  }

  private void deadLetter(Record<String, byte[]> record, String reason) {
    log.warn("Dead-lettering job record with key {}: {}", record.key(), reason);
    context.forward(
        new Record<>(
            record.key(),
            new ChunkerOutput.DeadLetter(record.value()),
            record.timestamp(),
            deadLetterHeaders(reason)));
  }

  /** A key or name from a record, short and on one line, for a log line. */
  private static String quoted(String key) {
    if (key == null) {
      return "(none)";
    }
    String shown = (key.length() > 80 ? key.substring(0, 80) + "…" : key).replaceAll("\\p{Cntrl}", "?");
    return "'" + shown + "'";
  }

  private Headers deadLetterHeaders(String reason) {
    Headers headers = new RecordHeaders();
    headers.add(Topics.DEAD_LETTER_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    context.recordMetadata().ifPresent(meta -> {
      headers.add(ORIGINAL_TOPIC_HEADER, meta.topic().getBytes(StandardCharsets.UTF_8));
      headers.add(ORIGINAL_PARTITION_HEADER, Integer.toString(meta.partition()).getBytes(StandardCharsets.UTF_8));
      headers.add(ORIGINAL_OFFSET_HEADER, Long.toString(meta.offset()).getBytes(StandardCharsets.UTF_8));
    });
    return headers;
  }

  private void readRound() {
    // The budget bounds the work this thread does now, so it needs a running clock: the context's time stands still
    // for the whole punctuation. Every time stamped on a record or an event is the context's.
    // A punctuation runs before the commit of the same loop. Right after an accept the round is short: a small
    // upload is read whole into the transaction that carries its pending snapshot, a large one does not hold that
    // snapshot back for a whole read budget.
    Duration budget = justAccepted ? min(settings.readBudget(), settings.readInterval()) : settings.readBudget();
    justAccepted = false;
    long deadline = System.nanoTime() + budget.toNanos();
    for (String uploadId : new ArrayList<>(active)) {
      if (System.nanoTime() > deadline) {
        return;
      }
      readSome(uploadId, deadline);
    }
  }

  private void readSome(String uploadId, long deadline) {
    ChunkCursor cursor = cursors.get(uploadId);
    UploadJob job = cursor.job();
    try {
      ChunkReader reader = readers.get(uploadId);
      if (reader == null) {
        Optional<ChunkReader> opened = ChunkReader.open(job, opener, settings);
        if (opened.isEmpty()) {
          return; // A remote source still being fetched: next round.
        }
        reader = opened.get();
        readers.put(uploadId, reader);
        if (cursor.recordsConsumed() == 0) {
          forward(new UploadEvent.HeaderChecked(uploadId, job.tenantId(), reader.totalBytes()), now(),
              cursor.traceparent());
        }
        reader.skipRecords(cursor.recordsConsumed());
      }
      // At least one chunk a round, however short the round: an upload always moves.
      for (int i = 0; i < settings.maxChunksPerRound() && (i == 0 || System.nanoTime() < deadline); i++) {
        Chunk chunk = reader.nextChunk(cursor.nextChunk(), settings.chunkRows(), settings.maxChunkChars());
        if (chunk == null) {
          finish(uploadId, cursor);
          return;
        }
        // Keyed per chunk: the chunks of one upload spread over every partition, and so over every instance.
        forward(uploadId + "/" + chunk.index(), new UploadEvent.ChunkRead(uploadId, job.tenantId(), chunk), now(),
            cursor.traceparent());
        cursor = cursor.advanced(reader.recordsConsumed());
      }
      // Once a round, not once a chunk: the cursor holds the job (an inline file too), and the transaction that
      // carries these chunks carries this cursor, so a restart resumes exactly after them either way.
      cursors.put(uploadId, cursor);
    } catch (UnreadableUploadException e) {
      log.info("Upload {} failed: {}", uploadId, e.getMessage());
      fail(uploadId, cursor, e.getMessage());
    } catch (RuntimeException e) {
      // Whatever the file or the job held, a surprise is this upload's failure, never a stopped stream thread.
      log.error("Upload {} failed on an unexpected error", uploadId, e);
      fail(uploadId, cursor, "Unexpected " + e.getClass().getName() + " while reading the file: " + e.getMessage());
    }
  }

  private void fail(String uploadId, ChunkCursor cursor, String reason) {
    forward(new UploadEvent.Failed(uploadId, cursor.owner(), reason), now(), cursor.traceparent());
    stop(uploadId, cursor.stopped());
  }

  private void finish(String uploadId, ChunkCursor cursor) {
    forward(new UploadEvent.ReadFinished(uploadId, cursor.owner(), cursor.nextChunk()), now(),
        cursor.traceparent());
    stop(uploadId, cursor.finished());
  }

  /** Takes the upload out of the reading rounds and closes its file; {@code last} is its cursor from now on. */
  private void stop(String uploadId, ChunkCursor last) {
    cursors.put(uploadId, last);
    active.remove(uploadId);
    opener.release(uploadId);
    ChunkReader reader = readers.remove(uploadId);
    if (reader != null) {
      reader.close();
    }
  }

  private void forward(UploadEvent event, long timestamp, String traceparent) {
    forward(event.uploadId(), event, timestamp, traceparent);
  }

  /** Every record of an upload carries its trace context ({@link ChunkCursor#traceparent()}), given by the caller. */
  private void forward(String key, UploadEvent event, long timestamp, String traceparent) {
    context.forward(
        new Record<>(key, new ChunkerOutput.Event(event), timestamp, UploadTracing.headersWith(traceparent)));
  }

  private long now() {
    return context.currentSystemTimeMs();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
