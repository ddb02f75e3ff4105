package org.uploadpipeline.protocol;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the contract: ISO-8601 instants, exact decimals, tolerant of fields added later. */
public final class ProtocolJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // A number or flag added later is absent from older records (still on the compacted topic) and from older
          // gateways' messages: read as 0 or false, as its documentation says, instead of failing the whole record.
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private ProtocolJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }
}
