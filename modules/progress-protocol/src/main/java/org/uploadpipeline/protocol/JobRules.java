package org.uploadpipeline.protocol;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rules a job's format and mapping must follow beyond the JSON Schema, checked where a job enters: by the
 * gateway's upload API (a {@code 400}) and by the processor for jobs produced straight to Kafka (a dead letter). Each
 * problem is a sentence a user can act on.
 */
public final class JobRules {

  /** Longest date pattern accepted: real patterns are a few characters; a long one is a mistake or an attack. */
  public static final int MAX_DATE_FORMAT_CHARS = 64;
  /** Longest mapped column name accepted. */
  public static final int MAX_COLUMN_NAME_CHARS = 256;

  /** A date every valid pattern must print and read back: day and month differ, so a swap is caught too. */
  private static final ZonedDateTime PROBE =
      ZonedDateTime.of(LocalDateTime.of(2026, 11, 5, 13, 45, 30), ZoneOffset.UTC);

  private JobRules() {}

  /** Every problem of the job's format and mapping; empty when the job may be processed. */
  public static List<String> problems(CsvFormat format, ColumnMapping mapping) {
    CsvFormat effective = format == null ? CsvFormat.DEFAULT : format.withDefaults();
    List<String> problems = new ArrayList<>();
    delimiterProblem(effective.delimiter()).ifPresent(problems::add);
    encodingProblem(effective.encoding()).ifPresent(problems::add);
    dateFormatProblem(effective.dateFormat()).ifPresent(problems::add);
    if (!effective.decimalSeparator().equals(".") && !effective.decimalSeparator().equals(",")) {
      problems.add("decimalSeparator must be '.' or ',': '" + printable(effective.decimalSeparator()) + "'");
    }
    if (mapping != null) {
      problems.addAll(mappingProblems(mapping, effective.header()));
    }
    return problems;
  }

  /**
   * The delimiter is one character that can separate fields: not the quote (RFC 4180 quoting needs it), not a line
   * break (it ends records), not a letter or digit (they are the content of names and numbers), not another control
   * character than tab.
   */
  static Optional<String> delimiterProblem(String delimiter) {
    if (delimiter.length() != 1) {
      return Optional.of("delimiter must be exactly one character: '" + printable(delimiter) + "'");
    }
    char c = delimiter.charAt(0);
    String why = null;
    if (c == '"') {
      why = "the quote character encloses fields";
    } else if (c == '\r' || c == '\n') {
      why = "a line break ends a record";
    } else if (Character.isLetterOrDigit(c)) {
      why = "letters and digits are the content of names and numbers";
    } else if (Character.isISOControl(c) && c != '\t') {
      why = "control characters other than tab cannot separate fields";
    } else if (c == '\uFEFF' || c == '\uFFFD') {
      why = "it is a byte order mark or a replacement character";
    }
    return Optional.ofNullable(why)
        .map(reason -> "delimiter '" + printable(delimiter) + "' cannot be used: " + reason);
  }

  static Optional<String> encodingProblem(String encoding) {
    try {
      if (Charset.isSupported(encoding)) {
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      // An illegal name is as unknown as an unsupported one.
    }
    return Optional.of("encoding '" + printable(encoding) + "' is not a known character set");
  }

  /**
   * A date pattern compiles, and prints and reads back a date with its year, month and day: a pattern without one of
   * them cannot place a row on a day.
   */
  static Optional<String> dateFormatProblem(String pattern) {
    if (pattern.length() > MAX_DATE_FORMAT_CHARS) {
      return Optional.of(
          "dateFormat is longer than " + MAX_DATE_FORMAT_CHARS + " characters");
    }
    DateTimeFormatter formatter;
    try {
      formatter = strictDateFormatter(pattern);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          "dateFormat '" + printable(pattern) + "' is not a date pattern: " + e.getMessage());
    }
    try {
      LocalDate back = LocalDate.parse(formatter.format(PROBE), formatter);
      if (back.equals(PROBE.toLocalDate())) {
        return Optional.empty();
      }
    } catch (RuntimeException e) {
      // Falls through: the pattern cannot print or read a whole date.
    }
    return Optional.of(
        "dateFormat '" + printable(pattern) + "' must name a year, a month and a day (e.g. yyyy-MM-dd)");
  }

  /**
   * The formatter rows are read with: strict, so {@code 2026-02-30} is refused. Strict resolving needs the proleptic
   * year {@code u} where users write the year-of-era {@code y}.
   *
   * @throws IllegalArgumentException when the pattern does not compile
   */
  public static DateTimeFormatter strictDateFormatter(String pattern) {
    return DateTimeFormatter.ofPattern(pattern.replace('y', 'u')).withResolverStyle(ResolverStyle.STRICT);
  }

  private static List<String> mappingProblems(ColumnMapping mapping, boolean header) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> column : mapping.mappedColumns().entrySet()) {
      String name = column.getValue();
      if (name.isBlank()) {
        problems.add("mapping '" + column.getKey() + "' names no column");
      } else if (name.length() > MAX_COLUMN_NAME_CHARS) {
        problems.add("mapping '" + column.getKey() + "' is longer than " + MAX_COLUMN_NAME_CHARS + " characters");
      } else if (!header && !isColumnNumber(name.trim())) {
        problems.add("without a header row, mapping '" + column.getKey() + "' must be a 1-based column number: '"
            + printable(name) + "'");
      }
    }
    return problems;
  }

  private static boolean isColumnNumber(String text) {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return Integer.parseInt(text) >= 1;
  }

  /** The text with line breaks and other control characters escaped, so a message stays one readable line. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(80).forEach(cp -> {
      if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(cp)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", cp));
      } else {
        out.appendCodePoint(cp);
      }
    });
    return text.codePointCount(0, text.length()) > 80 ? out + "…" : out.toString();
  }
}
