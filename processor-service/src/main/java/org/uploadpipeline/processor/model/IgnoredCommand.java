package org.uploadpipeline.processor.model;

import java.util.Locale;

/** Why a record of {@code uploads.commands} changed nothing; a metric tag, so a fixed set. */
public enum IgnoredCommand {
  /** Not a command: empty, too large, not JSON, against the {@code UploadCommand} schema, or keyed otherwise. */
  MALFORMED,
  /** No job for the upload id was ever taken here. */
  UNKNOWN_UPLOAD,
  /** The command names another tenant than the upload's owner. */
  FOREIGN_TENANT,
  /** The upload has ended already (completed, failed, cancelled) or is publishing its aggregates. */
  FINISHED;

  /** The tag value, e.g. {@code unknown-upload}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
