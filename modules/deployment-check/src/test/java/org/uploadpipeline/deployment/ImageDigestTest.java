package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every image the deployments reference: those given with a digest have a well-formed one; those still referenced by
 * tag only are exactly the ones listed here with the reason, and are reported, so a new unpinned image fails the
 * build and a newly pinned one must leave the list.
 */
class ImageDigestTest {

  private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+(:[A-Za-z0-9._-]+)?@sha256:[0-9a-f]{64}");

  /** Image (as referenced) → why it has no digest yet. */
  private static final Map<String, String> TAG_ONLY = Map.of(
      "eclipse-temurin:17-jre",
      "base image of both services (root pom.xml, jib from.image): the tag is rebuilt often and no current digest "
          + "was verified here; pin it with -Djib.from.image=eclipse-temurin:17-jre@sha256:... when you build",
      "upload-pipeline/processor-service:0.1.0-SNAPSHOT",
      "built by this repository; compose loads the local tarball, k8s: set images[].digest in kustomization.yaml "
          + "to what you pushed",
      "upload-pipeline/gateway-service:0.1.0-SNAPSHOT",
      "built by this repository; compose loads the local tarball, k8s: set images[].digest in kustomization.yaml "
          + "to what you pushed");

  @Test
  void imagesWithADigestHaveAWellFormedOneAndTheOthersAreKnown() {
    Map<String, String> images = images();
    Map<String, String> tagOnly = new TreeMap<>();
    images.forEach((image, where) -> {
      if (image.contains("@")) {
        assertThat(image).as("digest of %s (%s)", image, where).matches(PINNED);
      } else {
        tagOnly.put(image, where);
      }
    });
    StringBuilder report = new StringBuilder("Images referenced by tag only (no digest):\n");
    tagOnly.forEach((image, where) -> report.append("  ").append(image).append("  [").append(where).append("]\n    ")
        .append(TAG_ONLY.getOrDefault(image, "NOT LISTED: pin it or list it with the reason")).append('\n'));
    System.out.print(report);
    assertThat(tagOnly.keySet()).as(report.toString()).containsExactlyInAnyOrderElementsOf(TAG_ONLY.keySet());
  }

  @Test
  void composeRunsTheBrokerAndItsInitFromTheSamePinnedImage() {
    Map<String, Object> services = Yamls.map(Repository.yaml(Repository.file("docker-compose.yml")), "services");
    assertThat(Yamls.string(services, "kafka", "image")).startsWith("apache/kafka:").matches(PINNED)
        .isEqualTo(Yamls.string(services, "topic-init", "image"));
  }

  /** Image reference → where it is used. */
  private static Map<String, String> images() {
    Map<String, String> images = new LinkedHashMap<>();
    Map<String, Object> services = Yamls.map(Repository.yaml(Repository.file("docker-compose.yml")), "services");
    services.forEach((name, service) -> images.merge(
        Yamls.string(service, "image"), "docker-compose.yml " + name, (a, b) -> a + ", " + b));
    Manifests k8s = Manifests.load();
    Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
    Yamls.list(k8s.kustomization(), "images").forEach(i -> overrides.put((String) i.get("name"), i));
    for (Map<String, Object> deployment : k8s.ofKind("Deployment")) {
      for (Map<String, Object> container : Yamls.list(deployment, "spec", "template", "spec", "containers")) {
        String image = (String) container.get("image");
        Map<String, Object> override = overrides.get(image);
        if (override != null) {
          String name = (String) override.getOrDefault("newName", image);
          image = override.get("digest") != null ? name + "@" + override.get("digest")
              : name + ":" + override.getOrDefault("newTag", "latest");
        }
        images.merge(image, "k8s Deployment " + Yamls.string(deployment, "metadata", "name"),
            (a, b) -> a + ", " + b);
      }
    }
    String base = Repository.child(Repository.jibPlugin(Repository.child(
        Repository.pom("pom.xml").getDocumentElement(), "build", "pluginManagement", "plugins")),
        "configuration", "from", "image").getTextContent().trim();
    images.merge(base, "pom.xml jib from.image", (a, b) -> a + ", " + b);
    return images;
  }
}
