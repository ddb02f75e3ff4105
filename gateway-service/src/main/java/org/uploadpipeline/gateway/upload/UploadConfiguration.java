package org.uploadpipeline.gateway.upload;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.protocol.Topic;
import org.uploadpipeline.protocol.UploadJob;

@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

  @Bean
  KafkaTemplate<String, UploadJob> uploadJobTemplate(KafkaProperties kafka, GatewayProperties properties) {
    Map<String, Object> config = kafka.buildProducerProperties();
    // A job must be written once and survive a broker failover: this is contract behaviour, not tuning.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    Topic<String, UploadJob> jobs = properties.contractTopics().jobs();
    return new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(config, new StringSerializer(), jobs.valueSerde().serializer()));
  }

  @Bean
  JobPublisher jobPublisher(KafkaTemplate<String, UploadJob> uploadJobTemplate, GatewayProperties properties) {
    return new JobPublisher(
        uploadJobTemplate, properties.contractTopics().jobs(), properties.upload().publishTimeout());
  }

  @Bean
  UploadStorage uploadStorage(GatewayProperties properties) {
    return new UploadStorage(properties.upload().storageDir(), properties.upload().maxFileSize().toBytes());
  }
}
