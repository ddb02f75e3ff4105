package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvGuessTest {

  @Test
  void guessesMappingDelimiterDateFormatAndDecimalCommaFromTheFirstRows() {
    CsvGuess.Result guess = CsvGuess.guess(
        "\uFEFFFecha Venta;Artículo;Cant;Importe\n\n05.11.2026;Café;2;12,10\n06.11.2026;Té;1;3,5", null, Map.of());

    assertThat(guess.delimiter()).isEqualTo(";");
    assertThat(guess.columns()).containsExactly("Fecha Venta", "Artículo", "Cant", "Importe");
    assertThat(guess.mapping()).containsExactly(Map.entry("date", "Fecha Venta"), Map.entry("product", "Artículo"),
        Map.entry("quantity", "Cant"), Map.entry("amount", "Importe"));
    assertThat(guess.dateFormat()).isEqualTo("dd.MM.yyyy");
    assertThat(guess.decimalSeparator()).isEqualTo(",");
    assertThat(guess.missing()).isEmpty();
  }

  @Test
  void aGivenFieldKeepsItsColumnAndNoOtherFieldTakesIt() {
    CsvGuess.Result guess = CsvGuess.guess("fecha,producto,cantidad,total,precio\n", ",", Map.of("product", "total"));

    assertThat(guess.mapping()).containsEntry("product", "total").containsEntry("unitPrice", "precio")
        .doesNotContainKey("amount");
  }

  @Test
  void aUnitPriceIsGuessedOnlyWithoutALineTotal() {
    assertThat(CsvGuess.guess("fecha,producto,cantidad,total,precio\n", null, Map.of()).mapping())
        .containsEntry("amount", "total").doesNotContainKey("unitPrice");
  }

  @Test
  void namesWhatItCannotGuess() {
    CsvGuess.Result guess = CsvGuess.guess("when,what,cantidad\n", null, Map.of());

    assertThat(guess.missing()).containsExactly("date", "product", "amount");
    assertThat(guess.dateFormat()).isEqualTo("yyyy-MM-dd");
    assertThat(guess.decimalSeparator()).isEqualTo(".");
  }

  @Test
  void splitsQuotedFieldsAndCountsDelimitersOutsideQuotes() {
    assertThat(CsvGuess.splitLine("\"a,b\",\"say \"\"hi\"\"\", c ", ','))
        .isEqualTo(Arrays.asList("a,b", "say \"hi\"", "c"));
    assertThat(CsvGuess.delimiterOf("a\tb\tc")).isEqualTo('\t');
    assertThat(CsvGuess.delimiterOf("\"x;y;z\",b")).isEqualTo(',');
    assertThat(CsvGuess.delimiterOf("single")).isEqualTo(',');
    assertThat(CsvGuess.columnFor("date", List.of("x", "FECHA"), List.of())).contains("FECHA");
  }
}
