package org.uploadpipeline.processor.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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
import org.uploadpipeline.processor.pipeline.Chunk;
import org.uploadpipeline.processor.pipeline.UploadEvent;
import org.uploadpipeline.protocol.JsonSerde;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.protocol.UploadJob;

/**
 * Turns upload jobs into chunks of rows. A job only registers a cursor; the reading happens in short, time-boxed rounds
 * on a wall-clock punctuator, so a large file never keeps the stream thread from polling and committing, and each
 * committed transaction carries a few chunks together with the cursor that says how far they go.
 *
 * <p>Outputs {@link UploadEvent}s (chunks keyed {@code <uploadId>/<index>} so they spread over partitions, everything
 * else keyed by upload id) and {@link DeadLetter}s for refused job records.
 */
public final class ChunkerProcessor implements Processor<String, byte[], String, Object> {

  /** Name of the store of {@link ChunkCursor}s. */
  public static final String CURSOR_STORE = "chunker-cursors";

  private static final Logger log = LoggerFactory.getLogger(ChunkerProcessor.class);
  private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  static final String ORIGINAL_TOPIC_HEADER = "x-original-topic";
  static final String ORIGINAL_PARTITION_HEADER = "x-original-partition";
  static final String ORIGINAL_OFFSET_HEADER = "x-original-offset";

  private final ChunkingSettings settings;
  private final SourceOpener opener;
  /** Uploads still being read, in arrival order (rebuilt from the store after a restart). */
  private final Set<String> active = new LinkedHashSet<>();
  /** Open files by upload id: a cache, reopened and skipped forward from the cursor when missing. */
  private final Map<String, ChunkReader> readers = new HashMap<>();

  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, ChunkCursor> cursors;

  /** The changelogged store of read cursors, one per upload. */
  public static StoreBuilder<?> cursorStore() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CURSOR_STORE), Serdes.String(), JsonSerde.of(ChunkCursor.class));
  }

  public ChunkerProcessor(ChunkingSettings settings, SourceOpener opener) {
    this.settings = settings;
    this.opener = opener;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
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
  public void process(Record<String, byte[]> record) {
    JobParser.Parsed parsed = JobParser.parse(record.value());
    if (!parsed.isValid()) {
      refuse(parsed, record);
      return;
    }
    UploadJob job = parsed.job();
    String uploadId = job.uploadId();
    if (cursors.get(uploadId) != null) {
      // The same job again (a producer retry, a re-sent job): its chunks were or are being emitted once already.
      log.info("Upload {}: job already taken, ignoring the duplicate", uploadId);
      return;
    }
    cursors.put(uploadId, ChunkCursor.start(job));
    active.add(uploadId);
    forward(new UploadEvent.Accepted(uploadId, job.tenantId(), Instant.now()), record.timestamp());
  }

  @Override
  public void close() {
    readers.values().forEach(ChunkReader::close);
    readers.clear();
  }

  private void refuse(JobParser.Parsed parsed, Record<String, byte[]> record) {
    log.warn("Dead-lettering job record with key {}: {}", record.key(), parsed.problem());
    context.forward(
        new Record<String, Object>(
            record.key(), new DeadLetter(record.value()), record.timestamp(), deadLetterHeaders(parsed.problem())));
    // Where the upload can still be named, its viewers learn why it will not be processed.
    String uploadId = parsed.uploadId();
    if (uploadId != null && UPLOAD_ID.matcher(uploadId).matches() && parsed.tenantId() != null
        && !parsed.tenantId().isBlank() && cursors.get(uploadId) == null) {
      cursors.put(uploadId, new ChunkCursor(null, 0, 0, true));
      forward(new UploadEvent.Failed(uploadId, parsed.tenantId(), "Invalid upload job: " + parsed.problem()),
          record.timestamp());
    }
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
    long deadline = System.nanoTime() + settings.readBudget().toNanos();
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
        reader = ChunkReader.open(job, opener, settings.maxFieldChars());
        readers.put(uploadId, reader);
        if (cursor.recordsConsumed() == 0) {
          forward(new UploadEvent.HeaderChecked(uploadId, job.tenantId(), reader.totalBytes()), now());
        }
        reader.skipRecords(cursor.recordsConsumed());
      }
      for (int i = 0; i < settings.maxChunksPerRound() && System.nanoTime() < deadline; i++) {
        Chunk chunk = reader.nextChunk(cursor.nextChunk(), settings.chunkRows(), settings.maxChunkChars());
        if (chunk == null) {
          finish(uploadId, cursor);
          return;
        }
        // Keyed per chunk: the chunks of one upload spread over every partition, and so over every instance.
        context.forward(
            new Record<>(uploadId + "/" + chunk.index(), new UploadEvent.ChunkRead(uploadId, job.tenantId(), chunk),
                now()));
        cursor = cursor.advanced(reader.recordsConsumed());
        cursors.put(uploadId, cursor);
      }
    } catch (UnreadableUploadException e) {
      log.info("Upload {} failed: {}", uploadId, e.getMessage());
      forward(new UploadEvent.Failed(uploadId, job.tenantId(), e.getMessage()), now());
      stop(uploadId, cursor);
    }
  }

  private void finish(String uploadId, ChunkCursor cursor) {
    forward(new UploadEvent.ReadFinished(uploadId, cursor.nextChunk()), now());
    stop(uploadId, cursor);
  }

  private void stop(String uploadId, ChunkCursor cursor) {
    cursors.put(uploadId, cursor.finished());
    active.remove(uploadId);
    ChunkReader reader = readers.remove(uploadId);
    if (reader != null) {
      reader.close();
    }
  }

  private void forward(UploadEvent event, long timestamp) {
    context.forward(new Record<>(event.uploadId(), event, timestamp));
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
