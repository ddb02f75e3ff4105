package org.uploadpipeline.protocol;

/**
 * Where the CSV text of an upload lives: exactly one of the two fields is set.
 *
 * @param uri {@code file://} on storage the processor can read, or {@code http(s)://}
 * @param inline the CSV text itself, for small files
 */
public record UploadSource(String uri, String inline) {

  public static UploadSource ofUri(String uri) {
    return new UploadSource(uri, null);
  }

  public static UploadSource ofInline(String csv) {
    return new UploadSource(null, csv);
  }
}
