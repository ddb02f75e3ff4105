package org.uploadpipeline.processor.model;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.uploadpipeline.protocol.TraceParent;
import org.uploadpipeline.protocol.UploadStatus;

/**
 * One trace per upload, from the HTTP request to the socket: the job's {@code traceparent} header (or a new trace)
 * is what every record of the upload carries from its acceptance on ({@link TraceParent#HEADER}), and the upload's
 * acceptance and end are spans in it. The steps see only this; the service records the spans with Micrometer
 * Tracing.
 */
public interface UploadTracing {

  /**
   * The job of an upload was taken: records its acceptance as a span, child of the job's trace context when it has
   * one, else the root of a new trace.
   *
   * @param jobTraceparent the job record's {@code traceparent} header, null when absent
   * @return the {@code traceparent} the upload's records carry from now on; null when there is no trace
   */
  String accepted(String uploadId, String tenantId, String jobTraceparent);

  /** The upload ended ({@code completed}, {@code failed} or {@code cancelled}): a span in its trace. */
  void ended(String uploadId, String traceparent, UploadStatus status);

  /** Records no spans and starts no trace: the job's context, when valid, is passed on as it is (tests). */
  UploadTracing PASS_THROUGH = new UploadTracing() {
    @Override
    public String accepted(String uploadId, String tenantId, String jobTraceparent) {
      return TraceParent.parse(jobTraceparent).map(TraceParent::header).orElse(null);
    }

    @Override
    public void ended(String uploadId, String traceparent, UploadStatus status) {}
  };

  /** The {@code traceparent} header of a record, or null. */
  static String traceparentOf(Headers headers) {
    var header = headers == null ? null : headers.lastHeader(TraceParent.HEADER);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Headers carrying {@code traceparent}, or none when it is null. */
  static Headers headersWith(String traceparent) {
    Headers headers = new RecordHeaders();
    if (traceparent != null) {
      headers.add(TraceParent.HEADER, traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    return headers;
  }
}
