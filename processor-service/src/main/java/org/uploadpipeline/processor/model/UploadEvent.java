package org.uploadpipeline.processor.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import org.uploadpipeline.protocol.RowError;

/**
 * What happened to an upload, in the order it happened; the records of the processor's internal
 * {@code upload-events} topic, keyed by upload id. The tracker folds them into one {@code ProgressSnapshot} per upload.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = UploadEvent.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = UploadEvent.HeaderChecked.class, name = "headerChecked"),
  @JsonSubTypes.Type(value = UploadEvent.ChunkRead.class, name = "chunkRead"),
  @JsonSubTypes.Type(value = UploadEvent.ChunkProcessed.class, name = "chunkProcessed"),
  @JsonSubTypes.Type(value = UploadEvent.ReadFinished.class, name = "readFinished"),
  @JsonSubTypes.Type(value = UploadEvent.Failed.class, name = "failed"),
  @JsonSubTypes.Type(value = UploadEvent.Cancelled.class, name = "cancelled")
})
public sealed interface UploadEvent {

  String uploadId();

  /** The tenant the event was made for; the tracker ignores events of any tenant but the upload's owner. */
  String tenantId();

  /** A job was taken: the upload is pending and its file is about to be validated. */
  record Accepted(String uploadId, String tenantId, Instant acceptedAt, String fileName) implements UploadEvent {

    /** An upload whose job gave no file name. */
    public Accepted(String uploadId, String tenantId, Instant acceptedAt) {
      this(uploadId, tenantId, acceptedAt, null);
    }
  }

  /** The file opened and its header names every mapped column; {@code totalBytes} is null when unknown. */
  record HeaderChecked(String uploadId, String tenantId, Long totalBytes) implements UploadEvent {}

  /** A slice of consecutive data rows, not yet validated. */
  record ChunkRead(String uploadId, String tenantId, Chunk chunk) implements UploadEvent {}

  /**
   * The outcome of validating one chunk's rows; the bytes from {@code byteOffset} to {@code bytesRead} are the part of
   * the file the chunk covers, for progress; {@code firstLine} is where its rows start in the file.
   */
  record ChunkProcessed(
      String uploadId,
      String tenantId,
      int chunkIndex,
      long firstLine,
      long byteOffset,
      long bytesRead,
      long rows,
      long validRows,
      List<RowError> rowErrors,
      List<PartialAggregate> aggregates)
      implements UploadEvent {}

  /** The whole file was read and cut into {@code chunks} chunks (indexes 0 to chunks - 1). */
  record ReadFinished(String uploadId, String tenantId, int chunks) implements UploadEvent {}

  /** The upload cannot be processed; {@code details} says why, specifically. */
  record Failed(String uploadId, String tenantId, String details) implements UploadEvent {}

  /**
   * Its owner asked to stop the upload (a {@code cancel} on {@code uploads.commands}): the chunker has stopped reading
   * it; the tracker ends it {@code cancelled} unless it has finished already.
   */
  record Cancelled(String uploadId, String tenantId, String requestedBy, Instant requestedAt)
      implements UploadEvent {}
}
