package org.uploadpipeline.gateway.progress;

import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uploadpipeline.protocol.ProgressSnapshot;

/**
 * A snapshot the store accepted, as it came from the topic: the fields it was checked by, and its JSON bytes, parsed
 * into a {@link ProgressSnapshot} only when asked and then at most once, so a record of an upload nobody watches costs
 * no parse at all.
 *
 * <p>Thread-safe: threads that ask at once may each parse it (same result), never more than once each.
 */
public final class StoredSnapshot {

  private static final Logger log = LoggerFactory.getLogger(StoredSnapshot.class);

  private final SnapshotHeader header;
  private final byte[] json;
  private final Deserializer<ProgressSnapshot> reader;
  private volatile Optional<ProgressSnapshot> parsed;

  StoredSnapshot(SnapshotHeader header, byte[] json, Deserializer<ProgressSnapshot> reader) {
    this.header = header;
    this.json = json;
    this.reader = reader;
  }

  public String uploadId() {
    return header.uploadId();
  }

  public long seq() {
    return header.seq();
  }

  /**
   * The full snapshot; empty when the record's other fields break the contract (its header was fine), which is
   * logged: viewers then see the upload as not known rather than anything wrong.
   */
  public Optional<ProgressSnapshot> snapshot() {
    Optional<ProgressSnapshot> result = parsed;
    if (result == null) {
      result = parse(header.uploadId(), json, reader);
      parsed = result;
    }
    return result;
  }

  /** The snapshot of stored bytes; empty (and logged) when they break the contract. */
  static Optional<ProgressSnapshot> parse(String uploadId, byte[] json, Deserializer<ProgressSnapshot> reader) {
    try {
      return Optional.ofNullable(reader.deserialize(null, json));
    } catch (RuntimeException e) {
      log.warn("The progress record of upload {} does not parse: {}", uploadId, e.getMessage());
      return Optional.empty();
    }
  }
}
