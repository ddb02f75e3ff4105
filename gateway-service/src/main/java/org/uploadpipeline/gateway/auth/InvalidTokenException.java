package org.uploadpipeline.gateway.auth;

/** A token that is missing, malformed, badly signed, expired or lacks a required claim. The message never holds it. */
public class InvalidTokenException extends RuntimeException {

  public InvalidTokenException(String reason) {
    super(reason);
  }
}
