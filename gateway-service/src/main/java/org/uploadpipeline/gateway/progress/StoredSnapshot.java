package org.uploadpipeline.gateway.progress;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * A progress record as the store keeps it: its JSON bytes as they came from the topic, the four fields the store and
 * the tenant check decide by ({@link SnapshotHeader}), and the full {@link ProgressSnapshot}, parsed only when asked
 * and then at most once, so a record of an upload nobody watches costs no parse at all.
 *
 * <p>Thread-safe: threads that ask at once may each parse it (same result), never more than once each.
 */
public final class StoredSnapshot {

  private static final Logger log = LoggerFactory.getLogger(StoredSnapshot.class);

  private final SnapshotHeader header;
  private final byte[] json;
  private final Deserializer<ProgressSnapshot> reader;
  private volatile Optional<ProgressSnapshot> parsed;

  private StoredSnapshot(SnapshotHeader header, byte[] json, Deserializer<ProgressSnapshot> reader) {
    this.header = header;
    this.json = json;
    this.reader = reader;
  }

  /**
   * A record as stored; empty when it is not a JSON snapshot with {@code uploadId}, {@code tenantId}, {@code seq} and
   * {@code status} (the caller decides what to log).
   *
   * @param reader parses the whole record when {@link #snapshot()} is first asked
   */
  public static Optional<StoredSnapshot> read(byte[] json, Deserializer<ProgressSnapshot> reader) {
    SnapshotHeader header = SnapshotHeader.read(json);
    return header == null ? Optional.empty() : Optional.of(new StoredSnapshot(header, json, reader));
  }

  public String uploadId() {
    return header.uploadId();
  }

  public String tenantId() {
    return header.tenantId();
  }

  public long seq() {
    return header.seq();
  }

  public UploadStatus status() {
    return header.status();
  }

  /** When the processor wrote it, from the header (no full parse); null when the record does not say. */
  public Instant updatedAt() {
    return header.updatedAt();
  }

  /**
   * The full snapshot; empty when the record's other fields break the contract (its header was fine), which is
   * logged: viewers then see nothing of this record rather than anything wrong.
   */
  public Optional<ProgressSnapshot> snapshot() {
    Optional<ProgressSnapshot> result = parsed;
    if (result == null) {
      result = parse();
      parsed = result;
    }
    return result;
  }

  private Optional<ProgressSnapshot> parse() {
    try {
      return Optional.ofNullable(reader.deserialize(null, json));
    } catch (RuntimeException e) {
      log.warn("The progress record of upload {} (seq {}) does not parse: {}", uploadId(), seq(), e.getMessage());
      return Optional.empty();
    }
  }
}
