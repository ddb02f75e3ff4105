package org.uploadpipeline.processor.pipeline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.uploadpipeline.protocol.AggregationCounts;
import org.uploadpipeline.protocol.ProgressSnapshot;
import org.uploadpipeline.protocol.RowError;
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
  private long seq;
  private UploadStatus status;
  private double percent;
  private String message;
  private long rowsProcessed;
  private long validRows;
  private List<RowError> rowErrors = new ArrayList<>();
  private int nextChunk;
  private Integer totalChunks;
  private Long totalBytes;
  private long bytesRead;
  private long dailyKeys;
  private long monthlyKeys;
  private long productKeys;
  private UploadError error;
  private Instant startedAt;
  private Instant updatedAt;

  UploadState() {
    // For JSON.
  }

  static UploadState accepted(String uploadId, String tenantId, Instant now) {
    UploadState state = new UploadState();
    state.uploadId = uploadId;
    state.tenantId = tenantId;
    state.startedAt = now;
    state.updatedAt = now;
    return state;
  }

  String tenantId() {
    return tenantId;
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

  int nextChunk() {
    return nextChunk;
  }

  Integer totalChunks() {
    return totalChunks;
  }

  boolean allChunksIn() {
    return totalChunks != null && nextChunk >= totalChunks;
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

  void addChunk(UploadEvent.ChunkProcessed chunk, AggregateKeyCounts newKeys) {
    nextChunk = chunk.chunkIndex() + 1;
    rowsProcessed += chunk.rows();
    validRows += chunk.validRows();
    bytesRead = Math.max(bytesRead, chunk.bytesRead());
    for (RowError e : chunk.rowErrors()) {
      if (rowErrors.size() >= UploadResults.MAX_ROW_ERRORS) {
        break;
      }
      rowErrors.add(e);
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

  long bytesRead() {
    return bytesRead;
  }

  long rowsProcessed() {
    return rowsProcessed;
  }

  void fail(String details) {
    status = UploadStatus.FAILED;
    message = "Processing failed";
    error = new UploadError("Processing failed", details);
  }

  /** The next snapshot: one more {@code seq}, stamped now. */
  ProgressSnapshot nextSnapshot(Instant now) {
    seq++;
    updatedAt = now;
    boolean completed = status == UploadStatus.COMPLETED;
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
        updatedAt);
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
