package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under k8s/ is what its API says: read as the Kubernetes or Strimzi model, nothing is unknown and
 * nothing is lost. No cluster runs here; this is the check an API server and the Strimzi operator would make.
 */
class ManifestSchemaTest {

  @Test
  void everyManifestReadsWholeAsItsApiModel() {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    for (Map<String, Object> resource : Manifests.load().resources()) {
      List<String> found = ApiModelCheck.problems(resource);
      if (!found.isEmpty()) {
        problems.put(resource.get("kind") + "/" + Yamls.string(resource, "metadata", "name"), found);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aMisspeltFieldIsFound() {
    Manifests k8s = Manifests.load();
    Map<String, Object> pod = k8s.podSpec("gateway");
    pod.put("automountServiceAcountToken", pod.remove("automountServiceAccountToken"));

    assertThat(ApiModelCheck.problems(k8s.named("Deployment", "gateway")))
        .anyMatch(p -> p.contains("automountServiceAcountToken"));
  }

  @Test
  void anUnknownEnumValueOrAMissingTypeIsFound() {
    Manifests k8s = Manifests.load();
    Map<String, Object> user = k8s.named("KafkaUser", "processor");
    List<Map<String, Object>> acls = Yamls.list(user, "spec", "authorization", "acls");
    Map<String, Object> prefixed = acls.stream()
        .filter(acl -> "prefix".equals(Yamls.string(acl, "resource", "patternType"))).findFirst().orElseThrow();
    Yamls.map(prefixed, "resource").put("patternType", "prefixed");
    Map<String, Object> authentication = Yamls.map(user, "spec", "authentication");
    authentication.put("kind", authentication.remove("type"));

    assertThat(ApiModelCheck.problems(user))
        .anyMatch(p -> p.contains("patternType: prefixed read as null"))
        .anyMatch(p -> p.contains("spec.authentication"));
  }

  @Test
  void aStrimziKindOfAnotherApiIsFound() {
    Manifests k8s = Manifests.load();
    Map<String, Object> topic = k8s.ofKind("KafkaTopic").get(0);
    topic.put("apiVersion", "kafka.strimzi.io/v1alpha1");

    assertThat(ApiModelCheck.problems(topic)).anyMatch(p -> p.contains("is not one Strimzi serves"));
  }
}
