package org.uploadpipeline.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every resource listed by k8s/kustomization.yaml, parsed. */
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
}
