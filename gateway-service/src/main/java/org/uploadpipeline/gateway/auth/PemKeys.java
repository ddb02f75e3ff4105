package org.uploadpipeline.gateway.auth;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads an RSA public key from PEM: {@code BEGIN PUBLIC KEY} (X.509) or {@code BEGIN CERTIFICATE}. */
final class PemKeys {

  private PemKeys() {}

  static RSAPublicKey rsaPublicKey(String pem) {
    String text = pem.replace("\\n", "\n").trim(); // env vars often carry the newlines escaped
    try {
      PublicKey key;
      if (text.contains("BEGIN CERTIFICATE")) {
        key =
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(body(text, "CERTIFICATE")))
                .getPublicKey();
      } else if (text.contains("BEGIN PUBLIC KEY")) {
        key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(body(text, "PUBLIC KEY")));
      } else {
        throw new IllegalArgumentException(
            "gateway.jwt.rs256-public-key (JWT_RS256_PUBLIC_KEY) must be a PEM 'PUBLIC KEY' or 'CERTIFICATE'");
      }
      if (!(key instanceof RSAPublicKey rsa)) {
        throw new IllegalArgumentException("gateway.jwt.rs256-public-key is not an RSA key");
      }
      return rsa;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "gateway.jwt.rs256-public-key (JWT_RS256_PUBLIC_KEY) cannot be read: " + e.getMessage(), e);
    }
  }

  private static byte[] body(String pem, String label) {
    int begin = pem.indexOf("-----BEGIN " + label + "-----");
    int end = pem.indexOf("-----END " + label + "-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no complete PEM block " + label);
    }
    String base64 = pem.substring(begin + label.length() + 16, end).replaceAll("\\s", "");
    return Base64.getDecoder().decode(base64);
  }
}
