package org.uploadpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnGuesserTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "fecha,producto,cantidad,total                | date=fecha, product=producto, quantity=cantidad, "
            + "amount=total",
        "Date,Product,Quantity,Amount                 | date=Date, product=Product, quantity=Quantity, amount=Amount",
        "Fecha,Producto,Cantidad,Importe,Cliente      | date=Fecha, product=Producto, quantity=Cantidad, "
            + "amount=Importe, customer=Cliente",
        "id,día,artículo,qty,precio                   | date=día, product=artículo, quantity=qty, unitPrice=precio, "
            + "transactionId=id",
        "order_id,sale_date,product_name,units,price  | date=sale_date, product=product_name, quantity=units, "
            + "unitPrice=price, transactionId=order_id",
        "\"fecha\",\"producto\",\"cantidad\",\"total\" | date=fecha, product=producto, quantity=cantidad, "
            + "amount=total",
        "fecha;producto;cantidad;total                | date=fecha, product=producto, quantity=cantidad, "
            + "amount=total",
      })
  void guessesTheMappingFromCommonHeaderNames(String header, String expected) throws IOException {
    UploadRequest request = ColumnGuesser.complete(csv(header + "\n2026-11-05,Café,2,12.10\n"), Map.of(), Map.of());

    assertThat(request.describeMapping()).isEqualTo(expected);
    assertThat(request.guessed()).containsExactlyInAnyOrderElementsOf(request.mapping().keySet());
  }

  @Test
  void explicitColumnsWinAndAreNotReportedAsGuessed() throws IOException {
    Path file = csv("fecha,producto,cantidad,total,precio\n");

    UploadRequest request =
        ColumnGuesser.complete(file, Map.of("unitPrice", "precio", "date", "fecha"), Map.of());

    assertThat(request.mapping())
        .containsExactly(
            Map.entry("date", "fecha"), Map.entry("product", "producto"), Map.entry("quantity", "cantidad"),
            Map.entry("unitPrice", "precio"));
    assertThat(request.guessed()).containsExactlyInAnyOrder("product", "quantity");
  }

  @Test
  void aColumnIsNotGuessedForTwoFields() throws IOException {
    Path file = csv("fecha,producto,cantidad,total,importe\n");

    UploadRequest request = ColumnGuesser.complete(file, Map.of("product", "total"), Map.of());

    assertThat(request.mapping()).containsEntry("product", "total").containsEntry("amount", "importe");
  }

  @Test
  void guessesASemicolonDelimiterAndSendsIt() throws IOException {
    UploadRequest request = ColumnGuesser.complete(csv("fecha;producto;cantidad;total\n"), Map.of(), Map.of());

    assertThat(request.format()).containsEntry("delimiter", ";");
    assertThat(request.query()).contains("&delimiter=%3B&fileName=upload");
  }

  @Test
  void aCommaDelimiterIsTheGatewayDefaultAndNotSent() throws IOException {
    UploadRequest request = ColumnGuesser.complete(csv("fecha,producto,cantidad,total\n"), Map.of(), Map.of());

    assertThat(request.format()).isEmpty();
    assertThat(request.query()).isEqualTo("date=fecha&product=producto&quantity=cantidad&amount=total&fileName="
        + request.file().getFileName());
  }

  @Test
  void readsAHeaderWithAByteOrderMarkAndAnotherEncoding() throws IOException {
    Path bom = dir.resolve("bom.csv");
    Files.writeString(bom, "\uFEFFfecha,producto,cantidad,total\n", StandardCharsets.UTF_8);
    Path latin1 = dir.resolve("latin1.csv");
    Files.writeString(latin1, "día,artículo,cantidad,total\n", StandardCharsets.ISO_8859_1);

    assertThat(ColumnGuesser.complete(bom, Map.of(), Map.of()).mapping()).containsEntry("date", "fecha");
    assertThat(ColumnGuesser.complete(latin1, Map.of(), Map.of("encoding", "ISO-8859-1")).mapping())
        .containsEntry("date", "día")
        .containsEntry("product", "artículo");
  }

  @Test
  void namesEveryFieldItCannotGuessAndTheOptionToSetIt() throws IOException {
    Path file = csv("when,what,cantidad,total\n");

    assertThatThrownBy(() -> ColumnGuesser.complete(file, Map.of(), Map.of()))
        .isInstanceOfSatisfying(CliFailure.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("date, product")
        .hasMessageContaining("[when, what, cantidad, total]")
        .hasMessageContaining("--date COLUMN --product COLUMN");
  }

  @Test
  void withoutAHeaderEveryRequiredColumnMustBeNamed() throws IOException {
    Path file = csv("2026-11-05,Café,2,12.10\n");
    Map<String, String> noHeader = Map.of("header", "false");

    assertThatThrownBy(() -> ColumnGuesser.complete(file, Map.of("date", "1"), noHeader))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("--no-header");
    UploadRequest request =
        ColumnGuesser.complete(
            file, Map.of("amount", "4", "quantity", "3", "date", "1", "product", "2"), noHeader);
    assertThat(request.query()).startsWith("date=1&product=2&quantity=3&amount=4&header=false&fileName=upload");
  }

  @Test
  void anEmptyFileIsAUsageError() throws IOException {
    Path file = csv("");

    assertThatThrownBy(() -> ColumnGuesser.complete(file, Map.of(), Map.of()))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("is empty");
  }

  @Test
  void sendsTheDateFormatAndDecimalCommaOfTheFirstRowsUnlessGiven() throws IOException {
    Path file = csv("fecha;producto;cantidad;total\n05/11/2026;Café;2;12,10\n");

    assertThat(ColumnGuesser.complete(file, Map.of(), Map.of()).format())
        .containsEntry("delimiter", ";").containsEntry("dateFormat", "dd/MM/yyyy")
        .containsEntry("decimalSeparator", ",");
    assertThat(ColumnGuesser.complete(file, Map.of(), Map.of("dateFormat", "MM/dd/yyyy")).format())
        .containsEntry("dateFormat", "MM/dd/yyyy");
  }

  private Path csv(String content) throws IOException {
    Path file = Files.createTempFile(dir, "upload", ".csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
