package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobRulesTest {

  private static final ColumnMapping NAMES = new ColumnMapping("fecha", "producto", "cantidad", "total", null, null,
      null);

  @ParameterizedTest(name = "delimiter {0}")
  @ValueSource(strings = {",", ";", "\t", "|", " ", "·"})
  void acceptsDelimitersThatCanSeparateFields(String delimiter) {
    assertThat(JobRules.problems(format(delimiter, "yyyy-MM-dd"), NAMES)).isEmpty();
  }

  @ParameterizedTest(name = "delimiter {0} -> {1}")
  @CsvSource(
      delimiterString = "=>",
      value = {
        "\" => the quote character encloses fields",
        "a => letters and digits",
        "7 => letters and digits",
        ",, => exactly one character",
      })
  void refusesDelimitersThatCannotSeparateFields(String delimiter, String reason) {
    assertThat(JobRules.problems(format(delimiter, "yyyy-MM-dd"), NAMES)).singleElement().asString()
        .contains(reason);
  }

  @ParameterizedTest(name = "line break {0}")
  @ValueSource(strings = {"\n", "\r", "\u0000"})
  void refusesLineBreaksAndControlCharactersAsDelimiter(String delimiter) {
    assertThat(JobRules.problems(format(delimiter, "yyyy-MM-dd"), NAMES)).singleElement().asString()
        .startsWith("delimiter '\\");
  }

  @ParameterizedTest(name = "date format {0}")
  @ValueSource(strings = {"yyyy-MM-dd", "dd/MM/yyyy", "d.M.yy", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss",
      "yyyy-MM-dd'T'HH:mm:ssXXX", "dd MMM yyyy"})
  void acceptsDatePatternsWithYearMonthAndDay(String pattern) {
    assertThat(JobRules.problems(format(",", pattern), NAMES)).isEmpty();
  }

  @ParameterizedTest(name = "date format {0} -> {1}")
  @CsvSource(
      delimiterString = "=>",
      value = {
        "b => is not a date pattern: Unknown pattern letter: b",
        "yyyy-MM => must name a year, a month and a day",
        "HH:mm => must name a year, a month and a day",
        "yyyy-MM-dd# => is not a date pattern",
        "{ => is not a date pattern",
      })
  void refusesDatePatternsThatCannotPlaceARowOnADay(String pattern, String reason) {
    assertThat(JobRules.problems(format(",", pattern), NAMES)).singleElement().asString().contains(reason);
  }

  @Test
  void refusesAnOverlongDatePattern() {
    assertThat(JobRules.problems(format(",", "y".repeat(65)), NAMES)).singleElement().asString()
        .isEqualTo("dateFormat is longer than 64 characters");
  }

  @Test
  void refusesUnknownEncodingsAndOddDecimalSeparators() {
    CsvFormat format = new CsvFormat(",", true, "KLINGON-8", "yyyy-MM-dd", ";");

    assertThat(JobRules.problems(format, NAMES))
        .containsExactly(
            "encoding 'KLINGON-8' is not a known character set", "decimalSeparator must be '.' or ',': ';'");
  }

  @Test
  void withoutAHeaderTheMappingNamesColumnNumbers() {
    CsvFormat noHeader = new CsvFormat(null, false, null, null, null);

    assertThat(JobRules.problems(noHeader, new ColumnMapping("1", "2", "3", "4", null, null, null))).isEmpty();
    assertThat(JobRules.problems(noHeader, NAMES)).hasSize(4).first().asString()
        .isEqualTo("without a header row, mapping 'date' must be a 1-based column number: 'fecha'");
    assertThat(JobRules.problems(noHeader, new ColumnMapping("0", "2", "3", "4", null, null, null))).hasSize(1);
  }

  @Test
  void refusesBlankAndOverlongColumnNames() {
    ColumnMapping mapping = new ColumnMapping(" ", "producto", "c".repeat(257), "total", null, null, null);

    assertThat(JobRules.problems(CsvFormat.DEFAULT, mapping))
        .containsExactly("mapping 'date' names no column", "mapping 'quantity' is longer than 256 characters");
  }

  private static CsvFormat format(String delimiter, String dateFormat) {
    return new CsvFormat(delimiter, true, "UTF-8", dateFormat, ".");
  }
}
