package org.uploadpipeline.gateway.upload;

import org.uploadpipeline.gateway.auth.BearerToken;
import org.uploadpipeline.gateway.auth.InvalidTokenException;
import org.uploadpipeline.gateway.auth.Principal;
import org.uploadpipeline.gateway.auth.TokenVerifier;

/** The principal of an API request's {@code Authorization: Bearer} header, or a 401. */
class ApiAuthenticator {

  private final TokenVerifier verifier;

  ApiAuthenticator(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  Principal authenticate(String authorizationHeader) {
    String token =
        BearerToken.fromHeader(authorizationHeader)
            .orElseThrow(() -> ApiException.unauthorized("an Authorization: Bearer token is required"));
    try {
      return verifier.verify(token);
    } catch (InvalidTokenException e) {
      throw ApiException.unauthorized(e.getMessage());
    }
  }
}
