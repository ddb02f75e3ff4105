package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.uploadpipeline.protocol.KafkaAccess;

/**
 * The security properties of k8s/ (least privilege: Kafka authentication, ACLs, network, service account tokens,
 * management ports). Each check takes the parsed manifests and fails with an {@link AssertionError} naming what is
 * wrong; {@link SecurityChecksCanFailTest} shows each one failing on a broken copy.
 */
final class SecurityChecks {

  /** Deployment → its Kafka user (a KafkaUser of the same name, whose Secret holds its password). */
  static final Map<String, String> SERVICE_USERS =
      Map.of("processor", KafkaAccess.PROCESSOR_USER, "gateway", KafkaAccess.GATEWAY_USER);

  static final Set<String> USERS = Set.copyOf(KafkaAccess.USERS);

  static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

  private SecurityChecks() {}

  // --- Kafka cluster --------------------------------------------------------------------------------------------

  /** Every listener is TLS with authentication, access is authorized, and the user operator manages the users. */
  static void kafkaListenersAreAuthenticated(Manifests k8s) {
    String cluster = k8s.kafkaCluster();
    Map<String, Object> kafka = k8s.named("Kafka", cluster);
    List<Map<String, Object>> listeners = Yamls.list(kafka, "spec", "kafka", "listeners");
    assertThat(listeners).as("listeners of Kafka %s", cluster).isNotEmpty();
    for (Map<String, Object> listener : listeners) {
      String name = String.valueOf(listener.get("name"));
      assertThat(Yamls.string(listener, "authentication", "type"))
          .as("authentication of listener %s", name)
          .isIn("scram-sha-512", "tls");
      assertThat(listener.get("tls")).as("tls of listener %s (SCRAM without TLS sends data in clear)", name)
          .isEqualTo(true);
      assertThat(Yamls.list(listener, "networkPolicyPeers"))
          .as("networkPolicyPeers of listener %s (none: Strimzi opens it to every namespace)", name)
          .isNotEmpty()
          .allSatisfy(peer -> {
            assertThat(peer).as("peer of listener %s", name).isNotEmpty().doesNotContainKey("ipBlock");
            if (!peer.containsKey("namespaceSelector")) {
              assertThat(Yamls.map(peer, "podSelector", "matchLabels"))
                  .as("podSelector of a peer of listener %s (empty: every pod of the namespace)", name)
                  .isNotEmpty();
            }
          });
    }
    assertThat(Yamls.string(kafka, "spec", "kafka", "authorization", "type"))
        .as("authorization of Kafka %s", cluster).isEqualTo("simple");
    assertThat(Yamls.values(kafka, "spec", "kafka", "authorization", "superUsers"))
        .as("superUsers of Kafka %s (Strimzi's own components need none)", cluster).isEmpty();
    assertThat(Yamls.get(kafka, "spec", "entityOperator", "userOperator"))
        .as("the user operator of Kafka %s (it makes the KafkaUsers)", cluster).isNotNull();
  }

  /** The TLS listener the services use: its port, SCRAM. */
  static int clientListenerPort(Manifests k8s) {
    Map<String, Object> kafka = k8s.named("Kafka", k8s.kafkaCluster());
    return Yamls.list(kafka, "spec", "kafka", "listeners").stream()
        .filter(l -> Boolean.TRUE.equals(l.get("tls")))
        .filter(l -> "scram-sha-512".equals(Yamls.string(l, "authentication", "type")))
        .map(l -> (Integer) l.get("port"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no TLS listener with scram-sha-512 in the Kafka resource"));
  }

  /** Each principal has its KafkaUser, with SCRAM and exactly the ACLs of KafkaAccess; there are no others. */
  static void kafkaUsersHaveExactlyTheirAccess(Manifests k8s) {
    String cluster = k8s.kafkaCluster();
    Set<KafkaAcl> expected = KafkaAcl.expected(
        KafkaAcl.topics(k8s.configMap("pipeline-config")), k8s.envValue("processor", "PROCESSOR_APPLICATION_ID"));
    Set<String> declared = new HashSet<>();
    for (Map<String, Object> user : k8s.ofKind("KafkaUser")) {
      declared.add(Yamls.string(user, "metadata", "name"));
    }
    assertThat(declared).as("KafkaUsers").containsExactlyInAnyOrderElementsOf(USERS);
    for (String name : USERS) {
      Map<String, Object> user = k8s.named("KafkaUser", name);
      assertThat(Yamls.string(user, "metadata", "labels", "strimzi.io/cluster")).as("cluster of user %s", name)
          .isEqualTo(cluster);
      assertThat(Yamls.string(user, "spec", "authentication", "type")).as("authentication of user %s", name)
          .isEqualTo("scram-sha-512");
      assertThat(Yamls.string(user, "spec", "authorization", "type")).as("authorization of user %s", name)
          .isEqualTo("simple");
      assertThat(strimziAcls(user)).as("ACLs of KafkaUser %s", name)
          .containsExactlyInAnyOrderElementsOf(KafkaAcl.ofUser(expected, name));
    }
  }

  private static Set<KafkaAcl> strimziAcls(Map<String, Object> user) {
    String name = Yamls.string(user, "metadata", "name");
    Set<KafkaAcl> acls = new LinkedHashSet<>();
    for (Map<String, Object> rule : Yamls.list(user, "spec", "authorization", "acls")) {
      assertThat(Objects.toString(rule.get("type"), "allow")).as("rule type of %s", name).isEqualTo("allow");
      assertThat(Objects.toString(rule.get("host"), "*")).as("host of a rule of %s", name).isEqualTo("*");
      Map<String, Object> resource = Yamls.map(rule, "resource");
      List<Object> operations = new ArrayList<>(Yamls.values(rule, "operations"));
      if (rule.get("operation") != null) {
        operations.add(rule.get("operation"));
      }
      for (Object operation : operations) {
        acls.add(new KafkaAcl(
            name,
            KafkaAcl.enumName(String.valueOf(resource.get("type"))),
            String.valueOf(resource.get("name")),
            KafkaAcl.strimziPattern((String) resource.get("patternType")),
            KafkaAcl.enumName(String.valueOf(operation))));
      }
    }
    return acls;
  }

  /**
   * Each Deployment connects over TLS (the cluster CA as trust store) to the SCRAM listener as its own user, with
   * the password of that user's Secret and of no other.
   */
  static void deploymentsUseTheirOwnCredentials(Manifests k8s) {
    String cluster = k8s.kafkaCluster();
    String caSecret = cluster + "-cluster-ca-cert";
    int port = clientListenerPort(k8s);
    SERVICE_USERS.forEach((deployment, user) -> {
      Map<String, Map<String, Object>> env = k8s.envEntries(deployment);
      assertThat(k8s.envValue(deployment, "KAFKA_BOOTSTRAP_SERVERS")).as("%s bootstrap", deployment)
          .isEqualTo(cluster + "-kafka-bootstrap:" + port);
      assertThat(k8s.envValue(deployment, "KAFKA_SECURITY_PROTOCOL")).as("%s protocol", deployment)
          .isEqualTo("SASL_SSL");
      assertThat(Objects.toString(k8s.envValue(deployment, "KAFKA_SASL_MECHANISM"), "SCRAM-SHA-512"))
          .as("%s mechanism", deployment).isEqualTo("SCRAM-SHA-512");
      assertThat(k8s.envValue(deployment, "KAFKA_SASL_USERNAME")).as("%s user", deployment).isEqualTo(user);
      assertThat(secretRef(env.get("KAFKA_SASL_PASSWORD"))).as("%s KAFKA_SASL_PASSWORD", deployment)
          .isEqualTo(Map.of("name", user, "key", "password"));
      for (Map<String, Object> entry : env.values()) {
        Map<String, Object> ref = secretRef(entry);
        if (ref != null && USERS.contains(String.valueOf(ref.get("name")))) {
          assertThat(ref.get("name")).as("%s reads the Secret of another Kafka user (%s)", deployment, entry)
              .isEqualTo(user);
        }
      }
      assertThat(secretRef(env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD"))).as("%s trust store password", deployment)
          .isEqualTo(Map.of("name", caSecret, "key", "ca.password"));
      assertThat(k8s.envValue(deployment, "KAFKA_SSL_TRUSTSTORE_TYPE")).as("%s trust store type", deployment)
          .isIn("PKCS12", null);
      assertThat(k8s.envValue(deployment, "KAFKA_SSL_TRUSTSTORE_LOCATION")).as("%s trust store", deployment)
          .isIn(secretFilePaths(k8s, deployment, caSecret, "ca.p12"));
    });
  }

  private static Map<String, Object> secretRef(Map<String, Object> entry) {
    Object ref = Yamls.get(entry, "valueFrom", "secretKeyRef");
    return ref == null ? null : Yamls.map(ref);
  }

  /** Where a key of a Secret appears as a file in a Deployment's container (every mount of it). */
  private static Set<String> secretFilePaths(Manifests k8s, String deployment, String secret, String key) {
    Set<String> paths = new LinkedHashSet<>();
    for (Map<String, Object> volume : Yamls.list(k8s.podSpec(deployment), "volumes")) {
      if (!secret.equals(Yamls.string(volume, "secret", "secretName"))) {
        continue;
      }
      List<Map<String, Object>> items = Yamls.list(volume, "secret", "items");
      String file = items.isEmpty() ? key : items.stream()
          .filter(i -> key.equals(i.get("key"))).map(i -> (String) i.get("path")).findFirst().orElse(null);
      for (Map<String, Object> mount : Yamls.list(k8s.container(deployment), "volumeMounts")) {
        if (file != null && volume.get("name").equals(mount.get("name"))) {
          paths.add(mount.get("mountPath") + "/" + file);
        }
      }
    }
    return paths;
  }

  // --- Pods -----------------------------------------------------------------------------------------------------

  /** No Kubernetes API token in the services' pods: their own ServiceAccount, automount off on both. */
  static void podsHaveNoServiceAccountToken(Manifests k8s) {
    for (String deployment : SERVICE_USERS.keySet()) {
      Map<String, Object> pod = k8s.podSpec(deployment);
      assertThat(pod.get("automountServiceAccountToken")).as("%s automountServiceAccountToken", deployment)
          .isEqualTo(false);
      String account = (String) pod.get("serviceAccountName");
      assertThat(account).as("%s serviceAccountName", deployment).isNotNull().isNotEqualTo("default");
      assertThat(k8s.named("ServiceAccount", account).get("automountServiceAccountToken"))
          .as("ServiceAccount %s automountServiceAccountToken", account).isEqualTo(false);
    }
  }

  // --- Management ports -----------------------------------------------------------------------------------------

  /**
   * Management (probes, Prometheus) is on a port of its own that no Service exposes; the gateway's probes and
   * scrape port are not its API port.
   */
  static void managementIsNotExposed(Manifests k8s) {
    int api = containerPort(k8s, "gateway", "http");
    int management = containerPort(k8s, "gateway", "management");
    assertThat(management).as("gateway management port").isNotEqualTo(api);
    assertThat(k8s.envValue("gateway", "GATEWAY_MANAGEMENT_PORT")).as("GATEWAY_MANAGEMENT_PORT")
        .isEqualTo(Integer.toString(management));
    for (String deployment : SERVICE_USERS.keySet()) {
      int port = containerPort(k8s, deployment, "management");
      Map<String, Object> container = k8s.container(deployment);
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        assertThat(resolve(k8s, deployment, Yamls.get(container, probe, "httpGet", "port")))
            .as("%s %s port", deployment, probe).isEqualTo(port);
      }
      assertThat(Yamls.string(k8s.named("Deployment", deployment), "spec", "template", "metadata", "annotations",
          "prometheus.io/port")).as("%s prometheus.io/port", deployment).isEqualTo(Integer.toString(port));
    }
    for (Map<String, Object> service : k8s.ofKind("Service")) {
      String name = Yamls.string(service, "metadata", "name");
      Map<String, Object> selector = Yamls.map(service, "spec", "selector");
      for (String deployment : SERVICE_USERS.keySet()) {
        if (!selector.isEmpty() && k8s.podLabels(deployment).entrySet().containsAll(selector.entrySet())) {
          int managementPort = containerPort(k8s, deployment, "management");
          for (Map<String, Object> port : Yamls.list(service, "spec", "ports")) {
            Object target = port.containsKey("targetPort") ? port.get("targetPort") : port.get("port");
            assertThat(resolve(k8s, deployment, target)).as("Service %s port %s", name, port.get("name"))
                .isNotEqualTo(managementPort);
          }
        }
      }
    }
  }

  static int containerPort(Manifests k8s, String deployment, String name) {
    return Yamls.list(k8s.container(deployment), "ports").stream()
        .filter(p -> name.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(deployment + " has no container port named " + name));
  }

  /** A port given by number or by container port name. */
  static Integer resolve(Manifests k8s, String deployment, Object port) {
    if (port instanceof Integer number) {
      return number;
    }
    return port == null ? null : containerPort(k8s, deployment, String.valueOf(port));
  }

  // --- Network --------------------------------------------------------------------------------------------------

  /**
   * Everything in the namespace is denied both ways but: to the gateway's API from one namespace (the ingress
   * controller's), to both services' management from the monitoring namespace, from the services to the Kafka
   * client listener and to DNS. The Kafka listener admits the services' pods (networkPolicyPeers).
   */
  static void networkIsDeniedExceptWhatEachServiceNeeds(Manifests k8s) {
    List<Map<String, Object>> policies = k8s.ofKind("NetworkPolicy");
    assertThat(policies).as("a default-deny NetworkPolicy (all pods, Ingress and Egress, no rule)")
        .anySatisfy(p -> {
          assertThat(Yamls.map(p, "spec", "podSelector")).isEmpty();
          assertThat(Yamls.values(p, "spec", "policyTypes")).contains("Ingress", "Egress");
          assertThat(Yamls.list(p, "spec", "ingress")).isEmpty();
          assertThat(Yamls.list(p, "spec", "egress")).isEmpty();
        });

    Map<Integer, Set<String>> gateway = ingress(k8s, "gateway");
    Map<Integer, Set<String>> processor = ingress(k8s, "processor");
    int api = containerPort(k8s, "gateway", "http");
    int gatewayManagement = containerPort(k8s, "gateway", "management");
    int processorManagement = containerPort(k8s, "processor", "management");
    assertThat(gateway.keySet()).as("ports open to the gateway").containsExactlyInAnyOrder(api, gatewayManagement);
    assertThat(processor.keySet()).as("ports open to the processor").containsExactly(processorManagement);
    Set<String> monitoring = processor.get(processorManagement);
    assertThat(gateway.get(gatewayManagement)).as("namespaces reaching gateway management").isEqualTo(monitoring);
    assertThat(gateway.get(api)).as("namespaces reaching the gateway API").hasSize(1).doesNotContainAnyElementsOf(
        monitoring);

    int kafkaPort = clientListenerPort(k8s);
    for (String deployment : SERVICE_USERS.keySet()) {
      checkEgress(k8s, deployment, kafkaPort);
    }

    Map<String, Object> kafka = k8s.named("Kafka", k8s.kafkaCluster());
    for (Map<String, Object> listener : Yamls.list(kafka, "spec", "kafka", "listeners")) {
      List<Map<String, Object>> peers = Yamls.list(listener, "networkPolicyPeers");
      for (String deployment : SERVICE_USERS.keySet()) {
        assertThat(peers).as("listener %s admits %s", listener.get("name"), deployment)
            .anySatisfy(peer -> {
              assertThat(peer).containsOnlyKeys("podSelector");
              assertThat(selects(Yamls.map(peer, "podSelector"), k8s.podLabels(deployment))).isTrue();
            });
      }
    }
  }

  /** Port → namespaces that may reach it, over every policy that selects the Deployment's pods. */
  private static Map<Integer, Set<String>> ingress(Manifests k8s, String deployment) {
    Map<Integer, Set<String>> open = new LinkedHashMap<>();
    for (Map<String, Object> policy : selecting(k8s, deployment)) {
      String name = Yamls.string(policy, "metadata", "name");
      for (Map<String, Object> rule : Yamls.list(policy, "spec", "ingress")) {
        List<Map<String, Object>> from = Yamls.list(rule, "from");
        List<Map<String, Object>> ports = Yamls.list(rule, "ports");
        assertThat(from).as("sources of an ingress rule of %s (none: any)", name).isNotEmpty();
        assertThat(ports).as("ports of an ingress rule of %s (none: all)", name).isNotEmpty();
        Set<String> namespaces = new LinkedHashSet<>();
        for (Map<String, Object> peer : from) {
          assertThat(peer).as("ingress peer of %s: a namespace, by name", name)
              .containsOnlyKeys("namespaceSelector");
          Map<String, Object> labels = Yamls.map(peer, "namespaceSelector", "matchLabels");
          assertThat(labels).as("namespaceSelector of %s", name).containsOnlyKeys(NAMESPACE_LABEL);
          assertThat(Yamls.get(peer, "namespaceSelector", "matchExpressions")).isNull();
          namespaces.add(String.valueOf(labels.get(NAMESPACE_LABEL)));
        }
        for (Map<String, Object> port : ports) {
          open.computeIfAbsent(resolve(k8s, deployment, port.get("port")), p -> new LinkedHashSet<>())
              .addAll(namespaces);
        }
      }
    }
    return open;
  }

  private static void checkEgress(Manifests k8s, String deployment, int kafkaPort) {
    Map<String, Object> kafkaPods = Map.of("strimzi.io/cluster", k8s.kafkaCluster(), "strimzi.io/kind", "Kafka");
    boolean dns = false;
    boolean kafka = false;
    for (Map<String, Object> policy : selecting(k8s, deployment)) {
      String name = Yamls.string(policy, "metadata", "name");
      for (Map<String, Object> rule : Yamls.list(policy, "spec", "egress")) {
        List<Map<String, Object>> to = Yamls.list(rule, "to");
        Set<Object> ports = new HashSet<>();
        Yamls.list(rule, "ports").forEach(p -> ports.add(p.get("port")));
        assertThat(to).as("destinations of an egress rule of %s that selects %s (none: any)", name, deployment)
            .isNotEmpty();
        boolean toDns = ports.equals(Set.of(53)) && to.stream().allMatch(peer -> "kube-system".equals(
            Yamls.string(peer, "namespaceSelector", "matchLabels", NAMESPACE_LABEL)));
        boolean toKafka = ports.equals(Set.of(kafkaPort)) && to.stream().allMatch(peer ->
            peer.keySet().equals(Set.of("podSelector"))
                && Yamls.map(peer, "podSelector", "matchLabels").equals(kafkaPods));
        assertThat(toDns || toKafka).as("egress rule of %s for %s goes only to DNS (kube-system, 53) or to the "
            + "Kafka pods on %s: %s", name, deployment, kafkaPort, rule).isTrue();
        dns |= toDns;
        kafka |= toKafka;
      }
    }
    assertThat(dns).as("%s may resolve names", deployment).isTrue();
    assertThat(kafka).as("%s may reach Kafka on %s", deployment, kafkaPort).isTrue();
  }

  /** The NetworkPolicies whose podSelector selects a Deployment's pods. */
  private static List<Map<String, Object>> selecting(Manifests k8s, String deployment) {
    Map<String, Object> labels = k8s.podLabels(deployment);
    return k8s.ofKind("NetworkPolicy").stream()
        .filter(p -> selects(Yamls.map(p, "spec", "podSelector"), labels))
        .toList();
  }

  private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    if (selector.containsKey("matchExpressions")) {
      throw new AssertionError("matchExpressions are not checked here: use matchLabels (" + selector + ")");
    }
    return labels.entrySet().containsAll(Yamls.map(selector, "matchLabels").entrySet());
  }
}
