package org.uploadpipeline.processor.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes strictly and, when they are not valid in the charset, says on which line: an
 * {@code InputStreamReader} fails on the whole buffer it was filling, so its error cannot name the line.
 */
final class StrictDecodingReader extends Reader {

  private static final int BUFFER_BYTES = 8192;

  private final InputStream in;
  private final CharsetDecoder decoder;
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
  private long lineBreaks;
  private boolean eof;
  private boolean flushed;

  StrictDecodingReader(InputStream in, Charset charset) {
    this.in = in;
    this.decoder =
        charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (flushed) {
      return -1;
    }
    CharBuffer out = CharBuffer.wrap(target, offset, length);
    while (out.position() == offset) {
      CoderResult result = decoder.decode(bytes, out, eof);
      if (result.isError()) {
        countLineBreaks(target, offset, out.position());
        throw new MalformedTextException(lineBreaks + 1);
      }
      if (result.isUnderflow()) {
        if (eof) {
          decoder.flush(out);
          flushed = true;
          break;
        }
        fill();
      }
    }
    int read = out.position() - offset;
    countLineBreaks(target, offset, out.position());
    return read == 0 && flushed ? -1 : read;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void fill() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  private void countLineBreaks(char[] chars, int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars[i] == '\n') {
        lineBreaks++;
      }
    }
  }

  /** The bytes are not valid text in the charset, on this (1-based, physical) line. */
  static final class MalformedTextException extends CharacterCodingException {
    private final long line;

    MalformedTextException(long line) {
      this.line = line;
    }

    long line() {
      return line;
    }

    @Override
    public String getMessage() {
      return "not valid text on line " + line;
    }
  }
}
