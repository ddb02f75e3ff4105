package org.uploadpipeline.protocol;

/**
 * One invalid data row.
 *
 * @param line the line number in the file where the row starts (the header is line 1)
 * @param column the CSV column at fault, or null when the row as a whole is at fault (e.g. too few fields)
 * @param message what is wrong, e.g. {@code not a number: 'abc'}
 */
public record RowError(long line, String column, String message) {}
