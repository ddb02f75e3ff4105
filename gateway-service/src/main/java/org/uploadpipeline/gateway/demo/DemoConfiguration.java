package org.uploadpipeline.gateway.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.KafkaConnection;

/**
 * The demo page ({@code /demo/}): static files from {@code classpath:/demo/} and the aggregates endpoint the page's
 * charts read. Only with {@code gateway.demo.enabled=true} ({@code GATEWAY_DEMO_ENABLED}; the local stack sets it);
 * otherwise none of this exists and {@code /demo/} is a 404 like any unknown path.
 *
 * <p>The page gets its own filter chain, ahead of the API's, only for the page's own CSP: scripts, styles and images
 * from the gateway itself and WebSocket/fetch connections back to it; still no inline script, no framing, no
 * referrer. Nothing on {@code /demo/**} needs a token: the page asks its user for one and sends it with each call.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.demo", name = "enabled", havingValue = "true")
class DemoConfiguration implements WebMvcConfigurer {

  static final String PAGE_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/demo/**").addResourceLocations("classpath:/demo/");
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/demo", "/demo/");
    registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityFilterChain demoPageSecurity(HttpSecurity http) throws Exception {
    http.securityMatcher("/demo", "/demo/**")
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_CSP))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                    .frameOptions(frame -> frame.deny()))
        .authorizeHttpRequests(
            requests -> requests.requestMatchers(HttpMethod.GET, "/demo", "/demo/**").permitAll().anyRequest()
                .denyAll());
    return http.build();
  }

  @Bean
  DemoAggregates demoAggregates(KafkaConnection kafka, GatewayProperties properties) {
    return new DemoAggregates(kafka, properties.contractTopics().aggregates().name());
  }
}
