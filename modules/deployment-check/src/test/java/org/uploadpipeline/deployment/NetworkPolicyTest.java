package org.uploadpipeline.deployment;

import org.junit.jupiter.api.Test;

/** Least privilege around the services in k8s/ and compose: network, API tokens, management ports. */
class NetworkPolicyTest {

  @Test
  void everythingIsDeniedButWhatEachServiceNeeds() {
    SecurityChecks.networkIsDeniedExceptWhatEachServiceNeeds(Manifests.load());
  }

  @Test
  void podsGetNoServiceAccountToken() {
    SecurityChecks.podsHaveNoServiceAccountToken(Manifests.load());
  }

  @Test
  void managementIsOnItsOwnPortThatNoServiceExposes() {
    SecurityChecks.managementIsNotExposed(Manifests.load());
  }

  @Test
  void composePublishesOnlyTheGatewayApiBeyondLoopback() {
    ComposeSecurityChecks.onlyTheApiIsPublishedBeyondLoopback(
        Yamls.map(Repository.yaml(Repository.file("docker-compose.yml")), "services"));
  }
}
