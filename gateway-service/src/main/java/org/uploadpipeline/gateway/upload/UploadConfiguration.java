package org.uploadpipeline.gateway.upload;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.KafkaConnection;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.UploadCommand;
import org.uploadpipeline.protocol.UploadJob;

@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

  @Bean
  CurrentTrace currentTrace(Tracer tracer, Propagator propagator) {
    return new CurrentTrace(tracer, propagator);
  }

  @Bean
  ContractPublisher<UploadJob> jobPublisher(KafkaConnection kafka, GatewayProperties properties) {
    return publisher(kafka, properties, properties.contractTopics().jobs(), "the upload job");
  }

  @Bean
  ContractPublisher<UploadCommand> commandPublisher(KafkaConnection kafka, GatewayProperties properties) {
    return publisher(kafka, properties, properties.contractTopics().commands(), "the cancel request");
  }

  private static <V> ContractPublisher<V> publisher(
      KafkaConnection kafka, GatewayProperties properties, Topic<String, V> topic, String what) {
    Map<String, Object> config = kafka.clientProperties();
    // A job or command must be written once and survive a broker failover: this is contract behaviour, not tuning.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A send may wait for the topic's metadata no longer than the API waits for its acknowledgement (else 60 s).
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.upload().publishTimeout().toMillis());
    KafkaTemplate<String, V> template =
        new KafkaTemplate<>(
            new DefaultKafkaProducerFactory<>(config, new StringSerializer(), topic.valueSerde().serializer()));
    return new ContractPublisher<>(template, topic, properties.upload().publishTimeout(), what);
  }

  @Bean
  UploadStorage uploadStorage(GatewayProperties properties) {
    return new UploadStorage(properties.upload().storageDir(), properties.upload().maxFileSize().toBytes());
  }
}
