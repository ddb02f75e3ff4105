package org.uploadpipeline.gateway.upload;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.uploadpipeline.protocol.CsvGuess;

/**
 * {@code POST /api/uploads/guess}: the format and column mapping guessed from the start of a CSV ({@link CsvGuess},
 * the same guess the terminal uploader makes), so the demo page and other clients need no copy of the rules. Only the
 * first {@value #MAX_BYTES} bytes are read; the rest of a larger body is ignored.
 */
@RestController
class CsvGuessController {

  static final int MAX_BYTES = 64 * 1024;

  @PostMapping(path = "/api/uploads/guess", consumes = "text/csv", produces = MediaType.APPLICATION_JSON_VALUE)
  CsvGuess.Result guess(
      @RequestParam(required = false) String delimiter,
      @RequestParam(defaultValue = "UTF-8") String encoding,
      HttpServletRequest request)
      throws IOException {
    if (delimiter != null && delimiter.length() != 1) {
      throw ApiException.badRequest("delimiter must be one character, got '" + delimiter + "'");
    }
    Charset charset;
    try {
      charset = Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("unknown encoding: " + encoding);
    }
    byte[] start;
    try (InputStream body = request.getInputStream()) {
      start = body.readNBytes(MAX_BYTES);
    }
    // A cut may split the last character; decoding replaces it, and a guess needs only whole lines anyway.
    return CsvGuess.guess(new String(start, charset), delimiter, Map.of());
  }
}
