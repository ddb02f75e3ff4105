package org.uploadpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.uploadpipeline.protocol.Topics;

class GatewayPropertiesTest {

  @Test
  void refusesASecretShorterThan32Bytes() {
    assertThatThrownBy(() -> new GatewayProperties.Jwt("too-short"))
        .hasMessageContaining("gateway.jwt.hs256-secret")
        .hasMessageContaining("32 bytes");
  }

  @Test
  void refusesAMissingSecret() {
    assertThatThrownBy(() -> new GatewayProperties.Jwt(""))
        .hasMessageContaining("JWT_HS256_SECRET");
  }

  @Test
  void refusesANonPositiveAuthTimeout() {
    assertThatThrownBy(
            () ->
                new GatewayProperties.WebSocket(
                    Duration.ZERO,
                    Duration.ofSeconds(30),
                    DataSize.ofKilobytes(4),
                    Duration.ofSeconds(5),
                    DataSize.ofKilobytes(64),
                    Duration.ofSeconds(25),
                    List.of("*")))
        .hasMessageContaining("gateway.websocket.auth-timeout");
  }

  @Test
  void blankTopicNamesFallBackToTheContractDefaults() {
    GatewayProperties.TopicNames names = new GatewayProperties.TopicNames("", null, " ", "custom.dlq");

    assertThat(names.jobs()).isEqualTo(Topics.DEFAULT_JOBS);
    assertThat(names.progress()).isEqualTo(Topics.DEFAULT_PROGRESS);
    assertThat(names.aggregates()).isEqualTo(Topics.DEFAULT_AGGREGATES);
    assertThat(names.jobsDlq()).isEqualTo("custom.dlq");
  }

  @Test
  void hidesTheSecretFromToString() {
    assertThat(new GatewayProperties.Jwt("x".repeat(40)).toString()).doesNotContain("xxxx");
  }
}
