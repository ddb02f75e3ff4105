package org.uploadpipeline.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every resource listed by k8s/kustomization.yaml, parsed (mutable: tests of the checks change copies of it). */
record Manifests(Map<String, Object> kustomization, List<Map<String, Object>> resources) {

  static Manifests load() {
    Path dir = Repository.file("k8s");
    Map<String, Object> kustomization = Repository.yaml(dir.resolve("kustomization.yaml"));
    List<Map<String, Object>> resources = new ArrayList<>();
    List<String> files = Repository.cast(kustomization.get("resources"));
    for (String file : files) {
      resources.addAll(Repository.yamlDocuments(dir.resolve(file)));
    }
    return new Manifests(kustomization, resources);
  }

  List<Map<String, Object>> ofKind(String kind) {
    return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
  }

  Map<String, Object> named(String kind, String name) {
    return ofKind(kind).stream()
        .filter(r -> name.equals(Yamls.string(r, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in k8s/"));
  }

  /** The single container of a Deployment. */
  Map<String, Object> container(String deployment) {
    List<Map<String, Object>> containers =
        Yamls.list(named("Deployment", deployment), "spec", "template", "spec", "containers");
    if (containers.size() != 1) {
      throw new AssertionError(deployment + " should have one container");
    }
    return containers.get(0);
  }

  Map<String, Object> podSpec(String deployment) {
    return Yamls.map(named("Deployment", deployment), "spec", "template", "spec");
  }

  Map<String, Object> podLabels(String deployment) {
    return Yamls.map(named("Deployment", deployment), "spec", "template", "metadata", "labels");
  }

  Map<String, String> configMap(String name) {
    Map<String, String> data = new LinkedHashMap<>();
    Yamls.map(named("ConfigMap", name), "data").forEach((k, v) -> data.put(k, String.valueOf(v)));
    return data;
  }

  /**
   * The environment entries a Deployment's container gets, by name: those of the ConfigMaps it takes whole
   * ({@code envFrom}, as {@code {name, value}}), then its own {@code env} (which wins, as in Kubernetes).
   */
  Map<String, Map<String, Object>> envEntries(String deployment) {
    Map<String, Object> container = container(deployment);
    Map<String, Map<String, Object>> env = new LinkedHashMap<>();
    for (Map<String, Object> from : Yamls.list(container, "envFrom")) {
      String configMap = Yamls.string(from, "configMapRef", "name");
      if (configMap != null) {
        configMap(configMap).forEach((k, v) -> env.put(k, Map.of("name", k, "value", v)));
      }
    }
    for (Map<String, Object> entry : Yamls.list(container, "env")) {
      env.put((String) entry.get("name"), entry);
    }
    return env;
  }

  /** The plain value of an environment variable of a Deployment, or null (unset, or taken from a Secret). */
  String envValue(String deployment, String name) {
    Map<String, Object> entry = envEntries(deployment).get(name);
    return entry == null || !entry.containsKey("value") ? null : String.valueOf(entry.get("value"));
  }

  /** The Kafka cluster's name (the single {@code Kafka} resource). */
  String kafkaCluster() {
    List<Map<String, Object>> kafkas = ofKind("Kafka");
    if (kafkas.size() != 1) {
      throw new AssertionError("k8s/ should declare one Kafka, not " + kafkas.size());
    }
    return Yamls.string(kafkas.get(0), "metadata", "name");
  }
}
