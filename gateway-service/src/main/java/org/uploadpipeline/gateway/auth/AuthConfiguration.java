package org.uploadpipeline.gateway.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.uploadpipeline.gateway.GatewayProperties;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

  @Bean
  TokenVerifier tokenVerifier(GatewayProperties properties) {
    return new TokenVerifier(properties.jwt().hs256Secret());
  }
}
