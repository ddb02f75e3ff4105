package org.uploadpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.uploadpipeline.devtokens.Hs256Tokens;

/**
 * The local stack's HS256 secret (made once, kept in the data directory) and a demo token signed with it, for the
 * tenant {@value #DEMO_TENANT}, with the issuer and audience the stack's gateway is started with.
 */
final class DemoToken {

  static final String DEMO_TENANT = "demo";
  static final String DEMO_USER = "demo-user";
  /** The stack's gateway requires this {@code iss} ({@code JWT_ISSUER}); the demo token carries it. */
  static final String ISSUER = Hs256Tokens.DEV_ISSUER;
  /** The stack's gateway requires this {@code aud} ({@code JWT_AUDIENCE}); the demo token carries it. */
  static final String AUDIENCE = Hs256Tokens.DEV_AUDIENCE;
  /** Within the gateway's default {@code JWT_MAX_TOKEN_LIFETIME} (24h): exp - iat may equal it, not exceed it. */
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
    return Hs256Tokens.signedWith(secret)
        .subject(DEMO_USER)
        .tenants(DEMO_TENANT)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .validFor(VALIDITY)
        .sign();
  }

}
