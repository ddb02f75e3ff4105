package org.uploadpipeline.processor.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it, so progress can move by bytes before the row count is known, and refuses to read
 * past the file-size limit, for sources whose size is not known in advance.
 */
final class SizeCappedInputStream extends FilterInputStream {

  private final long maxBytes;
  private long count;

  SizeCappedInputStream(InputStream in, long maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }

  private void add(long bytes) throws FileTooLargeException {
    count += bytes;
    if (count > maxBytes) {
      throw new FileTooLargeException(maxBytes);
    }
  }

  /** The file holds more bytes than the limit. */
  static final class FileTooLargeException extends IOException {
    FileTooLargeException(long maxBytes) {
      super("more than " + maxBytes + " bytes");
    }
  }
}
