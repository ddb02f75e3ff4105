package org.uploadpipeline.protocol;

/**
 * How an upload's CSV is written. Every field is optional in JSON; {@link #withDefaults()} fills the gaps.
 *
 * @param delimiter one character, default {@code ,}
 * @param header whether the first line names the columns, default {@code true}
 * @param encoding a charset name, default {@code UTF-8} (a byte order mark is skipped); {@code ISO-8859-1} is supported
 *     too
 * @param dateFormat a {@link java.time.format.DateTimeFormatter} pattern, default {@code yyyy-MM-dd}
 * @param decimalSeparator {@code .} (default) or {@code ,}
 */
public record CsvFormat(
    String delimiter, Boolean header, String encoding, String dateFormat, String decimalSeparator) {

  public static final CsvFormat DEFAULT = new CsvFormat(",", true, "UTF-8", "yyyy-MM-dd", ".");

  public CsvFormat withDefaults() {
    return new CsvFormat(
        delimiter == null ? DEFAULT.delimiter : delimiter,
        header == null ? DEFAULT.header : header,
        encoding == null ? DEFAULT.encoding : encoding,
        dateFormat == null ? DEFAULT.dateFormat : dateFormat,
        decimalSeparator == null ? DEFAULT.decimalSeparator : decimalSeparator);
  }
}
