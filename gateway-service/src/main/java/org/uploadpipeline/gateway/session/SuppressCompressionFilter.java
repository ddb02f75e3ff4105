package org.uploadpipeline.gateway.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides {@code Sec-WebSocket-Extensions} from the WebSocket handshake: Tomcat would otherwise negotiate
 * {@code permessage-deflate}, which costs about 100 KiB per session for small JSON messages that don't need it.
 */
final class SuppressCompressionFilter extends OncePerRequestFilter {

  static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(
        new HttpServletRequestWrapper(request) {
          @Override
          public String getHeader(String name) {
            return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
          }

          @Override
          public Enumeration<String> getHeaders(String name) {
            return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
          }
        },
        response);
  }
}
