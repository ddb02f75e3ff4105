package org.uploadpipeline.deployment;

import java.util.List;
import java.util.Map;

/** Navigation in parsed YAML. */
final class Yamls {

  private Yamls() {}

  static Object get(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  static Map<String, Object> map(Object node, String... path) {
    Object value = get(node, path);
    return value == null ? Map.of() : Repository.cast(value);
  }

  static List<Map<String, Object>> list(Object node, String... path) {
    Object value = get(node, path);
    return value == null ? List.of() : Repository.cast(value);
  }

  /** A list of plain values (strings, numbers). */
  static List<Object> values(Object node, String... path) {
    Object value = get(node, path);
    return value == null ? List.of() : Repository.cast(value);
  }

  static String string(Object node, String... path) {
    Object value = get(node, path);
    return value == null ? null : value.toString();
  }
}
