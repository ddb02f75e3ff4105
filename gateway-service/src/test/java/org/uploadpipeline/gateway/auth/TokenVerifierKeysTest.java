package org.uploadpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.uploadpipeline.gateway.auth.TestKeys.assertRejected;
import static org.uploadpipeline.gateway.auth.TestKeys.rsaKeyPair;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.uploadpipeline.gateway.GatewayProperties;

/** RS256 (PEM and JWKS), algorithm confusion, time claims, issuer and audience; keys generated here. */
class TokenVerifierKeysTest {

  private static final String SECRET = "a-shared-secret-of-32-bytes-ok!!";
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final KeyPair RSA = rsaKeyPair();
  private static final String PEM = pem((RSAPublicKey) RSA.getPublic());

  private final Date inAnHour = Date.from(NOW.plus(Duration.ofHours(1)));

  @Test
  void acceptsRs256TokenVerifiedByThePemKey() {
    TokenVerifier verifier = verifier(null, PEM, null, null, null);
    String token = rs256(RSA).compact();

    Principal principal = verifier.verify(token);

    assertThat(principal.userId()).isEqualTo("user-1");
    assertThat(principal.expiresAt()).isEqualTo(inAnHour.toInstant());
  }

  @Test
  void rejectsRs256TokenSignedWithAnotherRsaKey() {
    TokenVerifier verifier = verifier(SECRET, PEM, null, null, null);

    assertRejected(verifier, rs256(rsaKeyPair()).compact(), "bad signature");
  }

  @Test
  void rejectsHs256TokenWhoseSecretIsThePublicKey() {
    // The classic confusion attack: the attacker knows the public key and uses it as an HMAC secret.
    TokenVerifier verifier = verifier(SECRET, PEM, null, null, null);
    String forged =
        claims()
            .signWith(Keys.hmacShaKeyFor(PEM.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
            .compact();

    assertRejected(verifier, forged, "invalid token");
  }

  @Test
  void rejectsHs256TokenWhenOnlyRs256IsConfigured() {
    TokenVerifier verifier = verifier(null, PEM, null, null, null);
    String token = claims().signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
        .compact();

    assertRejected(verifier, token, "accepted algorithm");
  }

  @Test
  void rejectsRs256TokenWhenOnlyHs256IsConfigured() {
    assertRejected(verifier(SECRET, null, null, null, null), rs256(RSA).compact(), "accepted algorithm");
  }

  @Test
  void rejectsTokenNotValidYet() {
    String token = rs256(RSA).notBefore(Date.from(NOW.plus(Duration.ofMinutes(5)))).compact();

    assertRejected(verifier(null, PEM, null, null, null), token, "not valid yet");
  }

  @Test
  void acceptsTokenExpiredWithinTheClockSkewOnly() {
    TokenVerifier verifier = verifier(null, PEM, null, null, null);

    assertThat(verifier.verify(rs256(RSA).expiration(Date.from(NOW.minusSeconds(10))).compact())).isNotNull();
    assertRejected(verifier, rs256(RSA).expiration(Date.from(NOW.minusSeconds(60))).compact(), "expired");
  }

  @Test
  void checksIssuerWhenConfigured() {
    TokenVerifier verifier = verifier(null, PEM, null, "https://id.example.com", null);

    assertThat(verifier.verify(rs256(RSA).issuer("https://id.example.com").compact())).isNotNull();
    assertRejected(verifier, rs256(RSA).issuer("https://evil.example.com").compact(), "iss");
    assertRejected(verifier, rs256(RSA).compact(), "iss");
  }

  @Test
  void checksAudienceWhenConfigured() {
    TokenVerifier verifier = verifier(null, PEM, null, null, "upload-gateway");

    assertThat(verifier.verify(rs256(RSA).audience().add("upload-gateway").and().compact())).isNotNull();
    assertRejected(verifier, rs256(RSA).audience().add("billing").and().compact(), "aud");
    assertRejected(verifier, rs256(RSA).compact(), "aud");
  }

  @Test
  void acceptsRs256TokensByKidFromAJwksEndpoint() throws Exception {
    KeyPair other = rsaKeyPair();
    String jwks =
        "{\"keys\":["
            + Jwks.json(Jwks.builder().key((RSAPublicKey) RSA.getPublic()).id("k1").build())
            + ","
            + Jwks.json(Jwks.builder().key((RSAPublicKey) other.getPublic()).id("k2").build())
            + "]}";
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks.json",
        exchange -> {
          byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
      TokenVerifier verifier = verifier(null, null, url, null, null);
      // The first fetch runs in the background.
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> verifier.verify(rs256(RSA).header().keyId("k1").and().compact()) != null);

      assertThat(verifier.verify(rs256(RSA).header().keyId("k1").and().compact()).userId()).isEqualTo("user-1");
      assertThat(verifier.verify(rs256(other).header().keyId("k2").and().compact())).isNotNull();
      assertRejected(verifier, rs256(other).header().keyId("k1").and().compact(), "bad signature");
      assertRejected(verifier, rs256(RSA).header().keyId("unknown").and().compact(), "no JWKS key for this kid");
      verifier.close();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusesConfigurationWithoutAnyKey() {
    assertThatThrownBy(
            () -> new GatewayProperties.Jwt(null, null, null, null, null, null, null, null, false, null, null))
        .hasMessageContaining("JWT_HS256_SECRET")
        .hasMessageContaining("JWT_RS256_PUBLIC_KEY");
  }

  @Test
  void refusesAPemThatIsNotAKey() {
    assertThatThrownBy(() -> verifier(null, "not a pem", null, null, null))
        .hasMessageContaining("JWT_RS256_PUBLIC_KEY");
  }

  private io.jsonwebtoken.JwtBuilder claims() {
    return Jwts.builder().subject("user-1").claim("tenant", "acme").expiration(inAnHour);
  }

  private io.jsonwebtoken.JwtBuilder rs256(KeyPair pair) {
    return claims().signWith(pair.getPrivate(), Jwts.SIG.RS256);
  }

  private static TokenVerifier verifier(String secret, String pem, URI jwks, String issuer, String audience) {
    return new TokenVerifier(
        new GatewayProperties.Jwt(
            // Not required here: these tests are about keys; issuer and audience are checked when given.
            secret, pem, jwks, Duration.ofMinutes(5), issuer, audience, Duration.ofSeconds(30), null, false, null,
            null),
        CLOCK);
  }


  private static String pem(RSAPublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
