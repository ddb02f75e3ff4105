package org.uploadpipeline.gateway.upload;

/**
 * The name an upload is shown under on the tenant board: what the uploader called its file, reduced to a name (no
 * directory, no control characters, at most {@link #MAX_LENGTH} characters), as the job's schema requires. Null when
 * there is nothing left of it.
 */
final class UploadFileName {

  static final int MAX_LENGTH = 255;

  private UploadFileName() {}

  /** @param given a multipart part's file name or the {@code fileName} parameter; may be null or a whole path */
  static String of(String given) {
    if (given == null) {
      return null;
    }
    String name = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
    StringBuilder kept = new StringBuilder(Math.min(name.length(), MAX_LENGTH));
    name.codePoints()
        .filter(c -> !Character.isISOControl(c))
        .forEach(c -> {
          if (kept.length() + Character.charCount(c) <= MAX_LENGTH) {
            kept.appendCodePoint(c);
          }
        });
    String trimmed = kept.toString().strip();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
