package org.uploadpipeline.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

class KafkaClientSecurityTest {

  @Test
  void plaintextAddsOnlyTheProtocol() {
    assertThat(KafkaClientSecurity.plaintext().clientProperties())
        .containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
  }

  @Test
  void scramGivesTheMechanismAndALoginThatKafkaParses() {
    Map<String, Object> config = KafkaClientSecurity.scram("gateway", "pa\"ss\\word").clientProperties();

    assertThat(config)
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    // Kafka's own JAAS parser reads back the very password, quote and backslash included.
    var entry = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password((String) config.get(
        "sasl.jaas.config")))).configurationEntries().get(0);
    assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
    Map<String, ?> options = entry.getOptions();
    assertThat(options.get("username")).isEqualTo("gateway");
    assertThat(options.get("password")).isEqualTo("pa\"ss\\word");
  }

  @Test
  void saslSslAddsTheTrustStore() {
    KafkaClientSecurity security = new KafkaClientSecurity(
        "sasl_ssl", null, "processor", "secret", "/etc/kafka-ca/ca.p12", "store-pw", null, null, null, null);

    assertThat(security.clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.p12")
        .containsEntry("ssl.truststore.password", "store-pw")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .doesNotContainKey("ssl.keystore.location");
  }

  @Test
  void aSaslProtocolWithoutCredentialsStopsTheServiceNamingTheVariables() {
    assertThatThrownBy(() -> new KafkaClientSecurity(
        "SASL_SSL", null, "processor", " ", null, null, null, null, null, null))
        .hasMessageContaining("KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
  }

  @Test
  void unknownProtocolsAndMechanismsAreRefused() {
    assertThatThrownBy(() -> new KafkaClientSecurity(
        "SASL_TLS", null, null, null, null, null, null, null, null, null))
        .hasMessageContaining("KAFKA_SECURITY_PROTOCOL must be one of");
    assertThatThrownBy(() -> new KafkaClientSecurity(
        "SASL_SSL", "GSSAPI", "u", "p", null, null, null, null, null, null))
        .hasMessageContaining("KAFKA_SASL_MECHANISM must be one of");
  }

  @Test
  void thePasswordIsNeverPrinted() {
    assertThat(KafkaClientSecurity.scram("gateway", "s3cr3t-value").toString())
        .isEqualTo("SASL_PLAINTEXT SCRAM-SHA-512 as gateway")
        .doesNotContain("s3cr3t");
  }
}
