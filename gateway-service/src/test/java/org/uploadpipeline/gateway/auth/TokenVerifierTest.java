package org.uploadpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.testkit.TestClock;

class TokenVerifierTest {

  private static final String ISSUER = "https://id.example.com";
  private static final String AUDIENCE = "upload-gateway";

  private final String secret = randomSecret(32);
  private final SecretKey key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
  private final TokenVerifier verifier = TokenVerifier.hs256(secret, ISSUER, AUDIENCE);
  private final Date inAnHour = Date.from(Instant.now().plus(Duration.ofHours(1)));

  @Test
  void acceptsTokenWithOneTenant() {
    String token =
        builder().subject("user-1").claim("tenant", "acme").expiration(inAnHour).signWith(key).compact();

    Principal principal = verifier.verify(token);

    assertThat(principal.userId()).isEqualTo("user-1");
    assertThat(principal.tenants()).containsExactly("acme");
    assertThat(principal.grants("acme")).isTrue();
    assertThat(principal.grants("globex")).isFalse();
  }

  @Test
  void acceptsTokenWithSeveralTenants() {
    String token =
        builder()
            .subject("user-2")
            .claim("tenants", List.of("acme", "globex"))
            .expiration(inAnHour)
            .signWith(key)
            .compact();

    assertThat(verifier.verify(token).tenants()).containsExactlyInAnyOrder("acme", "globex");
  }

  @Test
  void rejectsExpiredToken() {
    String token =
        builder()
            .subject("user-1")
            .claim("tenant", "acme")
            .expiration(Date.from(Instant.now().minusSeconds(60)))
            .signWith(key)
            .compact();

    assertRejected(token, "expired");
  }

  @Test
  void rememberedTokenIsStillRefusedOnceExpired() {
    TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    TokenVerifier remembering = new TokenVerifier(GatewayProperties.Jwt.hs256(secret, ISSUER, AUDIENCE), clock);
    String token =
        builder()
            .subject("user-1")
            .claim("tenant", "acme")
            .expiration(Date.from(clock.instant().plus(Duration.ofMinutes(2))))
            .signWith(key)
            .compact();
    Principal first = remembering.verify(token);

    assertThat(remembering.verify(token)).isSameAs(first);
    Duration skew = GatewayProperties.Jwt.hs256(secret, ISSUER, AUDIENCE).clockSkew();
    clock.advance(Duration.ofMinutes(2).plus(skew).plusSeconds(1));
    assertThatThrownBy(() -> remembering.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void withTheCacheOffEveryTokenIsParsedAgain() {
    GatewayProperties.Jwt uncached =
        new GatewayProperties.Jwt(secret, null, null, null, ISSUER, AUDIENCE, null, Duration.ZERO, true, null, null);
    TokenVerifier verifying = new TokenVerifier(uncached, java.time.Clock.systemUTC());
    String token =
        builder().subject("user-1").claim("tenant", "acme").expiration(inAnHour).signWith(key).compact();

    assertThat(verifying.verify(token)).isNotSameAs(verifying.verify(token)).isEqualTo(verifying.verify(token));
  }

  @Test
  void aRefusedTokenIsNotRememberedAsValid() {
    String forged =
        builder()
            .subject("user-1")
            .claim("tenant", "acme")
            .expiration(inAnHour)
            .signWith(Keys.hmacShaKeyFor(randomSecret(32).getBytes(StandardCharsets.UTF_8)))
            .compact();

    assertRejected(forged, "bad signature");
    assertRejected(forged, "bad signature");
  }

  @Test
  void rejectsTokenSignedWithOtherKey() {
    SecretKey otherKey = Keys.hmacShaKeyFor(randomSecret(32).getBytes(StandardCharsets.UTF_8));
    String token =
        builder().subject("user-1").claim("tenant", "acme").expiration(inAnHour).signWith(otherKey).compact();

    assertRejected(token, "invalid token");
  }

  @Test
  void rejectsUnsecuredTokenWithAlgNone() {
    String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload =
        base64Url(
            "{\"sub\":\"user-1\",\"tenant\":\"acme\",\"exp\":" + inAnHour.toInstant().getEpochSecond() + "}");

    assertRejected(header + "." + payload + ".", "invalid token");
  }

  @Test
  void rejectsTokenWithOtherAlgorithmEvenWithTheSharedSecret() {
    // A 64-byte secret is long enough for HS512 too: only the pinned algorithm may stop such a token.
    String longSecret = randomSecret(64);
    SecretKey longKey = Keys.hmacShaKeyFor(longSecret.getBytes(StandardCharsets.UTF_8));
    String token =
        builder()
            .subject("user-1")
            .claim("tenant", "acme")
            .expiration(inAnHour)
            .signWith(longKey, Jwts.SIG.HS512)
            .compact();

    assertThatThrownBy(() -> TokenVerifier.hs256(longSecret, ISSUER, AUDIENCE).verify(token))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void rejectsTokenWithoutExpiry() {
    String token = builder().subject("user-1").claim("tenant", "acme").signWith(key).compact();

    assertRejected(token, "no exp");
  }

  @Test
  void rejectsTokenWithoutTenant() {
    String token = builder().subject("user-1").expiration(inAnHour).signWith(key).compact();

    assertRejected(token, "no tenant");
  }

  @Test
  void rejectsTokenWithoutSubject() {
    String token = builder().claim("tenant", "acme").expiration(inAnHour).signWith(key).compact();

    assertRejected(token, "no sub");
  }

  @Test
  void rejectsGarbageAndMissingTokens() {
    assertRejected("not-a-jwt", "invalid token");
    assertRejected("a.b.c", "invalid token");
    assertRejected("", "missing");
    assertRejected(null, "missing");
  }

  @Test
  void neverPutsTheTokenIntoTheRejectionMessage() {
    SecretKey otherKey = Keys.hmacShaKeyFor(randomSecret(32).getBytes(StandardCharsets.UTF_8));
    String token =
        builder().subject("user-1").claim("tenant", "acme").expiration(inAnHour).signWith(otherKey).compact();

    assertThatThrownBy(() -> verifier.verify(token)).message().doesNotContain(token).doesNotContain("user-1");
  }

  /** A token builder with the issuer and audience the verifier requires. */
  private static io.jsonwebtoken.JwtBuilder builder() {
    return Jwts.builder().issuer(ISSUER).audience().add(AUDIENCE).and();
  }

  private void assertRejected(String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining(reason);
  }

  private static String randomSecret(int bytes) {
    byte[] random = new byte[bytes / 2];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random); // hex doubles the length: `bytes` ASCII bytes
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
