package org.uploadpipeline.gateway.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A verified bearer token as a Spring Security authentication; the token itself is not kept. */
public final class TokenAuthentication extends AbstractAuthenticationToken {

  private final Principal principal;

  TokenAuthentication(Principal principal) {
    super(List.of());
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Principal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal.userId();
  }
}
