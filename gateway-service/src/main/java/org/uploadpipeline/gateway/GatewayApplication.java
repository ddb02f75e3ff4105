package org.uploadpipeline.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The gateway: raw WebSocket progress for viewers, the upload API, and a global store of the latest snapshots. */
// No user store: bearer tokens are the only credential (and Boot would otherwise log a generated password).
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayApplication {

  /** Tomcat's WebSocket frame buffers (8 KiB by default) per session; read once, when Tomcat's classes load. */
  static final String TOMCAT_WS_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

  /** Why requests and viewers were refused, in the log (rate-limited). */
  @Bean
  static RefusalLog refusalLog() {
    return new RefusalLog();
  }

  /** How every Kafka client connects (bootstrap servers, SASL/TLS). */
  @Bean
  static KafkaConnection kafkaConnection(Environment environment) {
    return KafkaConnection.from(environment);
  }

  public static void main(String[] args) {
    if (System.getProperty(TOMCAT_WS_BUFFER_PROPERTY) == null) {
      System.setProperty(TOMCAT_WS_BUFFER_PROPERTY, "512");
    }
    SpringApplication.run(GatewayApplication.class, args);
  }
}
