package org.uploadpipeline.protocol;

import java.time.Instant;

/**
 * A request to process one uploaded CSV file, the value of the {@code uploads.jobs} topic (key: {@code uploadId}).
 *
 * @param uploadId 1 to 64 characters of {@code [A-Za-z0-9_-]}
 * @param tenantId the company the upload belongs to; only viewers granted this tenant see its progress
 * @param submittedBy user id of the uploader
 * @param submittedAt when the job was submitted
 * @param source where the CSV text is: exactly one of {@code uri} or {@code inline}
 * @param format how the CSV is written; every field optional (see {@link CsvFormat#withDefaults()})
 * @param mapping which CSV column holds which transaction field
 * @param fileName the uploaded file's name as the uploader gave it (shown on the tenant board); optional
 */
public record UploadJob(
    String uploadId,
    String tenantId,
    String submittedBy,
    Instant submittedAt,
    UploadSource source,
    CsvFormat format,
    ColumnMapping mapping,
    String fileName) {

  /** A job without a file name. */
  public UploadJob(
      String uploadId,
      String tenantId,
      String submittedBy,
      Instant submittedAt,
      UploadSource source,
      CsvFormat format,
      ColumnMapping mapping) {
    this(uploadId, tenantId, submittedBy, submittedAt, source, format, mapping, null);
  }

  /** The format with every absent field set to its documented default. */
  public CsvFormat effectiveFormat() {
    return format == null ? CsvFormat.DEFAULT : format.withDefaults();
  }
}
