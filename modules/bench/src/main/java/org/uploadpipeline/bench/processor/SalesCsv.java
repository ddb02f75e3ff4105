package org.uploadpipeline.bench.processor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Writes a realistic sales file: about 60 bytes a row, 90 days, 500 products, 1 row in 200 invalid. */
final class SalesCsv {

  static final String HEADER = "fecha,producto,cantidad,total,transaccion,cliente";
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 9, 1);

  private SalesCsv() {}

  /**
   * A compact file that fits an inline job (about 24 bytes a row: 20,000 rows stay under the default 512 KB job
   * limit): 28 days, 50 products, 1 row in 200 invalid.
   */
  static String compact(int rows) {
    StringBuilder csv = new StringBuilder("fecha,producto,cantidad,total\n");
    for (int i = 0; i < rows; i++) {
      String quantity = i % 200 == 0 ? "x" : Integer.toString(1 + i % 9);
      csv.append(FIRST_DAY.plusDays(i % 28)).append(",P").append(i * 31 % 50).append(',').append(quantity)
          .append(',').append(1 + i % 9).append('.').append(10 + i % 90).append('\n');
    }
    return csv.toString();
  }

  static void write(Path file, int rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.write('\n');
      for (int i = 0; i < rows; i++) {
        String quantity = i % 200 == 0 ? "n/a" : Integer.toString(1 + i % 5);
        out.write(FIRST_DAY.plusDays(i % 90) + ",Producto " + (i * 7919 % 500) + "," + quantity + ","
            + (i % 300) + "." + (10 + i % 90) + ",TX-" + String.format("%09d", i) + ",customer-" + (i % 10_000)
            + "\n");
      }
    }
  }
}
