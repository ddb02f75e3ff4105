package org.uploadpipeline.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

/** Client → server messages of the WebSocket channel, written with {@link WebSocketJson#write(ClientMessage)}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ClientMessage.Authenticate.class, name = "authenticate"),
  @JsonSubTypes.Type(value = ClientMessage.Ping.class, name = "ping")
})
public sealed interface ClientMessage {

  /** The first message, when the token is neither in the query nor in a header: keeps it out of URLs and logs. */
  record Authenticate(String token) implements ClientMessage {}

  /** An application-level ping; the server echoes the timestamp in {@code pong}. */
  record Ping(JsonNode timestamp) implements ClientMessage {}
}
