package org.uploadpipeline.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What is sent: the file, the column mapping (upload API parameter → CSV column) and the CSV format parameters that
 * differ from the gateway's defaults.
 *
 * @param file the CSV file, streamed as the request body
 * @param mapping {@code date}, {@code product}, {@code quantity}, {@code amount} or {@code unitPrice}, and optionally
 *     {@code transactionId}, {@code customer}; kept in that order
 * @param guessed the mapping parameters whose column was guessed from the header rather than given
 * @param format {@code delimiter}, {@code header}, {@code encoding}, {@code dateFormat}, {@code decimalSeparator}
 *     when set or guessed
 */
record UploadRequest(Path file, Map<String, String> mapping, Set<String> guessed, Map<String, String> format) {

  UploadRequest {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String field : ColumnGuesser.FIELDS) {
      if (mapping.containsKey(field)) {
        ordered.put(field, mapping.get(field));
      }
    }
    mapping = Collections.unmodifiableMap(ordered);
    guessed = Set.copyOf(guessed);
    format = Collections.unmodifiableMap(new LinkedHashMap<>(format));
  }

  /** The query string of {@code POST /api/uploads}: mapping, then format, then the file's name (for the board). */
  String query() {
    String fileName = file.getFileName() == null ? "" : "&fileName=" + encode(file.getFileName().toString());
    return Stream.concat(mapping.entrySet().stream(), format.entrySet().stream())
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&")) + fileName;
  }

  /** {@code date=fecha, product=producto, ...} for the user. */
  String describeMapping() {
    return mapping.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
