package org.uploadpipeline.processor.ingest;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Bounds how many characters the CSV parser can take in while it builds one record, so a line of 60 million
 * characters, or an unclosed quote that swallows the rest of a file, fails that upload instead of filling the heap:
 * Commons CSV holds a whole record in memory before it hands it over.
 *
 * <p>The count restarts at {@link #startRecord()}, called as each record is handed over. The parser reads ahead by at
 * most its buffer, so the guard trips at {@code limit + READ_AHEAD}; the exact limit is checked on each record once
 * it is built.
 */
final class RecordSizeGuard extends FilterReader {

  /** More than the parser's read-ahead buffer (8,192 characters). */
  static final int READ_AHEAD = 16 * 1024;

  private final long tripAt;
  private long sinceRecordStart;

  RecordSizeGuard(Reader in, long maxRecordChars) {
    super(in);
    this.tripAt = maxRecordChars + READ_AHEAD;
  }

  /** A record was handed over: the next one starts. */
  void startRecord() {
    sinceRecordStart = 0;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      count(1);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int chars) throws RecordTooLongException {
    sinceRecordStart += chars;
    if (sinceRecordStart > tripAt) {
      throw new RecordTooLongException();
    }
  }

  /** The record being read is longer than the limit; the reader knows the line, this stream does not. */
  static final class RecordTooLongException extends IOException {
    RecordTooLongException() {
      super("record too long");
    }
  }
}
