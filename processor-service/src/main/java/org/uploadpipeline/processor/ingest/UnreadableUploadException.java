package org.uploadpipeline.processor.ingest;

/** The upload's file cannot be read as the job describes it; the message is the reason shown to the user. */
public class UnreadableUploadException extends Exception {

  public UnreadableUploadException(String message) {
    super(message);
  }

  public UnreadableUploadException(String message, Throwable cause) {
    super(message, cause);
  }
}
