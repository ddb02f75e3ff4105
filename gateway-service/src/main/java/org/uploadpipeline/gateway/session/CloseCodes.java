package org.uploadpipeline.gateway.session;

import org.springframework.web.socket.CloseStatus;

/** The application close codes of the protocol; an {@code error} message states the reason before each. */
final class CloseCodes {

  /** Missing, invalid or expired token, or no authenticate message in time. */
  static final CloseStatus UNAUTHORIZED = new CloseStatus(4001, "Unauthorized");

  /** The upload belongs to a tenant the token does not grant. */
  static final CloseStatus FORBIDDEN = new CloseStatus(4003, "Forbidden");

  /** No snapshot of the upload appeared within the wait. */
  static final CloseStatus UNKNOWN_UPLOAD = new CloseStatus(4004, "Upload unknown");

  /** Policy: message flood, oversize message, too many connections for one user. */
  static final CloseStatus POLICY = new CloseStatus(4008, "Policy violation");

  /**
   * The server is restarting (graceful shutdown): reconnect, with {@code ?lastSeq=N} to resume where the session left
   * off. Standard code 1012 (service restart), sent to every open session at the start of shutdown.
   */
  static final CloseStatus SERVICE_RESTART = new CloseStatus(1012, "Service restart");

  private CloseCodes() {}
}
