package org.uploadpipeline.protocol;

import java.util.List;

/**
 * The outcome of a completed upload.
 *
 * @param processedRows data rows read (blank lines are not rows)
 * @param validRows rows that passed every row rule and went into the aggregates
 * @param invalidRows rows left out, each reported in {@code rowErrors} up to {@link #MAX_ROW_ERRORS}
 * @param dataQualityScore 100 × validRows / processedRows, one decimal; 100.0 for an upload without rows
 * @param aggregationCounts how many records of each kind the upload produced
 * @param rowErrors the first {@link #MAX_ROW_ERRORS} row errors, in file order
 */
public record UploadResults(
    String uploadId,
    long processedRows,
    long validRows,
    long invalidRows,
    double dataQualityScore,
    AggregationCounts aggregationCounts,
    List<RowError> rowErrors) {

  public static final int MAX_ROW_ERRORS = 100;

  /** 100 × valid / processed rounded to one decimal, and 100.0 when there is nothing to judge. */
  public static double qualityScore(long validRows, long processedRows) {
    if (processedRows == 0) {
      return 100.0;
    }
    return Math.round(1000.0 * validRows / processedRows) / 10.0;
  }
}
