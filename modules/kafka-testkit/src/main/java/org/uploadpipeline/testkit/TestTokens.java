package org.uploadpipeline.testkit;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints JWTs for tests, the way an identity provider would: {@code sub} = user id, tenants in {@code tenant} (one) or
 * {@code tenants} (several), {@code exp} required by the gateway.
 */
public final class TestTokens {

  /** A shared HS256 secret for tests (at least 32 bytes, as the gateway requires). */
  public static final String TEST_SECRET = "test-secret-for-upload-pipeline-0123456789abcdef";

  private final SecretKey key;
  private String subject = "user-42";
  private List<String> tenants = List.of("acme");
  private Instant expiresAt = Instant.now().plus(Duration.ofHours(1));

  private TestTokens(SecretKey key) {
    this.key = key;
  }

  /** A token signed with HMAC-SHA256 over the given secret. */
  public static TestTokens hs256(String secret) {
    return new TestTokens(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** A token signed with {@link #TEST_SECRET}. */
  public static TestTokens hs256() {
    return hs256(TEST_SECRET);
  }

  public TestTokens subject(String userId) {
    this.subject = userId;
    return this;
  }

  public TestTokens tenants(String... tenantIds) {
    this.tenants = List.of(tenantIds);
    return this;
  }

  public TestTokens expiresAt(Instant instant) {
    this.expiresAt = instant;
    return this;
  }

  /** The signed, compact token. */
  public String sign() {
    JwtBuilder builder =
        Jwts.builder().subject(subject).issuedAt(new Date()).expiration(Date.from(expiresAt))
            // Explicit: jjwt would otherwise pick HS384/HS512 from the key length, which the gateway refuses.
            .signWith(key, Jwts.SIG.HS256);
    if (tenants.size() == 1) {
      builder.claim("tenant", tenants.get(0));
    } else {
      builder.claim("tenants", tenants);
    }
    return builder.compact();
  }
}
