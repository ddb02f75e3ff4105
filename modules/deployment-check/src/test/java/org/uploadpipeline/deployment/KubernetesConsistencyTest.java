package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest under k8s/ agrees with the code: topics and their configs, env vars, ports, probes, images. */
class KubernetesConsistencyTest {

  /** Topic configs the manifests may add to the contract's (durability on a replicated cluster). */
  private static final Set<String> EXTRA_TOPIC_CONFIGS = Set.of("min.insync.replicas");

  private static Manifests k8s;

  @BeforeAll
  static void load() {
    k8s = Manifests.load();
  }

  @Test
  void strimziDeclaresEveryContractTopicWithItsConfigs() {
    Map<String, Map<String, String>> declared = new LinkedHashMap<>();
    for (Map<String, Object> topic : k8s.ofKind("KafkaTopic")) {
      Map<String, String> configs = new HashMap<>();
      Yamls.map(topic, "spec", "config").forEach((k, v) -> configs.put(k, String.valueOf(v)));
      configs.keySet().removeAll(EXTRA_TOPIC_CONFIGS);
      declared.put(Yamls.string(topic, "spec", "topicName"), configs);
      assertThat(Yamls.string(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo(kafkaClusterName());
    }
    assertThat(declared).isEqualTo(Contract.topicConfigs());
  }

  @Test
  void kafkaRunsInKraftModeWithNodePools() {
    Map<String, Object> kafka = k8s.ofKind("Kafka").get(0);
    assertThat(Yamls.map(kafka, "metadata", "annotations"))
        .containsEntry("strimzi.io/kraft", "enabled")
        .containsEntry("strimzi.io/node-pools", "enabled");
    assertThat(k8s.ofKind("KafkaNodePool"))
        .allSatisfy(pool -> assertThat(Yamls.string(pool, "metadata", "labels", "strimzi.io/cluster"))
            .isEqualTo(kafkaClusterName()))
        .flatExtracting(pool -> Yamls.values(pool, "spec", "roles"))
        .contains("controller", "broker");
    assertThat(configMap().get("KAFKA_BOOTSTRAP_SERVERS")).startsWith(kafkaClusterName() + "-kafka-bootstrap:");
  }

  @Test
  void processorInstancesAreBoundedByPartitions() {
    Set<Integer> partitions = new LinkedHashSet<>();
    k8s.ofKind("KafkaTopic").forEach(t -> partitions.add((Integer) Yamls.get(t, "spec", "partitions")));
    assertThat(partitions).hasSize(1);
    int count = partitions.iterator().next();
    assertThat(env("processor").get("TOPIC_PARTITIONS")).isEqualTo(Integer.toString(count));
    Map<String, Object> hpa = k8s.named("HorizontalPodAutoscaler", "processor");
    assertThat((Integer) Yamls.get(hpa, "spec", "maxReplicas")).isLessThanOrEqualTo(count);
    assertThat(Yamls.string(hpa, "spec", "scaleTargetRef", "name")).isEqualTo("processor");
    assertThat(Yamls.string(k8s.named("HorizontalPodAutoscaler", "gateway"), "spec", "scaleTargetRef", "name"))
        .isEqualTo("gateway");
  }

  @Test
  void everyEnvironmentVariableIsOneTheServiceReads() {
    Set<String> processorReads = Repository.environmentVariablesReadBy(Contract.PROCESSOR);
    Set<String> gatewayReads = Repository.environmentVariablesReadBy(Contract.GATEWAY);
    // The shared ConfigMap goes to both services.
    assertThat(configMap().keySet()).isSubsetOf(processorReads).isSubsetOf(gatewayReads);
    assertThat(env("processor").keySet())
        .isSubsetOf(processorReads)
        .contains("KAFKA_BOOTSTRAP_SERVERS", "UPLOAD_STORAGE_DIR");
    assertThat(env("gateway").keySet())
        .isSubsetOf(gatewayReads)
        .contains("KAFKA_BOOTSTRAP_SERVERS", "UPLOAD_STORAGE_DIR", "JWT_HS256_SECRET", "JWT_ISSUER", "JWT_AUDIENCE")
        .contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "GATEWAY_MANAGEMENT_PORT");
    assertThat(env("processor").keySet())
        .contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD");
    Contract.TOPIC_VARIABLES.forEach(
        (topic, variable) -> assertThat(configMap().get(variable)).as(variable).isEqualTo(topic));
  }

  @Test
  void jwtSettingsComeFromTheGeneratedSecret() {
    Map<String, Object> generator = Yamls.list(k8s.kustomization(), "secretGenerator").get(0);
    for (String variable : List.of("JWT_HS256_SECRET", "JWT_ISSUER", "JWT_AUDIENCE")) {
      Map<String, Object> ref = Yamls.map(envEntry("gateway", variable), "valueFrom", "secretKeyRef");
      assertThat(ref.get("name")).as(variable).isEqualTo(generator.get("name"));
      assertThat(Repository.envFile(Repository.file("jwt.env.example")).stringPropertyNames()).contains(
          String.valueOf(ref.get("key")));
    }
  }

  @Test
  void portsAndProbesAreTheOnesTheServicesServe() {
    checkPortsAndProbes("gateway", Contract.GATEWAY, "GATEWAY_MANAGEMENT_PORT", "snapshotStore");
    checkPortsAndProbes("processor", Contract.PROCESSOR, "PROCESSOR_HTTP_PORT", "streams");
    // The gateway's API on its own port, the one its Service targets.
    Map<String, Object> config =
        Repository.yaml(Repository.file(Contract.GATEWAY + "/src/main/resources/application.yml"));
    assertThat(Yamls.string(config, "server", "port")).contains("${SERVER_PORT");
    int api = Integer.parseInt(env("gateway").get("SERVER_PORT"));
    assertThat(ServiceImage.of(Contract.GATEWAY).ports()).contains(api);
    assertThat(SecurityChecks.containerPort(k8s, "gateway", "http")).isEqualTo(api);
    assertThat(Yamls.list(k8s.named("Service", "gateway"), "spec", "ports"))
        .extracting(p -> SecurityChecks.resolve(k8s, "gateway", p.get("targetPort")))
        .containsExactly(api);
  }

  @Test
  void imagesAreTheOnesTheImagesProfileBuilds() {
    Map<String, String> tags = new HashMap<>();
    Yamls.list(k8s.kustomization(), "images").forEach(i -> tags.put((String) i.get("name"), (String) i.get("newTag")));
    for (String deployment : List.of("processor", "gateway")) {
      ServiceImage image = ServiceImage.of(service(deployment));
      assertThat(Yamls.string(k8s.container(deployment), "image")).isEqualTo(image.name());
      assertThat(tags).containsEntry(image.name(), image.tag());
    }
  }

  @Test
  void everyDeploymentIsCoveredByADisruptionBudgetAndRunsAsTheImageUser() {
    for (String deployment : List.of("processor", "gateway")) {
      Map<String, Object> labels =
          Yamls.map(k8s.named("Deployment", deployment), "spec", "template", "metadata", "labels");
      assertThat(Yamls.map(k8s.named("PodDisruptionBudget", deployment), "spec", "selector", "matchLabels"))
          .isNotEmpty()
          .isEqualTo(Yamls.map(k8s.named("Deployment", deployment), "spec", "selector", "matchLabels"))
          .allSatisfy((k, v) -> assertThat(labels).containsEntry(k, v));
      Map<String, Object> pod = Yamls.map(k8s.named("Deployment", deployment), "spec", "template", "spec");
      assertThat(Yamls.get(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
      assertThat(Yamls.get(pod, "securityContext", "fsGroup")).isEqualTo(10001);
    }
  }

  @Test
  void uploadsAreOneSharedVolumeMountedWhereBothServicesLook() {
    String dir = configMap().get("UPLOAD_STORAGE_DIR");
    for (String deployment : List.of("processor", "gateway")) {
      Map<String, Object> pod = Yamls.map(k8s.named("Deployment", deployment), "spec", "template", "spec");
      String volume =
          Yamls.list(pod, "volumes").stream()
              .filter(v -> "uploads".equals(Yamls.string(v, "persistentVolumeClaim", "claimName")))
              .map(v -> (String) v.get("name"))
              .findFirst()
              .orElseThrow();
      assertThat(Yamls.list(k8s.container(deployment), "volumeMounts"))
          .anySatisfy(m -> {
            assertThat(m.get("name")).isEqualTo(volume);
            assertThat(m.get("mountPath")).isEqualTo(dir);
          });
    }
    assertThat(Yamls.values(k8s.named("PersistentVolumeClaim", "uploads"), "spec", "accessModes"))
        .containsExactly("ReadWriteMany");
  }

  /** Probes and Prometheus on the management port, which {@code portVariable} sets. */
  private static void checkPortsAndProbes(String deployment, String service, String portVariable, String indicator) {
    Map<String, Object> container = k8s.container(deployment);
    int port = Integer.parseInt(env(deployment).get(portVariable));
    assertThat(ServiceImage.of(service).ports()).contains(port);
    assertThat(ServiceImage.of(service).environment()).containsEntry(portVariable, Integer.toString(port));
    int declared = SecurityChecks.containerPort(k8s, deployment, "management");
    assertThat(declared).isEqualTo(port);
    Object portName = "management";
    assertThat(Yamls.string(container, "livenessProbe", "httpGet", "path")).isEqualTo(Contract.LIVENESS);
    assertThat(Yamls.string(container, "startupProbe", "httpGet", "path")).isEqualTo(Contract.LIVENESS);
    assertThat(Yamls.string(container, "readinessProbe", "httpGet", "path")).isEqualTo(Contract.READINESS);
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertThat(Yamls.get(container, probe, "httpGet", "port")).as(probe).isIn(portName, port);
    }
    Map<String, Object> pod = Yamls.map(k8s.named("Deployment", deployment), "spec", "template");
    assertThat(Yamls.map(pod, "metadata", "annotations"))
        .containsEntry("prometheus.io/port", Integer.toString(port))
        .containsEntry("prometheus.io/path", Contract.PROMETHEUS);

    // The service exposes those endpoints, and readiness waits for the part that must catch up.
    Map<String, Object> config = Repository.yaml(Repository.file(service + "/src/main/resources/application.yml"));
    Map<String, Object> health = Yamls.map(config, "management", "endpoint", "health");
    assertThat(Yamls.get(health, "probes", "enabled")).isEqualTo(true);
    assertThat(Yamls.string(health, "group", "readiness", "include")).contains(indicator);
    assertThat(Yamls.string(config, "management", "endpoints", "web", "exposure", "include")).contains("prometheus");
    String portProperty = deployment.equals("gateway") ? Yamls.string(config, "management", "server", "port")
        : Yamls.string(config, "server", "port");
    assertThat(portProperty).contains("${" + portVariable);
  }

  private static String service(String deployment) {
    return deployment.equals("gateway") ? Contract.GATEWAY : Contract.PROCESSOR;
  }

  private static String kafkaClusterName() {
    return Yamls.string(k8s.ofKind("Kafka").get(0), "metadata", "name");
  }

  private static Map<String, String> configMap() {
    Map<String, String> data = new LinkedHashMap<>();
    Yamls.map(k8s.named("ConfigMap", "pipeline-config"), "data").forEach((k, v) -> data.put(k, String.valueOf(v)));
    return data;
  }

  /** The environment a Deployment's container gets: the shared ConfigMap (envFrom) and its own env. */
  private static Map<String, String> env(String deployment) {
    Map<String, Object> container = k8s.container(deployment);
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> from : Yamls.list(container, "envFrom")) {
      assertThat(Yamls.string(from, "configMapRef", "name")).isEqualTo("pipeline-config");
      env.putAll(configMap());
    }
    for (Map<String, Object> entry : Yamls.list(container, "env")) {
      env.put((String) entry.get("name"), entry.containsKey("value") ? String.valueOf(entry.get("value")) : null);
    }
    return env;
  }

  private static Map<String, Object> envEntry(String deployment, String name) {
    return Yamls.list(k8s.container(deployment), "env").stream()
        .filter(e -> name.equals(e.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(deployment + " has no env " + name));
  }
}
