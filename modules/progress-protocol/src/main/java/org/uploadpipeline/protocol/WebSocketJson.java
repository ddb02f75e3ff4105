package org.uploadpipeline.protocol;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of the WebSocket channel: the contract's mapper with snake_case names, as the original frontend reads. */
public final class WebSocketJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // As in ProtocolJson: a number or flag an older gateway does not send reads as 0 or false.
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private WebSocketJson() {}

  /** The message as the text of one frame. */
  public static String write(ServerMessage message) {
    return MAPPER.writeValueAsString(message);
  }

  /** A client message as the text of one frame. */
  public static String write(ClientMessage message) {
    return MAPPER.writeValueAsString(message);
  }

  /** A server message read back, for clients and tests. */
  public static ServerMessage read(String json) {
    return MAPPER.readValue(json, ServerMessage.class);
  }

  public static JsonMapper mapper() {
    return MAPPER;
  }
}
