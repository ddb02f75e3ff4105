package org.uploadpipeline.gateway.session;

import org.springframework.web.socket.CloseStatus;
import org.uploadpipeline.protocol.CloseCode;

/** The contract's close codes ({@link CloseCode}) as Spring's {@link CloseStatus}; an error message precedes each. */
final class CloseCodes {

  static final CloseStatus UNAUTHORIZED = of(CloseCode.UNAUTHORIZED);
  static final CloseStatus FORBIDDEN = of(CloseCode.FORBIDDEN);
  static final CloseStatus UNKNOWN_UPLOAD = of(CloseCode.UNKNOWN_UPLOAD);
  static final CloseStatus POLICY = of(CloseCode.POLICY);
  /** Sent to every open session at the start of a graceful shutdown: reconnect with {@code ?lastSeq=N}. */
  static final CloseStatus SERVICE_RESTART = of(CloseCode.SERVICE_RESTART);
  static final CloseStatus TOO_SLOW = of(CloseCode.VIEWER_TOO_SLOW);
  static final CloseStatus PONG_TIMEOUT = of(CloseCode.PONG_TIMEOUT);
  static final CloseStatus NOT_ACCEPTABLE = of(CloseCode.NOT_ACCEPTABLE);

  private CloseCodes() {}

  private static CloseStatus of(CloseCode code) {
    return new CloseStatus(code.code(), code.reason());
  }
}
