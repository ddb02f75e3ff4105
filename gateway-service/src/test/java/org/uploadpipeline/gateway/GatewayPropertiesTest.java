package org.uploadpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.uploadpipeline.protocol.Topics;

class GatewayPropertiesTest {

  private static final String SECRET = "kQ3v9XbZt1mW7pLr2sYc8HdN0eJfA5uG";
  private static final String ISSUER = "https://id.example.com";
  private static final String AUDIENCE = "upload-gateway";

  @Test
  void refusesASecretShorterThan32Bytes() {
    assertThatThrownBy(() -> GatewayProperties.Jwt.hs256("too-short", ISSUER, AUDIENCE))
        .hasMessageContaining("gateway.jwt.hs256-secret")
        .hasMessageContaining("32 bytes");
  }

  @Test
  void refusesAMissingSecret() {
    assertThatThrownBy(() -> GatewayProperties.Jwt.hs256("", ISSUER, AUDIENCE))
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
        new GatewayProperties.Jwt(
            null, "-----BEGIN PUBLIC KEY-----", null, null, "issuer", " ", null, null, false, null, null);

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

    assertThat(GatewayProperties.Jwt.hs256(secret, ISSUER, AUDIENCE).toString()).doesNotContain(secret.substring(0, 8));
  }

  @Test
  void refusesTheExamplesPlaceholderAndUniformSecrets() {
    for (String secret :
        new String[] {
          "change-me-to-at-least-32-random-bytes-0000000000", "CHANGEME-CHANGEME-CHANGEME-CHANGEME",
          "0".repeat(48), "abababababababababababababababab"
        }) {
      assertThatThrownBy(() -> GatewayProperties.Jwt.hs256(secret, ISSUER, AUDIENCE))
          .as(secret)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("placeholder or too uniform");
    }
    assertThat(GatewayProperties.Jwt.hs256(SECRET, ISSUER, AUDIENCE).hs256Secret()).isNotNull();
  }

  @Test
  void requiresIssuerAndAudienceNamingTheVariablesAndTheOptOut() {
    assertThatThrownBy(() -> GatewayProperties.Jwt.hs256(SECRET, null, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing: JWT_ISSUER, JWT_AUDIENCE")
        .hasMessageContaining("JWT_REQUIRE_ISSUER_AUDIENCE=false");
    assertThatThrownBy(() -> GatewayProperties.Jwt.hs256(SECRET, ISSUER, null))
        .hasMessageContaining("missing: JWT_AUDIENCE.");
    assertThatThrownBy(() -> GatewayProperties.Jwt.hs256(SECRET, "", AUDIENCE))
        .hasMessageContaining("missing: JWT_ISSUER.");
    assertThat(GatewayProperties.Jwt.hs256(SECRET, ISSUER, AUDIENCE).uncheckedClaims()).isEmpty();
  }

  @Test
  void theOptOutLeavesMissingIssuerAndAudienceUnchecked() {
    GatewayProperties.Jwt jwt = jwt(false, null, null, null, null);

    assertThat(jwt.requireIssuerAndAudience()).isFalse();
    assertThat(jwt.uncheckedClaims()).containsExactly("JWT_ISSUER", "JWT_AUDIENCE");
    assertThat(jwt(false, ISSUER, null, null, null).uncheckedClaims()).containsExactly("JWT_AUDIENCE");
  }

  @Test
  void defaultsToA24HourMaximumLifetimeAnd64KbJwks() {
    GatewayProperties.Jwt jwt = GatewayProperties.Jwt.hs256(SECRET, ISSUER, AUDIENCE);

    assertThat(jwt.maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
    assertThat(jwt.jwksMaxSize()).isEqualTo(DataSize.ofKilobytes(64));
  }

  @Test
  void refusesAZeroOrNegativeMaximumLifetime() {
    for (Duration lifetime : new Duration[] {Duration.ZERO, Duration.ofHours(-1)}) {
      assertThatThrownBy(() -> jwt(true, ISSUER, AUDIENCE, lifetime, null))
          .as("%s", lifetime)
          .hasMessageContaining("gateway.jwt.max-token-lifetime (JWT_MAX_TOKEN_LIFETIME) must be a positive duration");
    }
  }

  @Test
  void refusesAJwksCapTooSmallForOneKey() {
    assertThatThrownBy(() -> jwt(true, ISSUER, AUDIENCE, null, DataSize.ofBytes(100)))
        .hasMessageContaining("gateway.jwt.jwks-max-size");
  }

  private static GatewayProperties.Jwt jwt(
      boolean require, String issuer, String audience, Duration maxLifetime, DataSize jwksMaxSize) {
    return new GatewayProperties.Jwt(
        SECRET, null, null, null, issuer, audience, null, null, require, maxLifetime, jwksMaxSize);
  }
}
