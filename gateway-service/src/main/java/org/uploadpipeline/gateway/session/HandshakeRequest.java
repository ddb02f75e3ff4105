package org.uploadpipeline.gateway.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The handshake request as the WebSocket upgrade sees it: only what it needs.
 * <ul>
 *   <li>no {@code Sec-WebSocket-Extensions}: Tomcat would otherwise accept {@code permessage-deflate}, which costs
 *       about 100 KiB per session, for small JSON messages that gain nothing from it;
 *   <li>only the headers the upgrade and the origin check read: the container keeps the handshake headers for the
 *       session's life, and a browser's dozen headers cost a few KiB per idle session;
 *   <li>no {@code token} query parameter and no {@code Authorization} header: the token is not kept in memory with the
 *       session (and so can never be logged from it).
 * </ul>
 */
final class HandshakeRequest extends HttpServletRequestWrapper {

  private static final Set<String> KEPT_HEADERS =
      Set.of(
          "host", "upgrade", "connection", "origin", "sec-websocket-key", "sec-websocket-version",
          "sec-websocket-protocol", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port",
          "forwarded");

  static final String TOKEN_PARAMETER = "token";

  HandshakeRequest(HttpServletRequest request) {
    super(request);
  }

  private static boolean kept(String name) {
    return name != null && KEPT_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String getHeader(String name) {
    return kept(name) ? super.getHeader(name) : null;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return kept(name) ? super.getHeaders(name) : Collections.emptyEnumeration();
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return Collections.enumeration(
        Collections.list(super.getHeaderNames()).stream().filter(HandshakeRequest::kept).toList());
  }

  @Override
  public long getDateHeader(String name) {
    return kept(name) ? super.getDateHeader(name) : -1;
  }

  @Override
  public int getIntHeader(String name) {
    return kept(name) ? super.getIntHeader(name) : -1;
  }

  @Override
  public String getQueryString() {
    String query = super.getQueryString();
    if (query == null) {
      return null;
    }
    String kept =
        java.util.Arrays.stream(query.split("&"))
            .filter(part -> !isTokenParameter(part))
            .collect(Collectors.joining("&"));
    return kept.isEmpty() ? null : kept;
  }

  /**
   * Whether a query part names the token, however it is encoded ({@code %74oken=} is {@code token=} to the container,
   * which reads the token from it): such a part never stays in the kept query. A name that does not decode is dropped
   * too, rather than kept unread.
   */
  private static boolean isTokenParameter(String part) {
    int equals = part.indexOf('=');
    String name = equals < 0 ? part : part.substring(0, equals);
    try {
      return TOKEN_PARAMETER.equals(URLDecoder.decode(name, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  @Override
  public String getParameter(String name) {
    return TOKEN_PARAMETER.equals(name) ? null : super.getParameter(name);
  }

  @Override
  public String[] getParameterValues(String name) {
    return TOKEN_PARAMETER.equals(name) ? null : super.getParameterValues(name);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
    parameters.remove(TOKEN_PARAMETER);
    return Collections.unmodifiableMap(parameters);
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(getParameterMap().keySet());
  }
}
