package org.uploadpipeline.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context {@code traceparent} of an upload, as the contract carries it: given to {@code POST
 * /api/uploads} (or started there), then in the {@value #HEADER} Kafka header of the upload's job, of every internal
 * record of the upload and of every snapshot; its trace id also in the snapshot ({@code traceId}) and the WebSocket
 * messages ({@code trace_id}). Only version {@code 00} is read; anything else is no trace context at all, as the W3C
 * recommendation asks of a value that does not parse.
 *
 * @param traceId 32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero: the span that sent it
 * @param flags 2 hex digits ({@code 01}: sampled)
 */
public record TraceParent(String traceId, String parentId, String flags) {

  /** The Kafka header (and HTTP header) name. */
  public static final String HEADER = "traceparent";

  private static final Pattern VERSION_00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final String ZERO_TRACE = "0".repeat(32);
  private static final String ZERO_PARENT = "0".repeat(16);

  /** The trace context in a header value; empty when absent or not a valid version-00 {@code traceparent}. */
  public static Optional<TraceParent> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    var match = VERSION_00.matcher(header.trim());
    if (!match.matches() || ZERO_TRACE.equals(match.group(1)) || ZERO_PARENT.equals(match.group(2))) {
      return Optional.empty();
    }
    return Optional.of(new TraceParent(match.group(1), match.group(2), match.group(3)));
  }

  /** The trace id of a header value, or null when it carries none. */
  public static String traceIdOf(String header) {
    return parse(header).map(TraceParent::traceId).orElse(null);
  }

  /** The header value. */
  public String header() {
    return "00-" + traceId + "-" + parentId + "-" + flags;
  }
}
