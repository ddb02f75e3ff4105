package org.uploadpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kafka in both deployments authenticates every connection and authorizes it with exactly the ACLs of
 * {@link org.uploadpipeline.protocol.KafkaAccess}, and each service connects as its own user.
 */
class KafkaSecurityTest {

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?");

  @Test
  void strimziListenersAuthenticateAndTheClusterAuthorizes() {
    SecurityChecks.kafkaListenersAreAuthenticated(Manifests.load());
  }

  @Test
  void everyPrincipalHasAKafkaUserWithExactlyItsAcls() {
    SecurityChecks.kafkaUsersHaveExactlyTheirAccess(Manifests.load());
  }

  @Test
  void deploymentsConnectOverTlsAsTheirOwnUser() {
    SecurityChecks.deploymentsUseTheirOwnCredentials(Manifests.load());
  }

  @Test
  void composeBrokerHasNoUnauthenticatedListenerAndDeniesByDefault() {
    ComposeSecurityChecks.kafkaIsAuthenticatedAndAuthorized(composeServices());
  }

  @Test
  void composeServicesConnectAsTheirOwnUser() {
    ComposeSecurityChecks.servicesUseTheirOwnCredentials(composeServices());
  }

  @Test
  void composeInitContainerGrantsExactlyKafkaAccess() {
    ComposeSecurityChecks.initGrantsExactlyKafkaAccess(composeServices());
  }

  @Test
  void composePasswordsComeFromTheIgnoredEnvFileWhoseExampleHasOnlyPlaceholders() throws IOException {
    String compose = Files.readString(Repository.file("docker-compose.yml"));
    Set<String> referenced = new LinkedHashSet<>();
    Matcher matcher = ENV_REFERENCE.matcher(compose);
    while (matcher.find()) {
      referenced.add(matcher.group(1));
    }
    Properties example = Repository.envFile(Repository.file("kafka.env.example"));
    assertThat(referenced).as("variables docker-compose.yml requires from .env")
        .containsExactlyInAnyOrderElementsOf(example.stringPropertyNames())
        .contains(ComposeSecurityChecks.passwordVariable(ComposeSecurityChecks.ADMIN));
    for (String user : SecurityChecks.USERS) {
      assertThat(referenced).contains(ComposeSecurityChecks.passwordVariable(user));
    }
    example.forEach((k, v) -> assertThat(String.valueOf(v)).as("placeholder of %s", k).contains("replace-me"));
    assertThat(Files.readAllLines(Repository.file(".gitignore"))).as(".gitignore").contains(".env");
  }

  private static Map<String, Object> composeServices() {
    return Yamls.map(Repository.yaml(Repository.file("docker-compose.yml")), "services");
  }
}
