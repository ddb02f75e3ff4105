package org.uploadpipeline.gateway.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.uploadpipeline.gateway.GatewayApplication;
import org.uploadpipeline.protocol.Topics;
import org.uploadpipeline.testkit.TestKafka;
import org.uploadpipeline.testkit.TestTokens;

/**
 * A gateway application of its own (not the shared test context), for tests that stop and start gateways. Settings
 * are command-line arguments: they outrank application.yml, as the environment does in production.
 */
public final class StandaloneGateway {

  private StandaloneGateway() {}

  /** Starts a gateway on a random port, on the test broker and the given topics, with extra {@code --key=value}s. */
  public static ConfigurableApplicationContext start(Topics topics, Path stateDir, String... extraArguments) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--gateway.jwt.hs256-secret=" + GatewayIT.SECRET,
                "--gateway.jwt.issuer=" + TestTokens.ISSUER,
                "--gateway.jwt.audience=" + TestTokens.AUDIENCE,
                "--gateway.topics.jobs=" + topics.jobs().name(),
                "--gateway.topics.progress=" + topics.progress().name(),
                "--gateway.topics.aggregates=" + topics.aggregates().name(),
                "--gateway.topics.jobs-dlq=" + topics.jobsDeadLetter().name(),
                "--gateway.topics.commands=" + topics.commands().name(),
                "--gateway.snapshots.state-dir=" + stateDir));
    arguments.addAll(List.of(extraArguments));
    return new SpringApplicationBuilder(GatewayApplication.class).run(arguments.toArray(String[]::new));
  }
}
