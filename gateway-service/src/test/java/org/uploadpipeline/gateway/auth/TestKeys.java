package org.uploadpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** Keys and refusal checks shared by the token verification tests. */
final class TestKeys {

  private TestKeys() {}

  /** A fresh 2048-bit RSA key pair. */
  static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The verifier refuses the token, and its reason says so. */
  static void assertRejected(TokenVerifier verifier, String token, String reason) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining(reason);
  }
}
