package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.protocol.ClientMessage;
import org.uploadpipeline.protocol.ServerMessage;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.Topics;

/** docs/asyncapi.yaml, the contract in AsyncAPI 3: it parses, each message has a schema, nothing is left out. */
class AsyncApiDocumentTest {

  private static final Path DOCUMENT = Repository.file("docs/asyncapi.yaml");
  private final Map<String, Object> document = Repository.yaml(DOCUMENT);

  @Test
  void isAnAsyncApi3Document() {
    assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
    assertThat(document).containsKeys("info", "servers", "channels", "operations", "components");
  }

  @Test
  void everyMessageHasASchemaThatExists() {
    Map<String, Object> messages = map(map(document.get("components")).get("messages"));
    assertThat(messages).isNotEmpty();
    messages.forEach((name, message) -> {
      Object payload = map(message).get("payload");
      assertThat(payload).as("payload of message %s", name).isInstanceOf(Map.class);
      Object ref = map(payload).get("$ref");
      if (ref != null) {
        Path schema = DOCUMENT.getParent().resolve(ref.toString()).normalize();
        assertThat(schema).as("schema of message %s", name).isRegularFile();
      }
    });
  }

  @Test
  void everyInternalReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs.stream().filter(r -> r.startsWith("#/")).toList()) {
      Object target = document;
      for (String part : ref.substring(2).split("/")) {
        assertThat(target).as(ref).isInstanceOf(Map.class);
        target = map(target).get(part);
      }
      assertThat(target).as(ref).isNotNull();
    }
  }

  @Test
  void everyContractTopicIsAChannel() {
    List<Object> addresses =
        map(document.get("channels")).values().stream().map(channel -> map(channel).get("address")).toList();

    assertThat(addresses)
        .containsAll(Topics.defaults().all().stream().map(Topic::name).map(Object.class::cast).toList());
  }

  @Test
  void everyWebSocketMessageTypeIsInAWebSocketChannelAndTheBoardHasItsList() throws Exception {
    List<Object> viewerMessages = messageNames("viewer");
    List<Object> boardMessages = messageNames("board");
    List<Object> both = new ArrayList<>(viewerMessages);
    both.addAll(boardMessages);

    assertThat(both).containsAll(typeNames(ServerMessage.class)).containsAll(typeNames(ClientMessage.class));
    assertThat(viewerMessages).containsAll(typeNames(ClientMessage.class)).doesNotContain("uploads");
    assertThat(boardMessages).containsAll(typeNames(ClientMessage.class))
        .contains("uploads", "authenticated", "status", "progress", "complete", "error");
    assertThat(Files.readString(DOCUMENT)).contains("/ws/processing/{uploadId}/", "/ws/uploads/");
  }

  /** The {@code name}s of the messages a channel lists. */
  private List<Object> messageNames(String channel) {
    Map<String, Object> messages = map(map(document.get("components")).get("messages"));
    return map(map(map(document.get("channels")).get(channel)).get("messages")).values().stream()
        .map(ref -> map(ref).get("$ref").toString())
        .map(ref -> map(messages.get(ref.substring(ref.lastIndexOf('/') + 1))).get("name"))
        .toList();
  }

  private static List<Object> typeNames(Class<?> sealed) {
    return Arrays.stream(sealed.getAnnotation(JsonSubTypes.class).value())
        .map(JsonSubTypes.Type::name)
        .map(Object.class::cast)
        .toList();
  }

  private static void collectRefs(Object node, List<String> refs) {
    if (node instanceof Map<?, ?> object) {
      object.forEach((key, value) -> {
        if ("$ref".equals(key)) {
          refs.add(value.toString());
        } else {
          collectRefs(value, refs);
        }
      });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectRefs(item, refs));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    assertThat(node).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }
}
