package org.uploadpipeline.protocol;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic of the contract: its name, the serdes of its keys and values, and the topic configs it must be created
 * with (e.g. {@code cleanup.policy=compact}).
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic name must not be blank");
    }
    configs = Map.copyOf(configs);
  }

  /** The same topic under another name, for deployments that rename topics. */
  public Topic<K, V> withName(String newName) {
    return new Topic<>(newName, keySerde, valueSerde, configs);
  }

  /** A declaration for the admin client with this topic's configs. */
  public NewTopic newTopic(int partitions, short replicationFactor) {
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }
}
