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
 * Authenticates a request by its bearer token: {@code Authorization: Bearer} everywhere, and {@code ?token=} on the
 * WebSocket handshake only (browsers cannot set headers there; on the API a token in the URL would end up in access
 * logs). A valid token becomes a {@link TokenAuthentication}; an invalid one leaves the request anonymous with the
 * reason in {@link #FAILURE_ATTRIBUTE}, so the API answers 401 and the WebSocket closes 4001 with that reason.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

  /** Request attribute: why the presented token was refused. */
  public static final String FAILURE_ATTRIBUTE = BearerTokenFilter.class.getName() + ".failure";

  static final String WEBSOCKET_PATH_PREFIX = "/ws/";

  private final TokenVerifier verifier;

  public BearerTokenFilter(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = BearerToken.fromHeader(request.getHeader(HttpHeaders.AUTHORIZATION)).orElse(null);
    if (token == null && request.getRequestURI().startsWith(WEBSOCKET_PATH_PREFIX)) {
      String query = request.getParameter("token");
      token = query == null || query.isBlank() ? null : query.trim();
    }
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
