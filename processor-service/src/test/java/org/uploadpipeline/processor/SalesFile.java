package org.uploadpipeline.processor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generated sales file and, computed straight from the generator (not by parsing the file, and not with the
 * processor's code), the aggregates it must produce: the independent answer tests compare the pipeline with.
 */
public final class SalesFile {

  public static final String HEADER = "fecha,producto,cantidad,total";
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 1);

  private SalesFile() {}

  /** Expected sums of one aggregate key. */
  public record Sums(long transactions, BigDecimal quantity, BigDecimal revenue) {
    Sums plus(BigDecimal q, BigDecimal r) {
      return new Sums(transactions + 1, quantity.add(q), revenue.add(r));
    }
  }

  /** Row {@code i}: 61 days over two months, 7 products, quantities 1 to 3, totals with cents, some returns. */
  static LocalDate date(int i) {
    return FIRST_DAY.plusDays(i % 61);
  }

  static String product(int i) {
    return "P" + (i % 7);
  }

  static BigDecimal quantity(int i) {
    return BigDecimal.valueOf(i % 11 == 0 ? -1 : 1 + i % 3);
  }

  static BigDecimal total(int i) {
    return new BigDecimal((i % 97) + "." + String.format("%02d", i % 100)).multiply(quantity(i));
  }

  /** Writes {@code rows} data rows, every {@code invalidEvery}-th one with a quantity that is not a number. */
  public static void write(Path file, int rows, int invalidEvery) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(HEADER);
      out.write('\n');
      for (int i = 0; i < rows; i++) {
        String quantity = isInvalid(i, invalidEvery) ? "n/a" : quantity(i).toPlainString();
        out.write(date(i) + "," + product(i) + "," + quantity + "," + total(i).toPlainString() + "\n");
      }
    }
  }

  /** The aggregates keyed as on {@code uploads.aggregates}: {@code <uploadId>/<kind>/<key>}. */
  public static Map<String, Sums> expectedAggregates(String uploadId, int rows, int invalidEvery) {
    Map<String, Sums> sums = new TreeMap<>();
    Sums zero = new Sums(0, BigDecimal.ZERO, BigDecimal.ZERO);
    for (int i = 0; i < rows; i++) {
      if (isInvalid(i, invalidEvery)) {
        continue;
      }
      BigDecimal q = quantity(i);
      BigDecimal r = total(i);
      sums.merge(uploadId + "/daily/" + date(i), zero.plus(q, r), SalesFile::add);
      sums.merge(uploadId + "/monthly/" + date(i).toString().substring(0, 7), zero.plus(q, r), SalesFile::add);
      sums.merge(uploadId + "/product/" + product(i), zero.plus(q, r), SalesFile::add);
    }
    return sums;
  }

  public static long invalidRows(int rows, int invalidEvery) {
    return invalidEvery <= 0 ? 0 : (rows + invalidEvery - 1) / invalidEvery;
  }

  private static boolean isInvalid(int i, int invalidEvery) {
    return invalidEvery > 0 && i % invalidEvery == 0;
  }

  private static Sums add(Sums a, Sums b) {
    return new Sums(a.transactions() + b.transactions(), a.quantity().add(b.quantity()), a.revenue().add(b.revenue()));
  }
}
