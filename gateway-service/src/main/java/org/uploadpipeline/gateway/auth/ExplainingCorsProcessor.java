package org.uploadpipeline.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.uploadpipeline.gateway.ApiErrors;
import org.uploadpipeline.gateway.RefusalLog;

/**
 * Spring's CORS processing of the API, except that a request from an origin not allowed is answered with the reason
 * (which origin, and how to allow it) instead of a bare "Invalid CORS request", and logged.
 */
final class ExplainingCorsProcessor extends DefaultCorsProcessor {

  private final RefusalLog refusals;

  ExplainingCorsProcessor(RefusalLog refusals) {
    this.refusals = refusals;
  }

  @Override
  public boolean processRequest(CorsConfiguration config, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (config != null && CorsUtils.isCorsRequest(request) && config.checkOrigin(origin) == null) {
      String message = ApiErrors.originNotAllowed(origin, config.getAllowedOriginPatterns());
      refusals.refused("api cors", message);
      ApiErrors.write(response, HttpServletResponse.SC_FORBIDDEN, "origin_not_allowed", message);
      return false;
    }
    return super.processRequest(config, request, response);
  }
}
