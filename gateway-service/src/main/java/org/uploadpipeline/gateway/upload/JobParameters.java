package org.uploadpipeline.gateway.upload;

import java.util.List;
import java.util.Map;
import org.uploadpipeline.protocol.ColumnMapping;
import org.uploadpipeline.protocol.CsvFormat;
import org.uploadpipeline.protocol.JobRules;

/**
 * The column mapping and CSV format of an upload, read from query parameters or form fields and checked before the file
 * is stored, so a job the processor would refuse is refused here with a 400.
 */
record JobParameters(ColumnMapping mapping, CsvFormat format) {

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
    String header = optional(params, "header");
    if (header != null && !header.equals("true") && !header.equals("false")) {
      throw ApiException.badRequest("'header' must be true or false");
    }
    CsvFormat format =
        new CsvFormat(
            optional(params, "delimiter"),
            header == null ? null : Boolean.valueOf(header),
            optional(params, "encoding"),
            optional(params, "dateFormat"),
            optional(params, "decimalSeparator"));
    // The processor applies the same rules to jobs produced straight to Kafka.
    List<String> problems = JobRules.problems(format, mapping);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(String.join("; ", problems));
    }
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

}
