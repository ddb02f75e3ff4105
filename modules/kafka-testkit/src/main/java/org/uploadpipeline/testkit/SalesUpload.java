package org.uploadpipeline.testkit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.uploadpipeline.protocol.AggregateRow;

/**
 * A generated sales file with its results computed here, independently of the processor: plain loops over the
 * generated rows, exact decimals. Tests and fault scenarios check the pipeline's output against it.
 *
 * @param csv the file
 * @param processedRows data rows
 * @param validRows rows that pass the row rules
 * @param aggregates expected aggregates keyed {@code <kind>/<key>}
 */
public record SalesUpload(String csv, long processedRows, long validRows, Map<String, Sums> aggregates) {

  public static final String HEADER = "fecha,producto,cantidad,total";
  private static final String[] PRODUCTS = {"Café", "Té", "Pan dulce", "Leche", "Queso \"añejo\"", "Miel, pura"};

  /** Sums of one aggregate key. */
  public record Sums(long transactions, BigDecimal quantity, BigDecimal revenue) {
    Sums plus(BigDecimal moreQuantity, BigDecimal moreRevenue) {
      return new Sums(transactions + 1, quantity.add(moreQuantity), revenue.add(moreRevenue));
    }
  }

  /** {@code rows} rows from the seed, every 17th with a quantity that is not a number. */
  public static SalesUpload generate(long seed, int rows) {
    return generate(seed, rows, 0);
  }

  /**
   * {@code rows} rows from the seed, every 17th invalid; with {@code extraProducts} more than 0, products are drawn
   * from that many generated names too, so the upload has many aggregate keys.
   */
  public static SalesUpload generate(long seed, int rows, int extraProducts) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    Map<String, Sums> sums = new LinkedHashMap<>();
    long valid = 0;
    for (int i = 0; i < rows; i++) {
      LocalDate date = LocalDate.of(2026, 10, 20).plusDays(random.nextInt(30));
      int pick = random.nextInt(PRODUCTS.length + extraProducts);
      String product = pick < PRODUCTS.length ? PRODUCTS[pick] : "product-" + (pick - PRODUCTS.length);
      BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(9));
      BigDecimal amount = BigDecimal.valueOf(random.nextInt(100_000), 2);
      boolean invalid = i % 17 == 16;
      csv.append(date).append(',').append(quote(product)).append(',')
          .append(invalid ? "n/a" : quantity.toPlainString()).append(',').append(amount.toPlainString()).append('\n');
      if (!invalid) {
        valid++;
        add(sums, "daily/" + date, quantity, amount);
        add(sums, "monthly/" + date.toString().substring(0, 7), quantity, amount);
        add(sums, "product/" + product, quantity, amount);
      }
    }
    return new SalesUpload(csv.toString(), rows, valid, sums);
  }

  /** Whether the pipeline's aggregates of this upload, keyed {@code <kind>/<key>}, are exactly the expected ones. */
  public boolean matches(Map<String, AggregateRow> actual) {
    Map<String, Sums> sums = new LinkedHashMap<>();
    actual.forEach((key, row) -> sums.put(key, new Sums(row.transactions(), row.quantity(), row.revenue())));
    return sums.equals(aggregates);
  }

  private static void add(Map<String, Sums> sums, String key, BigDecimal quantity, BigDecimal amount) {
    sums.merge(key, new Sums(1, quantity, amount), (a, b) -> a.plus(b.quantity(), b.revenue()));
  }

  private static String quote(String value) {
    return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
