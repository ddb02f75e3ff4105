package org.uploadpipeline.gateway.progress;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.uploadpipeline.protocol.ProtocolJson;
import org.uploadpipeline.protocol.UploadStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The fields of a progress record the store decides by (whose upload, which tenant, how new, what status), and when
 * it was written (for the tenant board's order and the stall check), read from its JSON with a streaming parser that
 * builds no objects: the store keeps the topic's bytes as they are and a full parse happens only when someone reads
 * the snapshot. The whole document is still read, so a record that is not one JSON object is refused here.
 *
 * @param updatedAt null when absent or not an ISO-8601 instant (the record is still served; only its place on a board
 *     and its stall check need it)
 */
record SnapshotHeader(String uploadId, String tenantId, long seq, UploadStatus status, Instant updatedAt) {

  private static final Map<String, UploadStatus> BY_WIRE_NAME =
      Arrays.stream(UploadStatus.values()).collect(Collectors.toUnmodifiableMap(UploadStatus::wireName, s -> s));

  /** The header of a record, or null when it is not a JSON object with the four first fields of the right types. */
  static SnapshotHeader read(byte[] json) {
    String uploadId = null;
    String tenantId = null;
    Long seq = null;
    UploadStatus status = null;
    Instant updatedAt = null;
    try (JsonParser parser = ProtocolJson.mapper().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String field;
      while ((field = parser.nextName()) != null) {
        JsonToken value = parser.nextToken();
        switch (field) {
          case "uploadId" -> uploadId = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          case "tenantId" -> tenantId = value == JsonToken.VALUE_STRING ? parser.getString() : null;
          case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
          case "status" -> status = value == JsonToken.VALUE_STRING ? status(parser.getString()) : null;
          case "updatedAt" -> updatedAt = value == JsonToken.VALUE_STRING ? instant(parser.getString()) : null;
          default -> parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return null;
      }
    } catch (JacksonException e) {
      return null;
    }
    if (uploadId == null || tenantId == null || seq == null || status == null) {
      return null;
    }
    return new SnapshotHeader(uploadId, tenantId, seq, status, updatedAt);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static UploadStatus status(String wireName) {
    return BY_WIRE_NAME.get(wireName);
  }
}
