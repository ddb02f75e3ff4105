package org.uploadpipeline.processor.validate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.uploadpipeline.processor.model.ChunkRow;
import org.uploadpipeline.processor.model.RowRules;
import org.uploadpipeline.protocol.JobRules;
import org.uploadpipeline.protocol.RowError;

/**
 * Applies the contract's row rules to one row: all fields present, a date in the upload's format, decimal numbers in
 * its decimal separator (blanks trimmed, negatives allowed), a product that is not blank, no value over the cap.
 */
final class RowValidator {

  private static final Pattern DOT_DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final Pattern COMMA_DECIMAL = Pattern.compile("[+-]?(\\d+(,\\d*)?|,\\d+)");

  private final RowRules rules;
  private final DateTimeFormatter dateFormatter;
  /** Dates parsed in this chunk: a file holds few distinct dates, and strict parsing is the costliest rule. */
  private final Map<String, LocalDate> parsedDates = new HashMap<>();
  private final Pattern decimalPattern;

  RowValidator(RowRules rules) {
    this.rules = rules;
    this.dateFormatter = JobRules.strictDateFormatter(rules.dateFormat());
    this.decimalPattern = rules.decimalSeparator().equals(",") ? COMMA_DECIMAL : DOT_DECIMAL;
  }

  /** The valid row, or the first rule it breaks. */
  Outcome validate(ChunkRow row) {
    if (row.missingFields() > 0) {
      return Outcome.invalid(
          new RowError(row.line(), null, "row has " + row.missingFields() + " field(s) fewer than the header"));
    }
    for (int field = 0; field < row.values().size(); field++) {
      if (row.values().get(field).length() > rules.maxFieldChars()) {
        return invalid(row, field, "value longer than " + rules.maxFieldChars() + " characters");
      }
    }
    String dateText = row.values().get(RowRules.DATE).trim();
    LocalDate date = parsedDates.get(dateText);
    if (date == null) {
      try {
        date = LocalDate.parse(dateText, dateFormatter);
      } catch (DateTimeParseException e) {
        return invalid(row, RowRules.DATE, "not a date in " + rules.dateFormat() + ": '" + dateText + "'");
      }
      parsedDates.put(dateText, date);
    }
    String product = row.values().get(RowRules.PRODUCT).trim();
    if (product.isEmpty()) {
      return invalid(row, RowRules.PRODUCT, "product is blank");
    }
    BigDecimal quantity = decimal(row, RowRules.QUANTITY);
    if (quantity == null) {
      return notANumber(row, RowRules.QUANTITY);
    }
    BigDecimal price = decimal(row, RowRules.PRICE);
    if (price == null) {
      return notANumber(row, RowRules.PRICE);
    }
    BigDecimal amount = rules.priceIsPerUnit() ? quantity.multiply(price) : price;
    return Outcome.valid(new ValidRow(date, product, quantity, amount));
  }

  private BigDecimal decimal(ChunkRow row, int field) {
    String text = row.values().get(field).trim();
    if (!decimalPattern.matcher(text).matches()) {
      return null;
    }
    return new BigDecimal(text.replace(',', '.'));
  }

  private Outcome notANumber(ChunkRow row, int field) {
    return invalid(row, field, "not a number: '" + row.values().get(field).trim() + "'");
  }

  private Outcome invalid(ChunkRow row, int field, String message) {
    return Outcome.invalid(new RowError(row.line(), rules.columns().get(field), message));
  }

  /** Either a valid row or the error that makes it invalid. */
  record Outcome(ValidRow row, RowError error) {
    static Outcome valid(ValidRow row) {
      return new Outcome(row, null);
    }

    static Outcome invalid(RowError error) {
      return new Outcome(null, error);
    }

    boolean isValid() {
      return row != null;
    }
  }
}
