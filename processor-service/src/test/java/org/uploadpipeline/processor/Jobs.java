package org.uploadpipeline.processor;

import java.time.Instant;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.UploadJob;
import org.uploadpipeline.protocol.UploadSource;

/** Upload jobs for tests. */
public final class Jobs {

  public static final ColumnMapping SPANISH_COLUMNS =
      new ColumnMapping("fecha", "producto", "cantidad", "total", null, null, null);

  private Jobs() {}

  public static UploadJob inline(String uploadId, String csv) {
    return inline(uploadId, csv, CsvFormat.DEFAULT, SPANISH_COLUMNS);
  }

  public static UploadJob inline(String uploadId, String csv, CsvFormat format, ColumnMapping mapping) {
    return new UploadJob(
        uploadId, "acme", "user-42", Instant.now(), UploadSource.ofInline(csv), format, mapping);
  }

  public static UploadJob file(String uploadId, String uri) {
    return new UploadJob(
        uploadId, "acme", "user-42", Instant.now(), UploadSource.ofUri(uri), CsvFormat.DEFAULT, SPANISH_COLUMNS);
  }
}
