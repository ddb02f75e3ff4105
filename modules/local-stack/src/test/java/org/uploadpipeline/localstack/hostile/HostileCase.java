package org.uploadpipeline.localstack.hostile;

import java.util.Map;

/**
 * One hostile input and the answer the contract specifies for it: a row of {@link HostileInputIT}'s table.
 *
 * @param name what the input is
 * @param input how it is sent
 * @param expected what must come of it
 */
record HostileCase(String name, Input input, Expected expected) {

  @Override
  public String toString() {
    return name;
  }

  /** How a case's input reaches the system. */
  sealed interface Input {}

  /** {@code POST /api/uploads} as tenant {@code acme}, with these query parameters and this {@code text/csv} body. */
  record ApiUpload(Map<String, String> params, byte[] body) implements Input {}

  /**
   * A job produced to {@code uploads.jobs} with any Kafka client: these bytes under this key; {@code uploadId} names
   * the upload a failed snapshot is expected for, when one is.
   */
  record RawJob(String key, byte[] value, String uploadId) implements Input {}

  /**
   * A job of tenant {@code acme} that names a source: a URI as it is, a path under the storage root (made a
   * {@code file://} URI), or {@code loopback:/path} for the test's file server on 127.0.0.1.
   */
  record SourceJob(String uploadId, String source) implements Input {}

  /** What must come of a case. */
  sealed interface Expected {}

  /** The API refuses the upload with this status and a message containing this text. */
  record Refused(int status, String message) implements Expected {}

  /** The upload ends {@code failed} with details containing this text. */
  record Failed(String details) implements Expected {}

  /** The upload ends {@code completed} with these counts. */
  record Completed(long processedRows, long validRows) implements Expected {}

  /**
   * The job goes to {@code uploads.jobs.dlq} with a reason containing this text; when {@code failedDetails} is not
   * null its upload is also failed with details containing it, else no snapshot is written for it.
   */
  record DeadLettered(String reason, String failedDetails) implements Expected {}
}
