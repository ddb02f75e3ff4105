package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@link SecurityChecks} and {@link ComposeSecurityChecks} fail on a freshly parsed copy of the real
 * files with one insecure change each: they are not vacuous.
 */
class SecurityChecksCanFailTest {

  @Test
  void kafkaListenerWithoutAuthenticationOrClusterWithoutAuthorization() {
    failsK8s(SecurityChecks::kafkaListenersAreAuthenticated, k8s -> listener(k8s).remove("authentication"));
    failsK8s(SecurityChecks::kafkaListenersAreAuthenticated, k8s -> listener(k8s).put("tls", false));
    failsK8s(SecurityChecks::kafkaListenersAreAuthenticated, k8s -> kafkaSpec(k8s).remove("authorization"));
    failsK8s(SecurityChecks::kafkaListenersAreAuthenticated, k8s -> listener(k8s).remove("networkPolicyPeers"));
    failsK8s(SecurityChecks::kafkaListenersAreAuthenticated,
        k8s -> Repository.<Map<String, Object>>cast(kafkaSpec(k8s).get("authorization")).put("superUsers",
            List.of("CN=anyone")));
  }

  @Test
  void missingKafkaUserOrAclsOtherThanKafkaAccess() {
    failsK8s(SecurityChecks::kafkaUsersHaveExactlyTheirAccess,
        k8s -> k8s.resources().remove(k8s.named("KafkaUser", "gateway")));
    // One operation more (the gateway writing progress: forged snapshots would reach viewers).
    failsK8s(SecurityChecks::kafkaUsersHaveExactlyTheirAccess, k8s -> {
      Map<String, Object> rule = acls(k8s, "gateway").stream()
          .filter(r -> "uploads.progress".equals(Yamls.string(r, "resource", "name"))).findFirst().orElseThrow();
      rule.put("operations", List.of("Read", "Describe", "Write"));
    });
    // One grant fewer.
    failsK8s(SecurityChecks::kafkaUsersHaveExactlyTheirAccess, k8s -> acls(k8s, "processor").remove(0));
    // A literal where KafkaAccess has a prefix.
    failsK8s(SecurityChecks::kafkaUsersHaveExactlyTheirAccess, k8s -> {
      Map<String, Object> resource = Yamls.map(acls(k8s, "data-team").get(2), "resource");
      resource.put("patternType", "literal");
    });
  }

  @Test
  void deploymentTakingAnotherUsersCredentials() {
    failsK8s(SecurityChecks::deploymentsUseTheirOwnCredentials,
        k8s -> Yamls.map(envEntry(k8s, "gateway", "KAFKA_SASL_PASSWORD"), "valueFrom", "secretKeyRef")
            .put("name", "processor"));
    failsK8s(SecurityChecks::deploymentsUseTheirOwnCredentials,
        k8s -> envEntry(k8s, "processor", "KAFKA_SASL_USERNAME").put("value", "gateway"));
    failsK8s(SecurityChecks::deploymentsUseTheirOwnCredentials,
        k8s -> Repository.<Map<String, Object>>cast(k8s.named("ConfigMap", "pipeline-config").get("data"))
            .put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
  }

  @Test
  void missingNetworkPoliciesOrWiderRules() {
    failsK8s(SecurityChecks::networkIsDeniedExceptWhatEachServiceNeeds,
        k8s -> k8s.resources().remove(k8s.named("NetworkPolicy", "default-deny")));
    failsK8s(SecurityChecks::networkIsDeniedExceptWhatEachServiceNeeds,
        k8s -> k8s.resources().remove(k8s.named("NetworkPolicy", "gateway")));
    failsK8s(SecurityChecks::networkIsDeniedExceptWhatEachServiceNeeds,
        k8s -> k8s.resources().remove(k8s.named("NetworkPolicy", "processor")));
    // Gateway API open to every namespace.
    failsK8s(SecurityChecks::networkIsDeniedExceptWhatEachServiceNeeds, k8s -> {
      Map<String, Object> rule = Yamls.list(k8s.named("NetworkPolicy", "gateway"), "spec", "ingress").get(0);
      rule.put("from", List.of(Map.of("namespaceSelector", Map.of())));
    });
    // Processor egress anywhere.
    failsK8s(SecurityChecks::networkIsDeniedExceptWhatEachServiceNeeds,
        k8s -> Yamls.list(k8s.named("NetworkPolicy", "processor"), "spec", "egress").add(Map.of("ports",
            List.of(Map.of("port", 443)))));
  }

  @Test
  void podWithAServiceAccountToken() {
    failsK8s(SecurityChecks::podsHaveNoServiceAccountToken,
        k8s -> k8s.podSpec("processor").put("automountServiceAccountToken", true));
    failsK8s(SecurityChecks::podsHaveNoServiceAccountToken,
        k8s -> k8s.podSpec("gateway").remove("automountServiceAccountToken"));
    failsK8s(SecurityChecks::podsHaveNoServiceAccountToken,
        k8s -> k8s.named("ServiceAccount", "gateway").remove("automountServiceAccountToken"));
  }

  @Test
  void managementExposedOrProbesOnTheApiPort() {
    failsK8s(SecurityChecks::managementIsNotExposed, k8s -> {
      List<Map<String, Object>> ports = Yamls.list(k8s.named("Service", "gateway"), "spec", "ports");
      ports.add(new LinkedHashMap<>(Map.of("name", "management", "port", 8081, "targetPort", "management")));
    });
    failsK8s(SecurityChecks::managementIsNotExposed,
        k8s -> Yamls.map(k8s.container("gateway"), "readinessProbe", "httpGet").put("port", "http"));
    failsK8s(SecurityChecks::managementIsNotExposed,
        k8s -> Yamls.map(k8s.named("Deployment", "gateway"), "spec", "template", "metadata", "annotations")
            .put("prometheus.io/port", "8080"));
  }

  @Test
  void composePlaintextListenerOrKafkaPublishedOnAllInterfaces() {
    failsCompose(ComposeSecurityChecks::kafkaIsAuthenticatedAndAuthorized, services -> env(services, "kafka").put(
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
        String.valueOf(env(services, "kafka").get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))
            .replace("HOST:SASL_PLAINTEXT", "HOST:PLAINTEXT")));
    failsCompose(ComposeSecurityChecks::kafkaIsAuthenticatedAndAuthorized,
        services -> Repository.<Map<String, Object>>cast(services.get("kafka")).put("ports", List.of("9094:9094")));
    failsCompose(ComposeSecurityChecks::kafkaIsAuthenticatedAndAuthorized,
        services -> env(services, "kafka").put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "true"));
    failsCompose(ComposeSecurityChecks::kafkaIsAuthenticatedAndAuthorized,
        services -> env(services, "kafka").put("KAFKA_SUPER_USERS", "User:admin;User:gateway"));
  }

  @Test
  void composeServiceWithAnotherUsersPasswordOrInitMissingAnAcl() {
    failsCompose(ComposeSecurityChecks::servicesUseTheirOwnCredentials,
        services -> env(services, "gateway").put("KAFKA_SASL_PASSWORD", "${KAFKA_PROCESSOR_PASSWORD:?x}"));
    failsCompose(ComposeSecurityChecks::initGrantsExactlyKafkaAccess, services -> {
      Map<String, Object> init = Repository.cast(services.get("topic-init"));
      List<String> command = new ArrayList<>(Repository.<List<String>>cast(init.get("command")));
      command.set(0, command.get(0).replace("acl gateway topic uploads.commands literal Write Describe\n", ""));
      init.put("command", command);
    });
    failsCompose(ComposeSecurityChecks::onlyTheApiIsPublishedBeyondLoopback,
        services -> Repository.<Map<String, Object>>cast(services.get("gateway")).put("ports",
            List.of("8080:8080", "8082:8081")));
  }

  private static void failsK8s(Consumer<Manifests> check, Consumer<Manifests> mutation) {
    Manifests k8s = Manifests.load();
    check.accept(k8s);
    mutation.accept(k8s);
    assertThatThrownBy(() -> check.accept(k8s)).isInstanceOf(AssertionError.class);
  }

  private static void failsCompose(Consumer<Map<String, Object>> check, Consumer<Map<String, Object>> mutation) {
    Map<String, Object> services = Yamls.map(Repository.yaml(Repository.file("docker-compose.yml")), "services");
    check.accept(services);
    mutation.accept(services);
    assertThatThrownBy(() -> check.accept(services)).isInstanceOf(AssertionError.class);
  }

  private static Map<String, Object> kafkaSpec(Manifests k8s) {
    return Yamls.map(k8s.named("Kafka", k8s.kafkaCluster()), "spec", "kafka");
  }

  private static Map<String, Object> listener(Manifests k8s) {
    return Yamls.list(kafkaSpec(k8s), "listeners").get(0);
  }

  private static List<Map<String, Object>> acls(Manifests k8s, String user) {
    return Yamls.list(k8s.named("KafkaUser", user), "spec", "authorization", "acls");
  }

  private static Map<String, Object> envEntry(Manifests k8s, String deployment, String name) {
    return Yamls.list(k8s.container(deployment), "env").stream()
        .filter(e -> name.equals(e.get("name"))).findFirst().orElseThrow();
  }

  private static Map<String, Object> env(Map<String, Object> services, String service) {
    return Yamls.map(services, service, "environment");
  }
}
