package org.uploadpipeline.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.uploadpipeline.protocol.CsvGuess;

/**
 * Completes what the user left out from the start of the file, with the guess the demo page gets from the gateway
 * ({@link CsvGuess}): the column of each mapping field, the delimiter, the date format and the decimal separator.
 * Only the first {@value #READ_CHARS} characters are read.
 */
final class ColumnGuesser {

  /** Mapping parameters in the order the upload API lists them. */
  static final List<String> FIELDS = CsvGuess.FIELDS;

  static final int READ_CHARS = 64 * 1024;

  private ColumnGuesser() {}

  /**
   * The request for {@code file}: {@code explicitMapping} and {@code explicitFormat} (upload API parameter names) as
   * given, the rest of the mapping and the format guessed from the header and the first rows.
   *
   * @throws CliFailure ({@link ExitCodes#USAGE}) when the file cannot be read or a required field cannot be guessed
   */
  static UploadRequest complete(Path file, Map<String, String> explicitMapping, Map<String, String> explicitFormat) {
    Map<String, String> format = new LinkedHashMap<>(explicitFormat);
    boolean header = !"false".equals(format.get("header"));
    boolean amountGiven = explicitMapping.containsKey("amount") || explicitMapping.containsKey("unitPrice");
    boolean complete = explicitMapping.keySet().containsAll(CsvGuess.REQUIRED) && amountGiven;
    if (!header) {
      if (!complete) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "with --no-header nothing can be guessed: name the columns by number, e.g. "
                + "--date 1 --product 2 --quantity 3 --amount 4");
      }
      return new UploadRequest(file, explicitMapping, Set.of(), format);
    }
    String start = readStart(file, format.get("encoding"));
    CsvGuess.Result guess = CsvGuess.guess(start, format.get("delimiter"), explicitMapping);
    putIfNotDefault(format, "delimiter", guess.delimiter(), ",");
    putIfNotDefault(format, "dateFormat", guess.dateFormat(), "yyyy-MM-dd");
    putIfNotDefault(format, "decimalSeparator", guess.decimalSeparator(), ".");
    List<String> missing = guess.missing();
    if (!missing.isEmpty()) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "cannot guess the column for " + String.join(", ", missing) + " from the header " + guess.columns()
              + ": name it with " + options(missing));
    }
    Set<String> guessed = new LinkedHashSet<>(guess.mapping().keySet());
    guessed.removeAll(explicitMapping.keySet());
    return new UploadRequest(file, guess.mapping(), guessed, format);
  }

  /** Sends a guessed format parameter only when the user did not set it and it is not the API's default anyway. */
  private static void putIfNotDefault(Map<String, String> format, String name, String guessed, String byDefault) {
    if (!format.containsKey(name) && !guessed.equals(byDefault)) {
      format.put(name, guessed);
    }
  }

  private static String readStart(Path file, String encoding) {
    Charset charset;
    try {
      charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "unknown encoding: " + encoding);
    }
    try (Reader reader =
        new InputStreamReader(
            Files.newInputStream(file),
            charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      char[] buffer = new char[READ_CHARS];
      int length = 0;
      for (int read = 0; read >= 0 && length < buffer.length; length += read) {
        read = reader.read(buffer, length, buffer.length - length);
        if (read < 0) {
          break;
        }
      }
      String start = new String(buffer, 0, length);
      if (start.replace("\uFEFF", "").isBlank()) {
        throw new CliFailure(
            ExitCodes.USAGE, file + " is empty: there is no header to guess the mapping from; name the columns");
      }
      return start;
    } catch (CharacterCodingException e) {
      throw new CliFailure(
          ExitCodes.USAGE, "the start of " + file + " is not valid " + charset.name() + ": set --encoding");
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
