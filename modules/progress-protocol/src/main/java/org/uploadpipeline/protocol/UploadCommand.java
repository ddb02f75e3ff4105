package org.uploadpipeline.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A request about an upload in flight, the value of the {@code uploads.commands} topic (key: {@code uploadId}, so it is
 * co-partitioned with the upload's job on {@code uploads.jobs}). One record per {@code type}, with the JSON Schema
 * {@code upload-command.schema.json}. Any Kafka client may send one; the processor acts only on a command whose
 * {@code tenantId} owns the upload, and skips (logs and counts) every other.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = UploadCommand.Cancel.class, name = "cancel")})
public sealed interface UploadCommand {

  /** The upload the command is about; also the record key. */
  String uploadId();

  /** The tenant asking: it must be the upload's owner, else the command is ignored. */
  String tenantId();

  /**
   * Stop the upload: the processor reads no more of its file, drops its aggregates and ends it {@code cancelled}
   * with the rows processed so far. Ignored when the upload is unknown, another tenant's, or already finished.
   *
   * @param requestedBy user id of who asked, shown in the snapshot's message ({@code Cancelled by <requestedBy>})
   * @param requestedAt when it was asked
   */
  record Cancel(String uploadId, String tenantId, String requestedBy, Instant requestedAt) implements UploadCommand {}
}
