package org.uploadpipeline.localstack;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * The local stack's HS256 secret (made once, kept in the data directory) and a demo token signed with it, for the
 * tenant {@value #DEMO_TENANT}.
 */
final class DemoToken {

  static final String DEMO_TENANT = "demo";
  static final String DEMO_USER = "demo-user";
  static final Duration VALIDITY = Duration.ofHours(24);
  private static final int SECRET_BYTES = 48;

  private DemoToken() {}

  /** The secret in {@code <dataDir>/jwt-secret}, created with random bytes on first use. */
  static String secret(Path dataDir) throws IOException {
    Path file = dataDir.resolve("jwt-secret");
    if (!Files.exists(file)) {
      byte[] random = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(random);
      Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }
    return Files.readString(file).trim();
  }

  static String mint(String secret) {
    Instant now = Instant.now();
    return Jwts.builder()
        .subject(DEMO_USER)
        .claim("tenant", DEMO_TENANT)
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(VALIDITY)))
        // Explicit: jjwt would otherwise pick HS512 from the 48-byte key, and the gateway accepts HS256 only.
        .signWith(Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
        .compact();
  }
}
