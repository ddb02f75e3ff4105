package org.uploadpipeline.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CSV column name that holds each transaction field. {@code date}, {@code product} and {@code quantity} are
 * required, and one of {@code amount} (line total) or {@code unitPrice} (amount = quantity × unitPrice).
 */
public record ColumnMapping(
    String date,
    String product,
    String quantity,
    String amount,
    String unitPrice,
    String transactionId,
    String customer) {

  /** The mapped columns that are set, field name → column name, in declaration order. */
  public Map<String, String> mappedColumns() {
    Map<String, String> columns = new LinkedHashMap<>();
    putIfSet(columns, "date", date);
    putIfSet(columns, "product", product);
    putIfSet(columns, "quantity", quantity);
    putIfSet(columns, "amount", amount);
    putIfSet(columns, "unitPrice", unitPrice);
    putIfSet(columns, "transactionId", transactionId);
    putIfSet(columns, "customer", customer);
    return columns;
  }

  private static void putIfSet(Map<String, String> columns, String field, String column) {
    if (column != null) {
      columns.put(field, column);
    }
  }
}
