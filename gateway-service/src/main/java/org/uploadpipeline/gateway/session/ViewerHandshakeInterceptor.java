package org.uploadpipeline.gateway.session;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import org.uploadpipeline.gateway.auth.BearerToken;

/**
 * Takes what the handshake carries into the session: the upload id from the path, a token from {@code ?token=} or
 * {@code Authorization: Bearer}, and {@code ?lastSeq=}. The handshake itself is always accepted, so a refusal can be
 * explained with an {@code error} message and a close code the client can act on.
 */
final class ViewerHandshakeInterceptor implements HandshakeInterceptor {

  static final String UPLOAD_ID = "viewer.uploadId";
  static final String TOKEN = "viewer.token";
  static final String LAST_SEQ = "viewer.lastSeq";

  private static final Pattern UPLOAD_ID_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    String path = request.getURI().getRawPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    attributes.put(UPLOAD_ID, UriUtils.decode(trimmed.substring(trimmed.lastIndexOf('/') + 1), "UTF-8"));
    MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
    String token = decoded(query.getFirst("token"));
    if (token == null) {
      token = BearerToken.fromHeader(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).orElse(null);
    }
    if (token != null) {
      attributes.put(TOKEN, token);
    }
    attributes.put(LAST_SEQ, lastSeq(decoded(query.getFirst("lastSeq"))));
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

  static boolean isValidUploadId(String uploadId) {
    return uploadId != null && UPLOAD_ID_PATTERN.matcher(uploadId).matches();
  }

  private static long lastSeq(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0; // A garbled resume point only costs a resend of the latest state.
    }
  }

  private static String decoded(String value) {
    return value == null || value.isBlank() ? null : UriUtils.decode(value, "UTF-8");
  }
}
