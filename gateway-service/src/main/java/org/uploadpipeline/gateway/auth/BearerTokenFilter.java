package org.uploadpipeline.gateway.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API request by its {@code Authorization: Bearer} token (never one in the URL: it would end up in
 * access logs; the WebSocket handshake, which does take {@code ?token=}, is read by the viewer endpoint itself). A
 * valid token becomes a {@link TokenAuthentication}; an invalid one leaves the request anonymous with the reason in
 * {@link #FAILURE_ATTRIBUTE}, so the API answers 401 with that reason.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

  /** Request attribute: why the presented token was refused. */
  public static final String FAILURE_ATTRIBUTE = BearerTokenFilter.class.getName() + ".failure";

  private final TokenVerifier verifier;

  public BearerTokenFilter(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = BearerToken.fromHeader(request.getHeader(HttpHeaders.AUTHORIZATION)).orElse(null);
    if (token != null) {
      try {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new TokenAuthentication(verifier.verify(token)));
        SecurityContextHolder.setContext(context);
      } catch (InvalidTokenException e) {
        request.setAttribute(FAILURE_ATTRIBUTE, e.getMessage());
      }
    }
    chain.doFilter(request, response);
  }
}
