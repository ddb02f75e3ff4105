package org.uploadpipeline.protocol;

import java.util.regex.Pattern;

/** The one rule for upload ids: 1 to 64 characters of {@code [A-Za-z0-9_-]} (plain numbers are valid ids). */
public final class UploadId {

  /** The pattern, as in {@code upload-job.schema.json}. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private UploadId() {}

  /** Whether the text is a valid upload id (null is not). */
  public static boolean isValid(String text) {
    return text != null && PATTERN.matcher(text).matches();
  }
}
