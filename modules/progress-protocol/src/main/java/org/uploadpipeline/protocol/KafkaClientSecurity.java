package org.uploadpipeline.protocol;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How a service authenticates to Kafka (README, "Kafka security"): the same environment variables for every service,
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*} and {@code KAFKA_SSL_*}, turned into the client properties
 * that every producer, consumer, admin and Kafka Streams client of the service gets. {@code PLAINTEXT} (the default)
 * adds nothing: the local stack and the tests run on loopback.
 *
 * @param protocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 * @param saslMechanism {@code SCRAM-SHA-512} (default), {@code SCRAM-SHA-256} or {@code PLAIN}
 * @param saslUsername required with a SASL protocol
 * @param saslPassword required with a SASL protocol; never logged
 * @param truststoreLocation a trust store with the broker's CA (SSL protocols); empty: the JVM's
 * @param keystoreLocation a key store with this service's certificate for mutual TLS; empty: none
 */
public record KafkaClientSecurity(
    String protocol,
    String saslMechanism,
    String saslUsername,
    String saslPassword,
    String truststoreLocation,
    String truststorePassword,
    String truststoreType,
    String keystoreLocation,
    String keystorePassword,
    String keystoreType) {

  private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final Map<String, String> LOGIN_MODULES =
      Map.of(
          "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

  /**
   * Checks the combination at startup, so a misconfigured service stops with the variable to fix instead of
   * retrying a broker that keeps refusing it.
   */
  public KafkaClientSecurity {
    protocol = blankTo(protocol, "PLAINTEXT").toUpperCase(Locale.ROOT);
    saslMechanism = blankTo(saslMechanism, "SCRAM-SHA-512").toUpperCase(Locale.ROOT);
    truststoreType = blankTo(truststoreType, "PKCS12");
    keystoreType = blankTo(keystoreType, "PKCS12");
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException(
          "KAFKA_SECURITY_PROTOCOL must be one of " + PROTOCOLS + ", not '" + protocol + "'");
    }
    if (protocol.startsWith("SASL_")) {
      if (!LOGIN_MODULES.containsKey(saslMechanism)) {
        throw new IllegalArgumentException(
            "KAFKA_SASL_MECHANISM must be one of " + LOGIN_MODULES.keySet() + ", not '" + saslMechanism + "'");
      }
      if (isBlank(saslUsername) || isBlank(saslPassword)) {
        throw new IllegalArgumentException(
            "KAFKA_SECURITY_PROTOCOL=" + protocol + " needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
      }
    }
  }

  /** Plaintext, no authentication. */
  public static KafkaClientSecurity plaintext() {
    return new KafkaClientSecurity(null, null, null, null, null, null, null, null, null, null);
  }

  /** SASL/SCRAM-SHA-512 without TLS (a broker on a trusted network, or the tests). */
  public static KafkaClientSecurity scram(String username, String password) {
    return new KafkaClientSecurity(
        "SASL_PLAINTEXT", "SCRAM-SHA-512", username, password, null, null, null, null, null, null);
  }

  /** The client properties to add to every Kafka client's configuration. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (protocol.startsWith("SASL_")) {
      config.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
      config.put(
          SaslConfigs.SASL_JAAS_CONFIG,
          LOGIN_MODULES.get(saslMechanism) + " required username=\"" + jaasQuoted(saslUsername)
              + "\" password=\"" + jaasQuoted(saslPassword) + "\";");
    }
    if (protocol.endsWith("SSL")) {
      if (!isBlank(truststoreLocation)) {
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststoreLocation);
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststoreType);
        if (!isBlank(truststorePassword)) {
          config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
        }
      }
      if (!isBlank(keystoreLocation)) {
        config.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystoreLocation);
        config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, keystoreType);
        if (!isBlank(keystorePassword)) {
          config.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, keystorePassword);
        }
      }
    }
    return config;
  }

  /** Never the password: this record's own toString would print it. */
  @Override
  public String toString() {
    return protocol + (protocol.startsWith("SASL_") ? " " + saslMechanism + " as " + saslUsername : "");
  }

  /** A JAAS option value is a quoted string: a quote or backslash in a password must not end it early. */
  private static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String blankTo(String value, String fallback) {
    return isBlank(value) ? fallback : value.trim();
  }
}
