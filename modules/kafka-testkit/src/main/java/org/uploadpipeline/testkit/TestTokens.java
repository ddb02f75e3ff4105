package org.uploadpipeline.testkit;

import org.uploadpipeline.devtokens.Hs256Tokens;

/** Test tokens: {@link Hs256Tokens} with the tests' shared secret unless another is given. */
public final class TestTokens {

  /** A shared HS256 secret for tests (at least 32 bytes, as the gateway requires). */
  public static final String TEST_SECRET = "test-secret-for-upload-pipeline-0123456789abcdef";

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
