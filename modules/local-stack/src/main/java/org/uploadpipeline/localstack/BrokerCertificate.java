package org.uploadpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed TLS certificate for the local broker (for 127.0.0.1 and localhost, so clients verify the host name)
 * in a PKCS12 key store, and a PKCS12 trust store holding it: what Strimzi's cluster CA and {@code ca.p12} are in
 * Kubernetes. Made once per data directory with the JDK's keytool, as the broker's storage is.
 *
 * @param keyStore the broker's key and certificate
 * @param trustStore the certificate alone, for clients
 * @param password of both stores (and of the key)
 */
record BrokerCertificate(Path keyStore, Path trustStore, String password) {

  private static final String ALIAS = "local-broker";

  /** The stores in {@code <dataDir>/tls}, made on first use. */
  static BrokerCertificate load(Path dataDir, String password) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(dataDir.resolve("tls"));
    BrokerCertificate certificate =
        new BrokerCertificate(dir.resolve("broker.p12"), dir.resolve("trust.p12"), password);
    if (!Files.exists(certificate.trustStore)) {
      Files.deleteIfExists(certificate.keyStore);
      Path cert = dir.resolve("broker.crt");
      keytool(dir, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
          "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
          "-keystore", certificate.keyStore.toString(), "-storepass", password, "-keypass", password);
      keytool(dir, "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", certificate.keyStore.toString(),
          "-storepass", password, "-file", cert.toString());
      keytool(dir, "-importcert", "-noprompt", "-alias", ALIAS, "-file", cert.toString(), "-storetype", "PKCS12",
          "-keystore", certificate.trustStore.toString(), "-storepass", password);
    }
    return certificate;
  }

  private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Path log = dir.resolve("keytool.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool " + args[0] + " failed; see " + log);
    }
  }
}
