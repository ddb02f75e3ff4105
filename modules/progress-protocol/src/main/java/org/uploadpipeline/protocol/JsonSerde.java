package org.uploadpipeline.protocol;

import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/**
 * A Kafka serde for one contract record type, as UTF-8 JSON. A null value is a tombstone both ways, so compacted
 * topics can delete keys. Unreadable bytes raise a {@link SerializationException} naming the type and the cause.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;

  private JsonSerde(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    try {
      return ProtocolJson.mapper().writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new SerializationException("Cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return ProtocolJson.mapper().readValue(data, type);
    } catch (JacksonException e) {
      throw new SerializationException(
          "Not a valid " + type.getSimpleName() + " JSON record: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the contract fixes the JSON shape.
  }

  @Override
  public void close() {
    // Stateless: nothing to release.
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }
}
