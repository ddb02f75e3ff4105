package org.uploadpipeline.protocol;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the contract: ISO-8601 instants, exact decimals, tolerant of fields added later. */
public final class ProtocolJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private ProtocolJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }
}
