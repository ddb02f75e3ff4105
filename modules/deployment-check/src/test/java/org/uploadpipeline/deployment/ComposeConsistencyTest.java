package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml agrees with the code: topics and their configs, env vars, ports, probes, images. */
class ComposeConsistencyTest {

  private static Map<String, Object> services;

  @BeforeAll
  static void load() {
    services = Yamls.map(Repository.yaml(Repository.file("docker-compose.yml")), "services");
  }

  @Test
  void topicInitCreatesEveryContractTopicWithItsConfigs() {
    Object command = Yamls.get(services, "topic-init", "command");
    String script = command instanceof List<?> parts ? String.join("\n", Repository.<List<String>>cast(parts))
        : String.valueOf(command);
    Map<String, Map<String, String>> created = new LinkedHashMap<>();
    for (String line : script.lines().map(String::trim).filter(l -> l.startsWith("create ")).toList()) {
      String[] words = line.split("\\s+");
      Map<String, String> configs = new LinkedHashMap<>();
      for (int i = 2; i < words.length; i++) {
        if (words[i].equals("--config")) {
          String[] pair = words[++i].split("=", 2);
          configs.put(pair[0], pair[1]);
        }
      }
      created.put(words[1], configs);
    }
    assertThat(created).isEqualTo(Contract.topicConfigs());
  }

  @Test
  void everyEnvironmentVariableIsOneTheServiceReads() {
    assertThat(environment("processor").keySet())
        .isSubsetOf(Repository.environmentVariablesReadBy(Contract.PROCESSOR))
        .contains("KAFKA_BOOTSTRAP_SERVERS", "UPLOAD_STORAGE_DIR")
        .contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD");
    assertThat(environment("gateway").keySet())
        .isSubsetOf(Repository.environmentVariablesReadBy(Contract.GATEWAY))
        .contains("KAFKA_BOOTSTRAP_SERVERS", "UPLOAD_STORAGE_DIR", "JWT_HS256_SECRET", "JWT_ISSUER", "JWT_AUDIENCE")
        .contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "GATEWAY_MANAGEMENT_PORT");
    for (String service : List.of("processor", "gateway")) {
      Map<String, String> env = environment(service);
      Contract.TOPIC_VARIABLES.forEach(
          (topic, variable) -> assertThat(env.getOrDefault(variable, topic)).as(variable).isEqualTo(topic));
    }
  }

  @Test
  void jwtSettingsComeFromTheEnvFileWhoseExampleIsCommitted() {
    assertThat(Yamls.get(services, "gateway", "env_file")).isEqualTo(List.of("jwt.env"));
    assertThat(Yamls.map(services, "gateway", "environment"))
        .doesNotContainKeys("JWT_HS256_SECRET", "JWT_ISSUER", "JWT_AUDIENCE");
    assertThat(Repository.envFile(Repository.file("jwt.env.example")).stringPropertyNames())
        .containsExactlyInAnyOrder("JWT_HS256_SECRET", "JWT_ISSUER", "JWT_AUDIENCE");
  }

  @Test
  void portsAreTheOnesTheServicesListenOn() {
    ServiceImage gateway = ServiceImage.of(Contract.GATEWAY);
    String gatewayPort = environment("gateway").get("SERVER_PORT");
    String managementPort = environment("gateway").get("GATEWAY_MANAGEMENT_PORT");
    assertThat(gateway.ports())
        .containsExactlyInAnyOrder(Integer.parseInt(gatewayPort), Integer.parseInt(managementPort));
    assertThat(gateway.environment()).containsEntry("GATEWAY_MANAGEMENT_PORT", managementPort);
    // The API on the host; management on loopback only, under another host port (the processor's is taken).
    assertThat(Repository.<List<String>>cast(Yamls.get(services, "gateway", "ports")))
        .hasSize(2)
        .contains(gatewayPort + ":" + gatewayPort)
        .anySatisfy(p -> assertThat(p).startsWith("127.0.0.1:").endsWith(":" + managementPort));
    assertThat(healthcheck("gateway")).contains("/dev/tcp/127.0.0.1/" + managementPort + " ");

    ServiceImage processor = ServiceImage.of(Contract.PROCESSOR);
    String processorPort = environment("processor").get("PROCESSOR_HTTP_PORT");
    assertThat(processor.ports()).containsExactly(Integer.parseInt(processorPort));
    assertThat(Yamls.get(services, "processor", "ports"))
        .isEqualTo(List.of("127.0.0.1:" + processorPort + ":" + processorPort));
    assertThat(healthcheck("processor")).contains("/dev/tcp/127.0.0.1/" + processorPort + " ");
  }

  @Test
  void servicesWaitForAHealthyBrokerAndReportReadiness() {
    assertThat(Yamls.get(services, "kafka", "healthcheck", "test")).isNotNull();
    for (String service : List.of("processor", "gateway")) {
      assertThat(Yamls.string(services, service, "depends_on", "kafka", "condition")).isEqualTo("service_healthy");
      assertThat(Yamls.string(services, service, "depends_on", "topic-init", "condition"))
          .isEqualTo("service_completed_successfully");
      assertThat(healthcheck(service)).contains("GET " + Contract.READINESS + " ");
    }
  }

  @Test
  void imagesAreTheOnesTheImagesProfileBuilds() {
    assertThat(Yamls.string(services, "processor", "image")).isEqualTo(ServiceImage.of(Contract.PROCESSOR).reference());
    assertThat(Yamls.string(services, "gateway", "image")).isEqualTo(ServiceImage.of(Contract.GATEWAY).reference());
    assertThat(Yamls.string(services, "kafka", "image"))
        .startsWith("apache/kafka:")
        .isEqualTo(Yamls.string(services, "topic-init", "image"));
  }

  @Test
  void uploadsAreOneVolumeSharedAtTheDirectoryBothServicesAreGiven() {
    String dir = environment("gateway").get("UPLOAD_STORAGE_DIR");
    assertThat(environment("processor").get("UPLOAD_STORAGE_DIR")).isEqualTo(dir);
    assertThat(Repository.<List<String>>cast(Yamls.get(services, "gateway", "volumes"))).contains("uploads:" + dir);
    assertThat(Repository.<List<String>>cast(Yamls.get(services, "processor", "volumes")))
        .contains("uploads:" + dir + ":ro");
  }

  private static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    Yamls.map(services, service, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));
    Object envFiles = Yamls.get(services, service, "env_file");
    if (envFiles != null) {
      for (String file : Repository.<List<String>>cast(envFiles)) {
        // The committed example stands for the file operators create from it.
        Repository.envFile(Repository.file(file + ".example"))
            .forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
      }
    }
    return env;
  }

  private static String healthcheck(String service) {
    return String.join(" ", Repository.<List<String>>cast(Yamls.get(services, service, "healthcheck", "test")));
  }
}
