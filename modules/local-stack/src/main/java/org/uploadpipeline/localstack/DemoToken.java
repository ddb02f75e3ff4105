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
    return Hs256Tokens.signedWith(secret).subject(DEMO_USER).tenants(DEMO_TENANT).validFor(VALIDITY).sign();
  }

}
