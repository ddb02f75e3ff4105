package org.uploadpipeline.processor.track;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.uploadpipeline.processor.model.PendingSnapshot;
import org.uploadpipeline.processor.model.UploadEvent;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.RowError;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadError;
import org.uploadpipeline.protocol.UploadResults;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * What the tracker knows of one upload: counters, the first row errors and where the snapshots stand. Its size does
 * not grow with the file (row errors are capped; aggregates live in their own store, one entry per key).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
final class UploadState {

  private String uploadId;
  private String tenantId;
  /** As the job gave it (null: none, or not known here yet); carried by every snapshot for the tenant board. */
  private String fileName;
  /** The upload's trace context, from the first of its records that carried one; null: none. */
  private String traceparent;
  private long seq;
  private UploadStatus status;
  private double percent;
  private String message;
  private long rowsProcessed;
  private long validRows;
  private List<RowError> rowErrors = new ArrayList<>();
  private ChunkSet chunks = new ChunkSet();
  private Integer totalChunks;
  private Long totalBytes;
  private long bytesProcessed;
  private long dailyKeys;
  private long monthlyKeys;
  private long productKeys;
  private UploadError error;
  /** All chunks are in and the aggregates are being published: no event changes the upload any more. */
  private boolean completing;
  private Pace pace = new Pace();
  private Instant startedAt;
  private Instant updatedAt;

  UploadState() {
    // For JSON.
  }

  /**
   * An upload whose job the chunker took: it published the {@code pending} snapshot ({@link PendingSnapshot}), so
   * this state's snapshots follow its {@code seq}.
   */
  static UploadState afterPending(String uploadId, String tenantId, Instant acceptedAt) {
    UploadState state = accepted(uploadId, tenantId, acceptedAt);
    state.status = UploadStatus.PENDING;
    state.message = PendingSnapshot.MESSAGE;
    return state;
  }

  /**
   * An upload first heard of here, whatever the event. Its snapshots start after {@link PendingSnapshot#SEQ} even when
   * no pending snapshot was published (a refused job, a failure reported before the job's events arrived): a failure
   * must never share the pending snapshot's {@code seq}, or a viewer that saw pending would skip it.
   */
  static UploadState accepted(String uploadId, String tenantId, Instant now) {
    UploadState state = new UploadState();
    state.uploadId = uploadId;
    state.tenantId = tenantId;
    state.startedAt = now;
    state.updatedAt = now;
    state.seq = PendingSnapshot.SEQ;
    return state;
  }

  String tenantId() {
    return tenantId;
  }

  /** The trace context of one of the upload's records; the first valid one stays. */
  void knowTraceparent(String header) {
    if (traceparent == null) {
      traceparent = TraceParent.parse(header).map(TraceParent::header).orElse(null);
    }
  }

  String traceparent() {
    return traceparent;
  }

  void knowFileName(String name) {
    if (name != null) {
      fileName = name;
    }
  }

  long seq() {
    return seq;
  }

  UploadStatus status() {
    return status;
  }

  boolean isTerminal() {
    return status != null && status.isTerminal();
  }

  /** Whether events may still change the upload: not finished, and not publishing its aggregates. */
  boolean isOpen() {
    return !isTerminal() && !completing;
  }

  void startCompleting() {
    completing = true;
  }

  /** Distinct aggregate keys so far, of every kind. */
  long aggregateKeys() {
    return dailyKeys + monthlyKeys + productKeys;
  }

  Integer totalChunks() {
    return totalChunks;
  }

  boolean allChunksIn() {
    return totalChunks != null && chunks.size() >= totalChunks;
  }

  /** Whether the status is before {@code other} in the life cycle (statuses never move backwards). */
  boolean isBefore(UploadStatus other) {
    return status == null || status.compareTo(other) < 0;
  }

  void moveTo(UploadStatus newStatus, String newMessage) {
    status = newStatus;
    message = newMessage;
  }

  void knowSize(Long bytes) {
    totalBytes = bytes;
  }

  void knowChunkCount(int chunks) {
    totalChunks = chunks;
  }

  /** Whether this chunk index was counted already (a chunk re-read after a restart must not count twice). */
  boolean hasChunk(int index) {
    return chunks.contains(index);
  }

  /**
   * Counts a chunk in. Row errors keep the first {@link UploadResults#MAX_ROW_ERRORS} by line, whatever order the
   * chunks arrive in, so a disturbed run reports exactly what an undisturbed one does.
   */
  void addChunk(UploadEvent.ChunkProcessed chunk, AggregateKeyCounts newKeys) {
    chunks.add(chunk.chunkIndex());
    rowsProcessed += chunk.rows();
    validRows += chunk.validRows();
    bytesProcessed += Math.max(0, chunk.bytesRead() - chunk.byteOffset());
    if (!chunk.rowErrors().isEmpty()) {
      rowErrors.addAll(chunk.rowErrors());
      rowErrors.sort(Comparator.comparingLong(RowError::line));
      if (rowErrors.size() > UploadResults.MAX_ROW_ERRORS) {
        rowErrors = new ArrayList<>(rowErrors.subList(0, UploadResults.MAX_ROW_ERRORS));
      }
    }
    dailyKeys += newKeys.daily();
    monthlyKeys += newKeys.monthly();
    productKeys += newKeys.product();
  }

  void raisePercent(double candidate) {
    percent = Math.max(percent, Math.min(100.0, candidate));
  }

  double percent() {
    return percent;
  }

  Long totalBytes() {
    return totalBytes;
  }

  long bytesProcessed() {
    return bytesProcessed;
  }

  long rowsProcessed() {
    return rowsProcessed;
  }

  void fail(String details) {
    status = UploadStatus.FAILED;
    message = "Processing failed";
    error = new UploadError("Processing failed", details);
  }

  /** Ends the upload on its owner's request; the rows counted so far stay in the snapshot, no results are given. */
  void cancel(String requestedBy) {
    status = UploadStatus.CANCELLED;
    message = "Cancelled by " + requestedBy;
  }

  /** How long ago the upload was accepted. */
  Duration age(Instant now) {
    return startedAt == null ? Duration.ZERO : Duration.between(startedAt, now);
  }

  /** The next snapshot: one more {@code seq}, stamped now, with the pace over {@code paceWindow}. */
  ProgressSnapshot nextSnapshot(Instant now, Duration paceWindow) {
    seq++;
    updatedAt = now;
    boolean completed = status == UploadStatus.COMPLETED;
    pace.record(now.toEpochMilli(), rowsProcessed, bytesProcessed, paceWindow);
    boolean ended = isTerminal();
    return new ProgressSnapshot(
        uploadId,
        tenantId,
        seq,
        status,
        status.wireName(),
        Math.round(percent * 10) / 10.0,
        message,
        rowsProcessed,
        completed ? Long.valueOf(rowsProcessed) : null,
        error,
        completed ? results() : null,
        startedAt,
        updatedAt,
        ended ? 0.0 : pace.rowsPerSecond(),
        completed ? Long.valueOf(0) : ended ? null : pace.etaSeconds(totalBytes),
        fileName,
        TraceParent.traceIdOf(traceparent));
  }

  private UploadResults results() {
    return new UploadResults(
        uploadId,
        rowsProcessed,
        validRows,
        rowsProcessed - validRows,
        UploadResults.qualityScore(validRows, rowsProcessed),
        new AggregationCounts(validRows, dailyKeys, monthlyKeys, productKeys),
        List.copyOf(rowErrors));
  }

  /** How many aggregate keys of each kind a chunk created that the upload did not have before. */
  record AggregateKeyCounts(long daily, long monthly, long product) {}
}
