package org.uploadpipeline.gateway.upload;

import java.nio.charset.Charset;
import java.util.Map;
import java.util.Set;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;

/**
 * The column mapping and CSV format of an upload, read from query parameters or form fields and checked before the file
 * is stored, so a job the processor would refuse is refused here with a 400.
 */
record JobParameters(ColumnMapping mapping, CsvFormat format) {

  private static final Set<String> DECIMAL_SEPARATORS = Set.of(".", ",");

  static JobParameters from(Map<String, String> params) {
    ColumnMapping mapping =
        new ColumnMapping(
            required(params, "date"),
            required(params, "product"),
            required(params, "quantity"),
            optional(params, "amount"),
            optional(params, "unitPrice"),
            optional(params, "transactionId"),
            optional(params, "customer"));
    if (mapping.amount() == null && mapping.unitPrice() == null) {
      throw ApiException.badRequest("one of the parameters 'amount' or 'unitPrice' is required");
    }
    String delimiter = optional(params, "delimiter");
    if (delimiter != null && delimiter.length() != 1) {
      throw ApiException.badRequest("'delimiter' must be one character");
    }
    String header = optional(params, "header");
    if (header != null && !header.equals("true") && !header.equals("false")) {
      throw ApiException.badRequest("'header' must be true or false");
    }
    String encoding = optional(params, "encoding");
    if (encoding != null && !isSupportedCharset(encoding)) {
      throw ApiException.badRequest("unsupported 'encoding': " + encoding);
    }
    String decimalSeparator = optional(params, "decimalSeparator");
    if (decimalSeparator != null && !DECIMAL_SEPARATORS.contains(decimalSeparator)) {
      throw ApiException.badRequest("'decimalSeparator' must be '.' or ','");
    }
    CsvFormat format =
        new CsvFormat(
            delimiter,
            header == null ? null : Boolean.valueOf(header),
            encoding,
            optional(params, "dateFormat"),
            decimalSeparator);
    return new JobParameters(mapping, format);
  }

  private static String required(Map<String, String> params, String name) {
    String value = optional(params, name);
    if (value == null) {
      throw ApiException.badRequest("the mapping parameter '" + name + "' is required");
    }
    return value;
  }

  private static String optional(Map<String, String> params, String name) {
    String value = params.get(name);
    // A delimiter may be a blank (tab): only an empty value counts as absent.
    return value == null || value.isEmpty() ? null : value;
  }

  private static boolean isSupportedCharset(String name) {
    try {
      return Charset.isSupported(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
