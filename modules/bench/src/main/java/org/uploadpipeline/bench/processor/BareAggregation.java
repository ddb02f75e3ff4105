package org.uploadpipeline.bench.processor;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The baseline the pipeline is compared with: one thread, Commons CSV, the same row rules, exact sums in hash maps.
 * No Kafka, no durability, no progress: the least work that gives the same answer.
 */
final class BareAggregation {

  private BareAggregation() {}

  /**
   * What the pipeline must report for the file.
   *
   * @param sums quantity and amount per {@code <kind>/<key>}, as the aggregates topic keys them after the upload id
   */
  record Result(long rows, long valid, Map<String, BigDecimal[]> sums) {

    long keys(String kind) {
      return sums.keySet().stream().filter(key -> key.startsWith(kind + "/")).count();
    }
  }

  static Result run(Path file) throws IOException {
    DateTimeFormatter dates = DateTimeFormatter.ISO_LOCAL_DATE;
    Map<String, BigDecimal[]> sums = new HashMap<>();
    long rows = 0;
    long valid = 0;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      for (CSVRecord record : parser) {
        rows++;
        try {
          LocalDate date = LocalDate.parse(record.get("fecha").trim(), dates);
          String product = record.get("producto").trim();
          BigDecimal quantity = new BigDecimal(record.get("cantidad").trim());
          BigDecimal amount = new BigDecimal(record.get("total").trim());
          if (product.isEmpty()) {
            continue;
          }
          valid++;
          add(sums, "daily/" + date, quantity, amount);
          add(sums, "monthly/" + date.toString().substring(0, 7), quantity, amount);
          add(sums, "product/" + product, quantity, amount);
        } catch (DateTimeParseException | NumberFormatException e) {
          // An invalid row: counted, left out of the sums.
        }
      }
    }
    return new Result(rows, valid, sums);
  }

  private static void add(Map<String, BigDecimal[]> sums, String key, BigDecimal quantity, BigDecimal amount) {
    BigDecimal[] sum = sums.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    sum[0] = sum[0].add(quantity);
    sum[1] = sum[1].add(amount);
  }
}
