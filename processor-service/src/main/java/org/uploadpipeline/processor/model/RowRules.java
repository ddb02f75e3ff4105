package org.uploadpipeline.processor.model;

import java.util.List;

/**
 * What validating a row of one upload needs to know.
 *
 * @param columns CSV column names in the order of {@link ChunkRow#values()}: date, product, quantity, then amount
 *     or unit price
 * @param dateFormat the upload's date pattern
 * @param decimalSeparator {@code .} or {@code ,}
 * @param priceIsPerUnit true when the fourth column is a unit price (amount = quantity × unit price)
 * @param maxFieldChars longest value a mapped column may hold
 */
public record RowRules(
    List<String> columns, String dateFormat, String decimalSeparator, boolean priceIsPerUnit, int maxFieldChars) {

  /** Positions in {@link #columns()} and {@link ChunkRow#values()}. */
  public static final int DATE = 0;
  public static final int PRODUCT = 1;
  public static final int QUANTITY = 2;
  public static final int PRICE = 3;
}
