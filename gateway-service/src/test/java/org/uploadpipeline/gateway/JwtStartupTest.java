package org.uploadpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own application.yml bound as at startup, with the environment variables operators set: the token
 * hygiene settings (issuer and audience required unless opted out, maximum lifetime) stop the start with a message
 * naming the variables.
 */
class JwtStartupTest {

  private static final String SECRET = "kQ3v9XbZt1mW7pLr2sYc8HdN0eJfA5uG";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(JwtStartupTest::loadApplicationYml)
          .withUserConfiguration(PropertiesOnly.class)
          .withPropertyValues("JWT_HS256_SECRET=" + SECRET);

  @EnableConfigurationProperties(GatewayProperties.class)
  static class PropertiesOnly {}

  @Test
  void refusesToStartWithoutIssuerAndAudience() {
    runner.run(
        context ->
            assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("JWT_ISSUER")
                .hasMessageContaining("JWT_AUDIENCE")
                .hasMessageContaining("JWT_REQUIRE_ISSUER_AUDIENCE=false"));
  }

  @Test
  void refusesToStartWithOnlyOneOfThem() {
    runner
        .withPropertyValues("JWT_ISSUER=https://id.example.com")
        .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("missing: JWT_AUDIENCE."));
  }

  @Test
  void startsWithBothAndChecksThemWithTheDefaults() {
    runner
        .withPropertyValues("JWT_ISSUER=https://id.example.com", "JWT_AUDIENCE=upload-gateway")
        .run(
            context -> {
              GatewayProperties.Jwt jwt = context.getBean(GatewayProperties.class).jwt();
              assertThat(jwt.requireIssuerAndAudience()).isTrue();
              assertThat(jwt.issuer()).isEqualTo("https://id.example.com");
              assertThat(jwt.audience()).isEqualTo("upload-gateway");
              assertThat(jwt.maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
              assertThat(jwt.jwksMaxSize()).isEqualTo(DataSize.ofKilobytes(64));
            });
  }

  @Test
  void startsWithoutThemWhenExplicitlyOptedOut() {
    runner
        .withPropertyValues("JWT_REQUIRE_ISSUER_AUDIENCE=false")
        .run(
            context -> {
              GatewayProperties.Jwt jwt = context.getBean(GatewayProperties.class).jwt();
              assertThat(jwt.requireIssuerAndAudience()).isFalse();
              assertThat(jwt.uncheckedClaims()).containsExactly("JWT_ISSUER", "JWT_AUDIENCE");
            });
  }

  @Test
  void readsTheMaximumLifetimeAndRefusesZero() {
    ApplicationContextRunner configured =
        runner.withPropertyValues("JWT_ISSUER=https://id.example.com", "JWT_AUDIENCE=upload-gateway");

    configured
        .withPropertyValues("JWT_MAX_TOKEN_LIFETIME=15m")
        .run(context -> assertThat(context.getBean(GatewayProperties.class).jwt().maxTokenLifetime())
            .isEqualTo(Duration.ofMinutes(15)));
    configured
        .withPropertyValues("JWT_MAX_TOKEN_LIFETIME=0s")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("gateway.jwt.max-token-lifetime (JWT_MAX_TOKEN_LIFETIME)"));
  }

  private static void loadApplicationYml(ConfigurableApplicationContext context) {
    try {
      new YamlPropertySourceLoader()
          .load("application.yml", new ClassPathResource("application.yml"))
          .forEach(source -> context.getEnvironment().getPropertySources().addLast(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
