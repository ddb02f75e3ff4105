package org.uploadpipeline.processor.track;

/**
 * Where the percent of a processing upload stands before the row count is known: by bytes read when the file size is
 * known, else by rows on a curve that approaches but never reaches 99. Completion alone makes it 100.
 */
final class ProgressPercent {

  static final double PROCESSING_CEILING = 99.0;
  /** Rows at which the size-less curve is at about 63 % of its ceiling. */
  private static final double ROWS_SCALE = 50_000.0;

  private ProgressPercent() {}

  static double of(Long totalBytes, long bytesRead, long rowsProcessed) {
    if (totalBytes != null && totalBytes > 0) {
      return Math.min(PROCESSING_CEILING, 100.0 * bytesRead / totalBytes);
    }
    return PROCESSING_CEILING * (1 - Math.exp(-rowsProcessed / ROWS_SCALE));
  }
}
