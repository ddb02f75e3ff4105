package org.uploadpipeline.protocol;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guesses an upload's format and column mapping from the start of its file, the one guess used by the terminal
 * uploader and, through {@code POST /api/uploads/guess}, by the demo page: the delimiter (the most frequent of
 * {@code , ; TAB |} in the header), each mapping field's column (by common English and Spanish names, ignoring case,
 * accents and separators), and from the first rows the date format and decimal separator. Whether the mapped columns
 * really exist is left to the processor, which names every missing one.
 */
public final class CsvGuess {

  /** Mapping parameters in the order the upload API lists them. */
  public static final List<String> FIELDS =
      List.of("date", "product", "quantity", "amount", "unitPrice", "transactionId", "customer");

  /** Fields a mapping must have; besides them, {@code amount} or {@code unitPrice}. */
  public static final List<String> REQUIRED = List.of("date", "product", "quantity");

  /** Rows after the header that are looked at for the date format and the decimal separator. */
  public static final int SAMPLE_ROWS = 20;

  private static final Map<String, List<String>> SYNONYMS = new LinkedHashMap<>();

  static {
    SYNONYMS.put("date", List.of("fecha", "date", "fechaventa", "saledate", "transactiondate", "orderdate", "dia",
        "day", "datum"));
    SYNONYMS.put("product", List.of("producto", "product", "productname", "nombreproducto", "articulo", "item",
        "sku"));
    SYNONYMS.put("quantity", List.of("cantidad", "quantity", "qty", "unidades", "units", "cant"));
    SYNONYMS.put("amount", List.of("total", "amount", "importe", "monto", "linetotal", "totalamount", "revenue"));
    SYNONYMS.put("unitPrice", List.of("preciounitario", "unitprice", "precio", "price"));
    SYNONYMS.put("transactionId", List.of("transactionid", "idtransaccion", "transaccion", "orderid", "txid", "id"));
    SYNONYMS.put("customer", List.of("cliente", "customer", "customerid", "client"));
  }

  private static final String DELIMITER_CANDIDATES = ",;\t|";
  /** Date shapes and the pattern each means; the first that matches the first date value wins. */
  private static final Map<Pattern, String> DATE_SHAPES = new LinkedHashMap<>();

  static {
    DATE_SHAPES.put(Pattern.compile("\\d{4}-\\d{2}-\\d{2}"), "yyyy-MM-dd");
    DATE_SHAPES.put(Pattern.compile("\\d{2}/\\d{2}/\\d{4}"), "dd/MM/yyyy");
    DATE_SHAPES.put(Pattern.compile("\\d{2}-\\d{2}-\\d{4}"), "dd-MM-yyyy");
    DATE_SHAPES.put(Pattern.compile("\\d{4}/\\d{2}/\\d{2}"), "yyyy/MM/dd");
    DATE_SHAPES.put(Pattern.compile("\\d{2}\\.\\d{2}\\.\\d{4}"), "dd.MM.yyyy");
  }

  private static final Pattern COMMA_DECIMAL = Pattern.compile("-?\\d+,\\d+");

  /**
   * What was guessed.
   *
   * @param columns the header's column names, trimmed
   * @param mapping field → column, for the fields whose column could be guessed (never both amount and unit price)
   * @param dateFormat the upload API's {@code dateFormat} for the first date value ({@code yyyy-MM-dd} if unknown)
   * @param decimalSeparator {@code ,} when numbers are written with a decimal comma, else {@code .}
   */
  public record Result(
      List<String> columns, String delimiter, Map<String, String> mapping, String dateFormat,
      String decimalSeparator) {

    /** The required fields (and amount, when neither amount nor unit price is mapped) without a column. */
    public List<String> missing() {
      List<String> missing = new ArrayList<>();
      for (String field : REQUIRED) {
        if (!mapping.containsKey(field)) {
          missing.add(field);
        }
      }
      if (!mapping.containsKey("amount") && !mapping.containsKey("unitPrice")) {
        missing.add("amount");
      }
      return missing;
    }
  }

  private CsvGuess() {}

  /**
   * Guesses from the start of a file: its header line and up to {@link #SAMPLE_ROWS} rows (a byte-order mark and
   * blank lines are skipped; a last line cut short does no harm).
   *
   * @param delimiter the delimiter if known, else null to guess it
   * @param given mapping fields already decided; their columns are not guessed for other fields
   */
  public static Result guess(String start, String delimiter, Map<String, String> given) {
    List<String> lines = start.replaceFirst("^\uFEFF", "").lines().filter(line -> !line.isBlank())
        .limit(SAMPLE_ROWS + 1L).toList();
    String header = lines.isEmpty() ? "" : lines.get(0);
    char separator = delimiter == null || delimiter.isEmpty() ? delimiterOf(header) : delimiter.charAt(0);
    List<String> columns = splitLine(header, separator);
    List<List<String>> sample = lines.stream().skip(1).map(line -> splitLine(line, separator)).toList();

    Map<String, String> mapping = new LinkedHashMap<>();
    List<String> taken = new ArrayList<>(given.values());
    for (String field : FIELDS) {
      boolean priceField = field.equals("amount") || field.equals("unitPrice");
      boolean priceDecided = mapping.containsKey("amount") || given.containsKey("amount")
          || given.containsKey("unitPrice");
      if (given.containsKey(field) || (priceField && priceDecided)) {
        continue;
      }
      columnFor(field, columns, taken).ifPresent(column -> {
        mapping.put(field, column);
        taken.add(column);
      });
    }
    Map<String, String> all = new LinkedHashMap<>(given);
    all.putAll(mapping);
    return new Result(columns, String.valueOf(separator), all, dateFormat(columns, sample, all.get("date")),
        decimalSeparator(columns, sample, all, separator));
  }

  /** The header column for {@code field}, if one has a known name and is not taken by another field already. */
  public static Optional<String> columnFor(String field, List<String> columns, Collection<String> taken) {
    for (String synonym : SYNONYMS.get(field)) {
      for (String column : columns) {
        if (normalize(column).equals(synonym) && !taken.contains(column)) {
          return Optional.of(column);
        }
      }
    }
    return Optional.empty();
  }

  /** The most frequent of {@code , ; TAB |} in the line, outside quotes; {@code ,} when none occurs. */
  public static char delimiterOf(String headerLine) {
    char best = ',';
    long bestCount = 0;
    for (char candidate : DELIMITER_CANDIDATES.toCharArray()) {
      long count = splitLine(headerLine, candidate).size() - 1;
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  /** The fields of one CSV line, RFC 4180 quoting honoured, each trimmed. */
  public static List<String> splitLine(String line, char delimiter) {
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

  private static String dateFormat(List<String> columns, List<List<String>> sample, String dateColumn) {
    int index = columns.indexOf(dateColumn);
    if (index >= 0) {
      for (List<String> row : sample) {
        if (index < row.size() && !row.get(index).isEmpty()) {
          String value = row.get(index);
          return DATE_SHAPES.entrySet().stream().filter(shape -> shape.getKey().matcher(value).matches())
              .map(Map.Entry::getValue).findFirst().orElse("yyyy-MM-dd");
        }
      }
    }
    return "yyyy-MM-dd";
  }

  private static String decimalSeparator(
      List<String> columns, List<List<String>> sample, Map<String, String> mapping, char delimiter) {
    if (delimiter == ',') {
      return ".";
    }
    List<Integer> numbers = new ArrayList<>();
    for (String field : List.of("quantity", "amount", "unitPrice")) {
      int index = columns.indexOf(mapping.get(field));
      if (index >= 0) {
        numbers.add(index);
      }
    }
    boolean comma = sample.stream().anyMatch(row -> numbers.stream()
        .anyMatch(i -> i < row.size() && COMMA_DECIMAL.matcher(row.get(i)).matches()));
    return comma ? "," : ".";
  }

  private static String normalize(String column) {
    String plain = Normalizer.normalize(column, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
