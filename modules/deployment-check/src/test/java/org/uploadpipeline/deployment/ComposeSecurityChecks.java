package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.uploadpipeline.protocol.KafkaAccess;

/**
 * The security properties of docker-compose.yml, on its parsed services (before Compose's interpolation, so the
 * {@code ${...}} references to .env are seen as written). {@link SecurityChecksCanFailTest} shows each check failing
 * on a broken copy.
 */
final class ComposeSecurityChecks {

  static final String ADMIN = "admin";
  private static final Pattern USER_OPTION = Pattern.compile("\\buser_([A-Za-z0-9_.-]+)=");
  private static final Pattern PASSWORD_REFERENCE = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)[:?}]");

  private ComposeSecurityChecks() {}

  /**
   * Every broker listener authenticates (SASL); the client listeners take SCRAM-SHA-512, the broker's own (PLAIN)
   * ones only the admin and are not published; the authorizer denies what no ACL allows; published Kafka ports are on
   * loopback only.
   */
  static void kafkaIsAuthenticatedAndAuthorized(Map<String, Object> services) {
    Map<String, String> env = environment(services, "kafka");
    Map<String, Integer> listeners = new LinkedHashMap<>();
    for (String listener : env.getOrDefault("KAFKA_LISTENERS", "").split(",")) {
      String[] parts = listener.split("://");
      listeners.put(parts[0], Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1)));
    }
    Map<String, String> protocols = new LinkedHashMap<>();
    for (String pair : env.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "").split(",")) {
      String[] parts = pair.split(":");
      protocols.put(parts[0], parts[1]);
    }
    assertThat(listeners).as("KAFKA_LISTENERS").isNotEmpty();
    Set<Integer> published = publishedContainerPorts(services, "kafka");
    for (Map.Entry<String, Integer> listener : listeners.entrySet()) {
      String name = listener.getKey();
      assertThat(protocols.get(name)).as("protocol of listener %s", name).isIn("SASL_PLAINTEXT", "SASL_SSL");
      String mechanisms = env.get("KAFKA_LISTENER_NAME_" + name + "_SASL_ENABLED_MECHANISMS");
      assertThat(mechanisms).as("SASL mechanisms of listener %s", name).isIn("SCRAM-SHA-512", "PLAIN");
      if (mechanisms.equals("PLAIN")) {
        String jaas = env.get("KAFKA_LISTENER_NAME_" + name + "_PLAIN_SASL_JAAS_CONFIG");
        assertThat(jaas).as("PLAIN JAAS of listener %s", name).isNotNull();
        Set<String> users = new LinkedHashSet<>();
        Matcher matcher = USER_OPTION.matcher(jaas);
        while (matcher.find()) {
          users.add(matcher.group(1));
        }
        assertThat(users).as("PLAIN users of listener %s", name).containsExactly(ADMIN);
        assertThat(published).as("published ports (PLAIN listener %s must stay inside)", name)
            .doesNotContain(listener.getValue());
      }
    }
    assertThat(protocols.keySet()).as("protocol map entries without a listener").isSubsetOf(listeners.keySet());
    assertThat(env.get("KAFKA_AUTHORIZER_CLASS_NAME")).as("authorizer")
        .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    assertThat(env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")).as("allow.everyone.if.no.acl.found")
        .isEqualTo("false");
    assertThat(env.get("KAFKA_SUPER_USERS")).as("super.users").isEqualTo("User:" + ADMIN);
    assertThat(ports(services, "kafka")).as("Kafka's published ports (loopback only)")
        .allSatisfy(port -> assertThat(port).startsWith("127.0.0.1:"));
  }

  /** Each service connects with SCRAM as its own user, with its own password from .env. */
  static void servicesUseTheirOwnCredentials(Map<String, Object> services) {
    Map<String, String> kafka = environment(services, "kafka");
    SecurityChecks.SERVICE_USERS.forEach((service, user) -> {
      Map<String, String> env = environment(services, service);
      String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
      assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).as("%s bootstrap %s is advertised", service, bootstrap)
          .contains("://" + bootstrap);
      String listener = Arrays.stream(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(","))
          .filter(l -> l.endsWith("://" + bootstrap)).map(l -> l.substring(0, l.indexOf(':'))).findFirst()
          .orElseThrow();
      assertThat(kafka.get("KAFKA_LISTENER_NAME_" + listener + "_SASL_ENABLED_MECHANISMS"))
          .as("mechanism of %s's listener %s", service, listener).isEqualTo("SCRAM-SHA-512");
      assertThat(env.get("KAFKA_SECURITY_PROTOCOL")).as("%s protocol", service).isEqualTo("SASL_PLAINTEXT");
      assertThat(env.getOrDefault("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")).as("%s mechanism", service)
          .isEqualTo("SCRAM-SHA-512");
      assertThat(env.get("KAFKA_SASL_USERNAME")).as("%s user", service).isEqualTo(user);
      assertThat(reference(env.get("KAFKA_SASL_PASSWORD"))).as("%s password", service)
          .isEqualTo(passwordVariable(user));
    });
  }

  /** The variable of .env that holds a user's password: KAFKA_&lt;USER&gt;_PASSWORD. */
  static String passwordVariable(String user) {
    return "KAFKA_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
  }

  /** The variable a value takes from .env ("${NAME:?...}"), or null. */
  static String reference(String value) {
    if (value == null) {
      return null;
    }
    Matcher matcher = PASSWORD_REFERENCE.matcher(value);
    return matcher.find() ? matcher.group(1) : null;
  }

  /** topic-init makes every SCRAM user, each with its own password, and grants exactly the ACLs of KafkaAccess. */
  static void initGrantsExactlyKafkaAccess(Map<String, Object> services) {
    Map<String, String> processor = environment(services, "processor");
    Set<KafkaAcl> expected = KafkaAcl.expected(KafkaAcl.topics(processor), processor.get("PROCESSOR_APPLICATION_ID"));
    Map<String, String> init = environment(services, "topic-init");
    Set<KafkaAcl> granted = new LinkedHashSet<>();
    Map<String, String> users = new LinkedHashMap<>();
    for (String line : script(services, "topic-init")) {
      String[] words = line.split("\\s+");
      if (words[0].equals("acl")) {
        for (int i = 5; i < words.length; i++) {
          granted.add(new KafkaAcl(words[1], KafkaAcl.enumName(words[2]), words[3], KafkaAcl.enumName(words[4]),
              KafkaAcl.enumName(words[i])));
        }
      } else if (words[0].equals("user")) {
        String variable = words[2].replace("\"", "").replace("$$", "");
        users.put(words[1], reference(init.get(variable)));
      }
    }
    assertThat(granted).as("ACLs granted by topic-init").containsExactlyInAnyOrderElementsOf(expected);
    Map<String, String> expectedUsers = new LinkedHashMap<>();
    for (String user : SecurityChecks.USERS) {
      expectedUsers.put(user, passwordVariable(user));
    }
    assertThat(users).as("SCRAM users made by topic-init → their password's variable in .env")
        .containsExactlyInAnyOrderEntriesOf(expectedUsers);
    assertThat(KafkaAccess.DATA_TEAM_USER).isIn(users.keySet());
  }

  /** The lines of a one-shot container's bash script (its {@code command}), trimmed. */
  static List<String> script(Map<String, Object> services, String service) {
    Object command = Yamls.get(services, service, "command");
    String text = command instanceof List<?> parts ? String.join("\n", Repository.<List<String>>cast(parts))
        : String.valueOf(command);
    return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The service ports published on the host are loopback only, except the gateway's API. */
  static void onlyTheApiIsPublishedBeyondLoopback(Map<String, Object> services) {
    String api = environment(services, "gateway").get("SERVER_PORT");
    for (String service : services.keySet()) {
      for (String port : ports(services, service)) {
        if (!(service.equals("gateway") && port.equals(api + ":" + api))) {
          assertThat(port).as("published port of %s", service).startsWith("127.0.0.1:");
        }
      }
    }
    String management = environment(services, "gateway").get("GATEWAY_MANAGEMENT_PORT");
    assertThat(management).as("GATEWAY_MANAGEMENT_PORT").isNotNull().isNotEqualTo(api);
  }

  static List<String> ports(Map<String, Object> services, String service) {
    return Yamls.values(services, service, "ports").stream().map(String::valueOf).toList();
  }

  private static Set<Integer> publishedContainerPorts(Map<String, Object> services, String service) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (String port : ports(services, service)) {
      ports.add(Integer.parseInt(port.substring(port.lastIndexOf(':') + 1)));
    }
    return ports;
  }

  static Map<String, String> environment(Map<String, Object> services, String service) {
    Map<String, String> env = new LinkedHashMap<>();
    Yamls.map(services, service, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }
}
