package org.uploadpipeline.gateway.upload;

import org.springframework.http.HttpStatus;

/** A refusal: the HTTP status, and a message the client may read (never a token, never another tenant's data). */
final class ApiException extends RuntimeException {

  private final HttpStatus status;

  ApiException(HttpStatus status, String message) {
    super(message);
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, message);
  }

  static ApiException unauthorized(String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, message);
  }

  static ApiException forbidden(String message) {
    return new ApiException(HttpStatus.FORBIDDEN, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, message);
  }

  static ApiException conflict(String message) {
    return new ApiException(HttpStatus.CONFLICT, message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, message);
  }

  static ApiException unavailable(String message) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, message);
  }

  HttpStatus status() {
    return status;
  }
}
