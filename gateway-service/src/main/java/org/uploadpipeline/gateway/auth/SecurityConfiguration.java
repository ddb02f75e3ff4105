package org.uploadpipeline.gateway.auth;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.gateway.ApiErrors;
import org.uploadpipeline.gateway.RefusalLog;

/**
 * One stateless filter chain for the API, the demo page and actuator (the WebSocket handshake never reaches it: see
 * {@code ViewerUpgradeFilter}). Each choice is deliberate:
 * <ul>
 *   <li>no HTTP session, no login form, no basic auth: the bearer token is the only credential;
 *   <li>CSRF off: nothing authenticates by cookie, so a cross-site request carries no credential to abuse;
 *   <li>CORS: the API answers cross-origin browsers only from {@code gateway.websocket.allowed-origin-patterns}
 *       (none by default: same-origin); the WebSocket handshake checks the same list itself;
 *   <li>headers: nosniff, no framing, no referrer, a CSP that allows nothing (the API serves JSON only), no caching.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  TokenVerifier tokenVerifier(GatewayProperties properties, Clock clock) {
    GatewayProperties.Jwt jwt = properties.jwt();
    if (!jwt.requireIssuerAndAudience() && !jwt.uncheckedClaims().isEmpty()) {
      // Opted out on purpose, but loud once: any token the keys verify is accepted, whoever it was minted for.
      log.warn(
          "JWT_REQUIRE_ISSUER_AUDIENCE=false and {} not set: not checked, so a token minted for another service is "
              + "accepted when the configured keys verify it",
          String.join(" and ", jwt.uncheckedClaims()));
    }
    // Closed with the context (inferred close()): stops the background JWKS fetching.
    return new TokenVerifier(jwt, clock);
  }

  @Bean
  SecurityFilterChain gatewaySecurity(
      HttpSecurity http, TokenVerifier verifier, GatewayProperties properties, RefusalLog refusals)
      throws Exception {
    CorsFilter cors = new CorsFilter(corsSource(properties.websocket().allowedOriginPatterns()));
    cors.setCorsProcessor(new ExplainingCorsProcessor(refusals));
    http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        // Spring's CORS filter in its usual place, with a processor that says why it refuses an origin.
        .cors(configurer -> configurer.disable())
        .addFilterBefore(cors, CsrfFilter.class)
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                    .frameOptions(frame -> frame.deny()))
        .addFilterBefore(new BearerTokenFilter(verifier), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                        "/actuator/prometheus")
                    .permitAll()
                    .requestMatchers("/demo", "/demo/**")
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .denyAll()
                    .requestMatchers("/api/**")
                    .authenticated()
                    // Nothing else is served: an unknown path gets the API's JSON 404, not a 401.
                    .anyRequest()
                    .permitAll())
        .exceptionHandling(
            errors ->
                errors.authenticationEntryPoint(unauthorized(refusals)).accessDeniedHandler(forbidden(refusals)));
    return http.build();
  }

  private static CorsConfigurationSource corsSource(List<String> allowedOriginPatterns) {
    CorsConfiguration api = new CorsConfiguration();
    api.setAllowedOriginPatterns(allowedOriginPatterns);
    api.setAllowedMethods(List.of("GET", "POST", "DELETE"));
    api.setAllowedHeaders(List.of("Authorization", "Content-Type"));
    api.setAllowCredentials(false);
    // Only the API takes part in CORS; the handshake's Origin is checked by the WebSocket endpoint.
    return request ->
        request.getRequestURI().startsWith("/api/") && !allowedOriginPatterns.isEmpty() ? api : null;
  }

  private static AuthenticationEntryPoint unauthorized(RefusalLog refusals) {
    return (request, response, e) -> {
      Object failure = request.getAttribute(BearerTokenFilter.FAILURE_ATTRIBUTE);
      String reason = failure == null ? "an Authorization: Bearer token is required" : failure.toString();
      refusals.refused("api token", "401 " + RefusalLog.printable(request.getRequestURI()) + ": " + reason);
      response.setHeader("WWW-Authenticate", "Bearer");
      ApiErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", reason);
    };
  }

  private static AccessDeniedHandler forbidden(RefusalLog refusals) {
    return (request, response, e) -> {
      refusals.refused("api access", "403 " + RefusalLog.printable(request.getRequestURI()) + ": access denied");
      ApiErrors.write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "access denied");
    };
  }
}
