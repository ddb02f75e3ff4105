package org.uploadpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.protocol.Topics;

class GatewayPropertiesTest {

  @Test
  void refusesASecretShorterThan32Bytes() {
    assertThatThrownBy(() -> GatewayProperties.Jwt.hs256("too-short"))
        .hasMessageContaining("gateway.jwt.hs256-secret")
        .hasMessageContaining("32 bytes");
  }

  @Test
  void refusesAMissingSecret() {
    assertThatThrownBy(() -> GatewayProperties.Jwt.hs256(""))
        .hasMessageContaining("JWT_HS256_SECRET");
  }

  @Test
  void refusesANonPositiveAuthTimeout() {
    assertThatThrownBy(
            () -> GatewayProperties.WebSocket.withWaits(Duration.ZERO, Duration.ofSeconds(30)))
        .hasMessageContaining("gateway.websocket.auth-timeout");
  }

  @Test
  void acceptsAnRs256KeyWithoutSharedSecret() {
    GatewayProperties.Jwt jwt =
        new GatewayProperties.Jwt(null, "-----BEGIN PUBLIC KEY-----", null, null, "issuer", " ", null, null);

    assertThat(jwt.hs256Secret()).isNull();
    assertThat(jwt.audience()).isNull();
    assertThat(jwt.clockSkew()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void defaultsToSameOriginOnlyAndDropsBlankOriginPatterns() {
    assertThat(GatewayProperties.WebSocket.withWaits(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .allowedOriginPatterns())
        .isEmpty();
  }

  @Test
  void blankTopicNamesFallBackToTheContractDefaults() {
    GatewayProperties.TopicNames names = new GatewayProperties.TopicNames("", null, " ", "custom.dlq", null);

    assertThat(names.jobs()).isEqualTo(Topics.DEFAULT_JOBS);
    assertThat(names.progress()).isEqualTo(Topics.DEFAULT_PROGRESS);
    assertThat(names.aggregates()).isEqualTo(Topics.DEFAULT_AGGREGATES);
    assertThat(names.jobsDlq()).isEqualTo("custom.dlq");
    assertThat(names.commands()).isEqualTo(Topics.DEFAULT_COMMANDS);
  }

  @Test
  void hidesTheSecretFromToString() {
    String secret = "kQ3v9XbZt1mW7pLr2sYc8HdN0eJfA5uG";

    assertThat(GatewayProperties.Jwt.hs256(secret).toString()).doesNotContain(secret.substring(0, 8));
  }

  @Test
  void refusesTheExamplesPlaceholderAndUniformSecrets() {
    for (String secret :
        new String[] {
          "change-me-to-at-least-32-random-bytes-0000000000", "CHANGEME-CHANGEME-CHANGEME-CHANGEME",
          "0".repeat(48), "abababababababababababababababab"
        }) {
      assertThatThrownBy(() -> GatewayProperties.Jwt.hs256(secret))
          .as(secret)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("placeholder or too uniform");
    }
    assertThat(GatewayProperties.Jwt.hs256("kQ3v9XbZt1mW7pLr2sYc8HdN0eJfA5uG").hs256Secret()).isNotNull();
  }
}
