package org.uploadpipeline.testkit;

import org.uploadpipeline.devtokens.Hs256Tokens;

/**
 * Test tokens: {@link Hs256Tokens} with the tests' shared secret unless another is given, and the issuer and audience
 * that every gateway started by a test requires ({@link #ISSUER}, {@link #AUDIENCE}).
 */
public final class TestTokens {

  /** A shared HS256 secret for tests (at least 32 bytes, as the gateway requires). */
  public static final String TEST_SECRET = "test-secret-for-upload-pipeline-0123456789abcdef";

  /** The {@code iss} of test tokens: configure a test gateway with it ({@code gateway.jwt.issuer}). */
  public static final String ISSUER = Hs256Tokens.DEV_ISSUER;

  /** The {@code aud} of test tokens: configure a test gateway with it ({@code gateway.jwt.audience}). */
  public static final String AUDIENCE = Hs256Tokens.DEV_AUDIENCE;

  private TestTokens() {}

  /** A token signed with the given secret. */
  public static Hs256Tokens hs256(String secret) {
    return Hs256Tokens.signedWith(secret);
  }

  /** A token signed with {@link #TEST_SECRET}. */
  public static Hs256Tokens hs256() {
    return hs256(TEST_SECRET);
  }
}
