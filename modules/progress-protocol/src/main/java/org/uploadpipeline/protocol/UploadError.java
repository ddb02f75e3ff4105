package org.uploadpipeline.protocol;

/**
 * Why an upload failed.
 *
 * @param message a short summary, e.g. {@code Processing failed}
 * @param details the specific reason, e.g. {@code Invalid column mapping for 'fecha'}
 */
public record UploadError(String message, String details) {}
