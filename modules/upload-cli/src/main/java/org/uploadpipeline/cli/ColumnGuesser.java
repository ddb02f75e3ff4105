package org.uploadpipeline.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Completes what the user left out from the file's header line: the column of each mapping field (by common English
 * and Spanish names, ignoring case, accents and separators) and the delimiter (the most frequent of
 * {@code , ; TAB |} in the header). Only the header line is read. Whether the mapped columns really exist is left to
 * the processor, which names every missing one.
 */
final class ColumnGuesser {

  /** Mapping parameters in the order the upload API lists them. */
  static final List<String> FIELDS =
      List.of("date", "product", "quantity", "amount", "unitPrice", "transactionId", "customer");

  private static final Map<String, List<String>> SYNONYMS = new LinkedHashMap<>();

  static {
    SYNONYMS.put(
        "date", List.of("fecha", "date", "fechaventa", "saledate", "transactiondate", "orderdate", "dia", "day"));
    SYNONYMS.put("product", List.of("producto", "product", "productname", "nombreproducto", "articulo", "item", "sku"));
    SYNONYMS.put("quantity", List.of("cantidad", "quantity", "qty", "unidades", "units", "cant"));
    SYNONYMS.put("amount", List.of("total", "amount", "importe", "monto", "linetotal", "totalamount", "revenue"));
    SYNONYMS.put("unitPrice", List.of("preciounitario", "unitprice", "precio", "price"));
    SYNONYMS.put("transactionId", List.of("transactionid", "idtransaccion", "transaccion", "orderid", "id"));
    SYNONYMS.put("customer", List.of("cliente", "customer", "customerid", "client"));
  }

  private static final String DELIMITER_CANDIDATES = ",;\t|";

  private ColumnGuesser() {}

  /**
   * The request for {@code file}: {@code explicitMapping} and {@code explicitFormat} (upload API parameter names) as
   * given, the rest of the mapping and the delimiter guessed from the header.
   *
   * @throws CliFailure ({@link ExitCodes#USAGE}) when the file cannot be read or a required field cannot be guessed
   */
  static UploadRequest complete(Path file, Map<String, String> explicitMapping, Map<String, String> explicitFormat) {
    Map<String, String> format = new LinkedHashMap<>(explicitFormat);
    boolean header = !"false".equals(format.get("header"));
    boolean amountGiven = explicitMapping.containsKey("amount") || explicitMapping.containsKey("unitPrice");
    boolean complete = explicitMapping.keySet().containsAll(List.of("date", "product", "quantity")) && amountGiven;
    if (!header) {
      if (!complete) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "with --no-header nothing can be guessed: name the columns by number, e.g. "
                + "--date 1 --product 2 --quantity 3 --amount 4");
      }
      return new UploadRequest(file, explicitMapping, Set.of(), format);
    }
    String headerLine = readHeaderLine(file, format.get("encoding"));
    if (!format.containsKey("delimiter")) {
      char guessed = guessDelimiter(headerLine);
      if (guessed != ',') {
        format.put("delimiter", String.valueOf(guessed));
      }
    }
    char delimiter = format.getOrDefault("delimiter", ",").charAt(0);
    List<String> columns = splitHeader(headerLine, delimiter);

    Map<String, String> mapping = new LinkedHashMap<>(explicitMapping);
    Set<String> guessed = new LinkedHashSet<>();
    for (String field : FIELDS) {
      if (mapping.containsKey(field)) {
        continue;
      }
      boolean priceField = field.equals("amount") || field.equals("unitPrice");
      if (priceField && (mapping.containsKey("amount") || mapping.containsKey("unitPrice"))) {
        continue;
      }
      Optional<String> column = guess(field, columns, mapping.values());
      column.ifPresent(c -> {
        mapping.put(field, c);
        guessed.add(field);
      });
    }
    List<String> missing = new ArrayList<>();
    for (String required : List.of("date", "product", "quantity")) {
      if (!mapping.containsKey(required)) {
        missing.add(required);
      }
    }
    if (!mapping.containsKey("amount") && !mapping.containsKey("unitPrice")) {
      missing.add("amount");
    }
    if (!missing.isEmpty()) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "cannot guess the column for " + String.join(", ", missing) + " from the header " + columns
              + ": name it with " + options(missing));
    }
    return new UploadRequest(file, mapping, guessed, format);
  }

  /** The header column for {@code field}, if one has a known name and is not mapped to another field already. */
  static Optional<String> guess(String field, List<String> columns, Collection<String> taken) {
    for (String synonym : SYNONYMS.get(field)) {
      for (String column : columns) {
        if (normalize(column).equals(synonym) && !taken.contains(column)) {
          return Optional.of(column);
        }
      }
    }
    return Optional.empty();
  }

  static char guessDelimiter(String headerLine) {
    char best = ',';
    long bestCount = 0;
    for (char candidate : DELIMITER_CANDIDATES.toCharArray()) {
      long count = splitHeader(headerLine, candidate).size() - 1;
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  /** The fields of one CSV line, RFC 4180 quoting honoured, each trimmed. */
  static List<String> splitHeader(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString().trim());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString().trim());
    return fields;
  }

  private static String normalize(String column) {
    String plain = Normalizer.normalize(column, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String readHeaderLine(Path file, String encoding) {
    Charset charset;
    try {
      charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "unknown encoding: " + encoding);
    }
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(file),
                charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
      String line = reader.readLine();
      if (line == null) {
        throw new CliFailure(
            ExitCodes.USAGE, file + " is empty: there is no header to guess the mapping from; name the columns");
      }
      return line.startsWith("\uFEFF") ? line.substring(1) : line;
    } catch (CharacterCodingException e) {
      throw new CliFailure(
          ExitCodes.USAGE, "the header of " + file + " is not valid " + charset.name() + ": set --encoding");
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String options(List<String> fields) {
    List<String> options = new ArrayList<>();
    for (String field : fields) {
      options.add("--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) + " COLUMN");
    }
    return String.join(" ", options);
  }
}
