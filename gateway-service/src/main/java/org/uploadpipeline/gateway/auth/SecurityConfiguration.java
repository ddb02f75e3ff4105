package org.uploadpipeline.gateway.auth;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.uploadpipeline.gateway.GatewayProperties;
import org.uploadpipeline.protocol.ProtocolJson;

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

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  TokenVerifier tokenVerifier(GatewayProperties properties, Clock clock) {
    return new TokenVerifier(properties.jwt(), clock);
  }

  @Bean
  SecurityFilterChain gatewaySecurity(HttpSecurity http, TokenVerifier verifier, GatewayProperties properties)
      throws Exception {
    http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .cors(cors -> cors.configurationSource(corsSource(properties.websocket().allowedOriginPatterns())))
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
            errors -> errors.authenticationEntryPoint(unauthorized()).accessDeniedHandler(forbidden()));
    return http.build();
  }

  private static CorsConfigurationSource corsSource(List<String> allowedOriginPatterns) {
    CorsConfiguration api = new CorsConfiguration();
    api.setAllowedOriginPatterns(allowedOriginPatterns);
    api.setAllowedMethods(List.of("GET", "POST"));
    api.setAllowedHeaders(List.of("Authorization", "Content-Type"));
    api.setAllowCredentials(false);
    // Only the API takes part in CORS; the handshake's Origin is checked by the WebSocket endpoint.
    return request ->
        request.getRequestURI().startsWith("/api/") && !allowedOriginPatterns.isEmpty() ? api : null;
  }

  private static AuthenticationEntryPoint unauthorized() {
    return (request, response, e) -> {
      Object reason = request.getAttribute(BearerTokenFilter.FAILURE_ATTRIBUTE);
      response.setHeader("WWW-Authenticate", "Bearer");
      writeError(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "unauthorized",
          reason == null ? "an Authorization: Bearer token is required" : reason.toString());
    };
  }

  private static AccessDeniedHandler forbidden() {
    return (request, response, e) ->
        writeError(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "access denied");
  }

  private static void writeError(HttpServletResponse response, int status, String error, String message)
      throws java.io.IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    var body = ProtocolJson.mapper().createObjectNode();
    body.put("error", error);
    body.put("message", message);
    response.getWriter().write(ProtocolJson.mapper().writeValueAsString(body));
  }
}
