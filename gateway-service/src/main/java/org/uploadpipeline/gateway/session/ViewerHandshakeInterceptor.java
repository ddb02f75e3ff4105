package org.uploadpipeline.gateway.session;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import org.uploadpipeline.gateway.auth.BearerTokenFilter;
import org.uploadpipeline.gateway.auth.Principal;

/**
 * Takes what the handshake carries into the session: the upload id from the path, the principal the security filter
 * verified from {@code ?token=} or {@code Authorization: Bearer} (or why it refused the token), and {@code ?lastSeq=}.
 * The handshake is accepted even with a bad token, so the refusal can be explained with an {@code error} message and a
 * close code the client can act on; it is refused (503) only when this instance holds its maximum of connections or is
 * shutting down (draining its sessions).
 */
final class ViewerHandshakeInterceptor implements HandshakeInterceptor {

  static final String UPLOAD_ID = "viewer.uploadId";
  static final String PRINCIPAL = "viewer.principal";
  static final String AUTH_FAILURE = "viewer.authFailure";
  static final String LAST_SEQ = "viewer.lastSeq";


  private final IntSupplier openConnections;
  private final int maxConnections;
  private final BooleanSupplier draining;

  ViewerHandshakeInterceptor(IntSupplier openConnections, int maxConnections, BooleanSupplier draining) {
    this.openConnections = openConnections;
    this.maxConnections = maxConnections;
    this.draining = draining;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    if (draining.getAsBoolean() || openConnections.getAsInt() >= maxConnections) {
      // A clean, immediate refusal: a client or load balancer can try elsewhere instead of waiting on a full backlog.
      response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
      return false;
    }
    String path = request.getURI().getRawPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    attributes.put(UPLOAD_ID, UriUtils.decode(trimmed.substring(trimmed.lastIndexOf('/') + 1), "UTF-8"));
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null && authentication.getPrincipal() instanceof Principal principal) {
      attributes.put(PRINCIPAL, principal);
    } else if (request instanceof ServletServerHttpRequest servlet
        && servlet.getServletRequest().getAttribute(BearerTokenFilter.FAILURE_ATTRIBUTE) instanceof String failure) {
      attributes.put(AUTH_FAILURE, failure);
    }
    MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
    attributes.put(LAST_SEQ, lastSeq(query.getFirst("lastSeq")));
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

  private static long lastSeq(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(UriUtils.decode(value, "UTF-8").trim()));
    } catch (NumberFormatException e) {
      return 0; // A garbled resume point only costs a resend of the latest state.
    }
  }
}
