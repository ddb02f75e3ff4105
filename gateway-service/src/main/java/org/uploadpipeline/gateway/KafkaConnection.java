package org.uploadpipeline.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.uploadpipeline.protocol.KafkaClientSecurity;

/**
 * Where and how every Kafka client of the gateway connects: the snapshot store, the job and command producers and
 * the demo's consumer all start from {@link #clientProperties()}, so none of them can miss the credentials.
 *
 * @param bootstrapServers {@code spring.kafka.bootstrap-servers}
 * @param security {@code kafka.security.*} ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, {@code KAFKA_SSL_*})
 */
public record KafkaConnection(String bootstrapServers, KafkaClientSecurity security) {

  static KafkaConnection from(Environment environment) {
    Binder binder = Binder.get(environment);
    List<String> servers =
        binder.bind("spring.kafka.bootstrap-servers", String[].class).map(List::of).orElse(List.of("localhost:9092"));
    KafkaClientSecurity security =
        binder.bind("kafka.security", KafkaClientSecurity.class).orElseGet(KafkaClientSecurity::plaintext);
    return new KafkaConnection(String.join(",", servers), security);
  }

  /** Bootstrap servers and security, to which each client adds its own settings. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> config = new HashMap<>(security.clientProperties());
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }
}
