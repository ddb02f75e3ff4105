package org.uploadpipeline.localstack.compose;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's docker-compose.yml as Compose and the apache/kafka image would read it, without Docker: a
 * service's environment with {@code ${VAR:?...}} taken from a given {@code .env}, a one-shot's bash script with
 * Compose's {@code $$} escapes undone, and the broker's environment turned into server properties by the image's
 * rule (drop {@code KAFKA_}; {@code ___} is a dash, {@code __} an underscore, {@code _} a dot; lower case).
 */
final class ComposeFile {

  private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{(\\w+)(?::[?-][^}]*)?}");
  /** Variables the image reads itself instead of turning them into broker properties. */
  private static final List<String> IMAGE_VARIABLES =
      List.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_VERSION");

  private final Map<String, Object> services;
  private final Map<String, String> dotEnv;

  private ComposeFile(Map<String, Object> services, Map<String, String> dotEnv) {
    this.services = services;
    this.dotEnv = dotEnv;
  }

  @SuppressWarnings("unchecked")
  static ComposeFile load(Path file, Map<String, String> dotEnv) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      Map<String, Object> compose = new Yaml().load(in);
      return new ComposeFile((Map<String, Object>) compose.get("services"), dotEnv);
    }
  }

  /** A service's environment, each {@code ${VAR}} replaced from the {@code .env}. */
  @SuppressWarnings("unchecked")
  Map<String, String> environment(String service) {
    Map<String, Object> raw = (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
    Map<String, String> env = new LinkedHashMap<>();
    raw.forEach((key, value) -> env.put(key, interpolate(String.valueOf(value))));
    return env;
  }

  /** A one-shot service's {@code bash -c} script, as the shell inside the container gets it. */
  @SuppressWarnings("unchecked")
  String script(String service) {
    List<String> command = (List<String>) ((Map<String, Object>) services.get(service)).get("command");
    return interpolate(String.join("\n", command)).replace("$$", "$");
  }

  /** The broker properties the apache/kafka image writes from a service's environment. */
  static Map<String, String> brokerProperties(Map<String, String> env, UnaryOperator<String> rewrite) {
    Map<String, String> properties = new LinkedHashMap<>();
    env.forEach((key, value) -> {
      if (key.startsWith("KAFKA_") && !IMAGE_VARIABLES.contains(key)) {
        String name = key.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
            .replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
            .replace('\u0000', '-').replace('\u0001', '_');
        properties.put(name, rewrite.apply(value));
      }
    });
    return properties;
  }

  private String interpolate(String text) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = dotEnv.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("${" + matcher.group(1) + "} is not in the test's .env");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
