package org.uploadpipeline.gateway.upload;

import org.springframework.http.HttpStatus;

/** A refusal with the HTTP status and the short error code the client gets as {@code { "error", "message" }}. */
final class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String error;

  ApiException(HttpStatus status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  static ApiException badRequest(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", message);
  }

  static ApiException unauthorized(String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", message);
  }

  static ApiException forbidden(String message) {
    return new ApiException(HttpStatus.FORBIDDEN, "forbidden", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", message);
  }

  static ApiException unavailable(String message) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message);
  }

  HttpStatus status() {
    return status;
  }

  String error() {
    return error;
  }
}
