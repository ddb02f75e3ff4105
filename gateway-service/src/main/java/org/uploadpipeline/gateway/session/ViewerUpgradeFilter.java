package org.uploadpipeline.gateway.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;
import org.uploadpipeline.gateway.auth.BearerToken;
import org.uploadpipeline.gateway.auth.InvalidTokenException;
import org.uploadpipeline.gateway.auth.TokenVerifier;

/**
 * The viewer endpoint's door, ahead of every other filter: a {@code GET /ws/processing/{uploadId}[/]} is read here
 * (upload id, {@code ?lastSeq=}, the token of {@code ?token=} or {@code Authorization: Bearer}, verified) and handed
 * straight to the WebSocket upgrade, as a {@link HandshakeRequest} that keeps only what the session needs. Any other
 * request goes on down the chain.
 *
 * <p>Why not through Spring Security and the {@code DispatcherServlet}: profiled (docs/BENCHMARKS.md), the security
 * filters, their observations, the HTTP server observation and the handler mapping were over half of a connect's
 * CPU, and none of them decides anything here: the handshake is accepted even with a bad token, so the refusal can be
 * a protocol {@code error} and close code 4001 the client can act on; the security headers mean nothing on a
 * {@code 101}; the session's own metrics ({@code gateway_ws_*}) count what happens next.
 */
final class ViewerUpgradeFilter extends OncePerRequestFilter {

  static final String PATH_PREFIX = "/ws/processing/";
  /** The tenant board's endpoint, {@code /ws/uploads/} (the trailing slash optional). */
  static final String BOARD_PATH = "/ws/uploads";

  private final HttpRequestHandler upgrade;
  private final TokenVerifier verifier;

  /** @param upgrade the WebSocket handshake of the viewer endpoint (Spring's {@code WebSocketHttpRequestHandler}) */
  ViewerUpgradeFilter(HttpRequestHandler upgrade, TokenVerifier verifier) {
    this.upgrade = upgrade;
    this.verifier = verifier;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean get = "GET".equals(request.getMethod());
    boolean board = get && isBoard(request);
    String uploadId = get && !board ? uploadIdOf(request) : null;
    if (uploadId == null && !board) {
      chain.doFilter(request, response);
      return;
    }
    if (board) {
      request.setAttribute(ViewerHandshakeInterceptor.BOARD, Boolean.TRUE);
    } else {
      request.setAttribute(ViewerHandshakeInterceptor.UPLOAD_ID, uploadId);
      request.setAttribute(ViewerHandshakeInterceptor.LAST_SEQ, lastSeq(request.getParameter("lastSeq")));
    }
    String token = handshakeToken(request);
    if (token != null) {
      try {
        request.setAttribute(ViewerHandshakeInterceptor.PRINCIPAL, verifier.verify(token));
      } catch (InvalidTokenException e) {
        request.setAttribute(ViewerHandshakeInterceptor.AUTH_FAILURE, e.getMessage());
      }
    }
    upgrade.handleRequest(new HandshakeRequest(request), response);
  }

  /** The upload id of an endpoint path ({@code /ws/processing/{id}} or with a trailing slash), else null. */
  static String uploadIdOf(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith(PATH_PREFIX)) {
      return null;
    }
    int end = path.endsWith("/") ? path.length() - 1 : path.length();
    String segment = path.substring(Math.min(PATH_PREFIX.length(), end), end);
    if (segment.isEmpty() || segment.indexOf('/') >= 0) {
      return null; // not this endpoint: the chain answers (404)
    }
    return UriUtils.decode(segment, "UTF-8");
  }

  static boolean isBoard(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals(BOARD_PATH) || path.equals(BOARD_PATH + "/");
  }

  /** A browser cannot set headers on a WebSocket handshake, so the token may also come in the query. */
  private static String handshakeToken(HttpServletRequest request) {
    String header = BearerToken.fromHeader(request.getHeader(HttpHeaders.AUTHORIZATION)).orElse(null);
    if (header != null) {
      return header;
    }
    String query = request.getParameter(HandshakeRequest.TOKEN_PARAMETER);
    return query == null || query.isBlank() ? null : query.trim();
  }

  private static long lastSeq(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0; // A garbled resume point only costs a resend of the latest state.
    }
  }
}
