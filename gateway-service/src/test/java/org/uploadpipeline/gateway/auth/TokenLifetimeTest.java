package org.uploadpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.GatewayProperties;

/** gateway.jwt.max-token-lifetime: exp - iat, or exp - now without iat, must not exceed it. */
class TokenLifetimeTest {

  private static final String SECRET = "kQ3v9XbZt1mW7pLr2sYc8HdN0eJfA5uG";
  private static final SecretKey KEY = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void theDefaultMaximumIs24Hours() {
    TokenVerifier verifier = verifier(null);

    assertThat(verifier.verify(token(NOW, NOW.plus(Duration.ofHours(24))))).isNotNull();
    assertRejected(verifier, token(NOW, NOW.plus(Duration.ofHours(24)).plusSeconds(1)),
        "token lifetime exceeds 24h (gateway.jwt.max-token-lifetime): exp - iat is 86401s");
  }

  @Test
  void withIatTheWholeLifetimeCountsNotWhatIsLeft() {
    // Minted 2 h ago for 25 h: 23 h left, but the issuer handed out a 25 h token.
    TokenVerifier verifier = verifier(null);

    assertRejected(verifier, token(NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(23))),
        "token lifetime exceeds 24h");
  }

  @Test
  void withoutIatTheTimeLeftCounts() {
    TokenVerifier verifier = verifier(Duration.ofHours(1));

    assertThat(verifier.verify(token(null, NOW.plus(Duration.ofMinutes(59))))).isNotNull();
    assertThat(verifier.verify(token(null, NOW.plus(Duration.ofHours(1))))).isNotNull();
    assertRejected(verifier, token(null, NOW.plus(Duration.ofMinutes(61))),
        "token lifetime exceeds 1h (gateway.jwt.max-token-lifetime): it has no iat and expires in 61m");
  }

  @Test
  void aConfiguredMaximumApplies() {
    TokenVerifier verifier = verifier(Duration.ofMinutes(15));

    assertThat(verifier.verify(token(NOW, NOW.plus(Duration.ofMinutes(15))))).isNotNull();
    assertRejected(verifier, token(NOW, NOW.plus(Duration.ofMinutes(16))), "token lifetime exceeds 15m");
  }

  @Test
  void printsDurationsTheWayThePropertyIsWritten() {
    assertThat(TokenLifetime.human(Duration.ofHours(24))).isEqualTo("24h");
    assertThat(TokenLifetime.human(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(TokenLifetime.human(Duration.ofSeconds(61))).isEqualTo("61s");
  }

  private static TokenVerifier verifier(Duration maxLifetime) {
    return new TokenVerifier(
        new GatewayProperties.Jwt(SECRET, null, null, null, null, null, null, null, false, maxLifetime, null), CLOCK);
  }

  private static String token(Instant issuedAt, Instant expiresAt) {
    JwtBuilder builder =
        Jwts.builder().subject("user-1").claim("tenant", "acme").expiration(Date.from(expiresAt));
    if (issuedAt != null) {
      builder.issuedAt(Date.from(issuedAt));
    }
    return builder.signWith(KEY, Jwts.SIG.HS256).compact();
  }

  private static void assertRejected(TokenVerifier verifier, String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining(reason);
  }
}
