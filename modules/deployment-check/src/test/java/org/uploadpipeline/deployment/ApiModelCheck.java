package org.uploadpipeline.deployment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a manifest as the API model of its kind (fabric8's for Kubernetes, Strimzi's for its custom resources) and
 * names everything that does not survive: a field the model does not know (the API server would prune it silently:
 * {@code automountServiceAcountToken} would leave the token mounted), and a value the model reads as nothing (an enum
 * value it does not know, a missing {@code type} discriminator), which Strimzi would ignore or reject at apply time.
 */
final class ApiModelCheck {

  private static final Map<String, Class<?>> STRIMZI_KINDS =
      Map.of("Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class,
          "KafkaUser", KafkaUser.class);

  /** The Strimzi API versions this release serves (its model writes v1; v1beta2 is the one of these manifests). */
  private static final Set<String> STRIMZI_VERSIONS = Set.of("kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1");

  /** Writes every property, defaults and nulls included, so a value lost on reading shows as lost. */
  private static final ObjectMapper EVERY_PROPERTY = Serialization.jsonMapper().copy()
      .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public JsonInclude.Value findPropertyInclusion(Annotated annotated) {
          return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
        }
      });

  private ApiModelCheck() {}

  /** What of this resource its API model does not keep; empty when it reads whole. */
  static List<String> problems(Map<String, Object> resource) {
    String kind = String.valueOf(resource.get("kind"));
    Class<?> type = STRIMZI_KINDS.getOrDefault(kind, KubernetesResource.class);
    Object model = Serialization.jsonMapper().convertValue(resource, type);
    List<String> problems = new ArrayList<>();
    unknownFields(model, kind, problems, new IdentityHashMap<>());
    Map<String, Object> expected = new LinkedHashMap<>(resource);
    if (STRIMZI_KINDS.containsKey(kind)) {
      // The model writes its own version (v1) whichever one it read.
      Object version = expected.remove("apiVersion");
      if (!STRIMZI_VERSIONS.contains(String.valueOf(version))) {
        problems.add(kind + ".apiVersion: " + version + " is not one Strimzi serves");
      }
    }
    lostValues(expected, EVERY_PROPERTY.convertValue(model, Object.class), kind, problems);
    return problems;
  }

  /** Fields the model kept aside as unknown ({@code getAdditionalProperties} of fabric8 and Strimzi objects). */
  private static void unknownFields(Object node, String path, List<String> problems, Map<Object, Object> seen) {
    if (node == null || seen.put(node, node) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> unknownFields(value, path + "." + key, problems, seen));
      return;
    }
    String pkg = node.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue; // a derived getter (e.g. a resource's plural name), not a field
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(path + ": unknown field(s) " + extra.keySet());
        }
      } else {
        unknownFields(value, path + "." + getter.getName().substring(3), problems, seen);
      }
    }
  }

  /** Every value of the manifest is in what the model writes back, unchanged. */
  private static void lostValues(Object expected, Object actual, String path, List<String> problems) {
    if (expected instanceof Map<?, ?> map) {
      if (!(actual instanceof Map<?, ?> read)) {
        problems.add(path + ": not read (" + actual + ")");
        return;
      }
      map.forEach((key, value) -> lostValues(value, read.get(key), path + "." + key, problems));
    } else if (expected instanceof List<?> list) {
      if (!(actual instanceof List<?> read) || read.size() != list.size()) {
        problems.add(path + ": not read as a list of " + list.size());
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        lostValues(list.get(i), read.get(i), path + "[" + i + "]", problems);
      }
    } else if (expected != null && !String.valueOf(expected).equals(String.valueOf(actual))) {
      problems.add(path + ": " + expected + " read as " + actual);
    }
  }
}
