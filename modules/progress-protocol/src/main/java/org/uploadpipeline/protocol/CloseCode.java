package org.uploadpipeline.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The close codes of the WebSocket channel and what a client should do on each. An {@code error} message states the
 * reason before each application code (4xxx). Codes not listed (1006 abnormal closure, a network drop) mean reconnect
 * and resume, as {@link #actionFor(int)} says.
 */
public enum CloseCode {

  /** The server stopped answering pings: the connection is dead; a new one resumes. */
  PONG_TIMEOUT(1001, "pong timeout", Action.RECONNECT_AND_RESUME),
  /** The client sent a binary frame: the protocol is JSON text only; a client that does this would do it again. */
  NOT_ACCEPTABLE(1003, "binary frames not accepted", Action.STOP),
  /** The viewer did not read for the send time limit: a new connection gets the latest state at once. */
  VIEWER_TOO_SLOW(1008, "viewer too slow", Action.RECONNECT_AND_RESUME),
  /** The gateway is shutting down (graceful drain): another instance, or this one restarted, resumes the session. */
  SERVICE_RESTART(1012, "Service restart", Action.RECONNECT_AND_RESUME),
  /** Missing, invalid or expired token, or no authenticate message in time: a new token is needed. */
  UNAUTHORIZED(4001, "Unauthorized", Action.STOP),
  /** The upload belongs to a tenant the token does not grant. */
  FORBIDDEN(4003, "Forbidden", Action.STOP),
  /** No snapshot of the upload appeared within the wait. */
  UNKNOWN_UPLOAD(4004, "Upload unknown", Action.STOP),
  /**
   * Policy: message flood, oversize message, too many sessions for one user. Reconnecting at once would repeat it;
   * after a long pause (other sessions of the user may have ended) it may succeed.
   */
  POLICY(4008, "Policy violation", Action.RECONNECT_LATER);

  /** What a client does when the server closes with a code. */
  public enum Action {
    /** Give up: reconnecting cannot help. */
    STOP,
    /** Reconnect with backoff, with {@code ?lastSeq=N} so nothing is delivered twice. */
    RECONNECT_AND_RESUME,
    /** Reconnect only after the longest backoff delay, resuming with {@code ?lastSeq=N}. */
    RECONNECT_LATER
  }

  private final int code;
  private final String reason;
  private final Action action;

  CloseCode(int code, String reason, Action action) {
    this.code = code;
    this.reason = reason;
    this.action = action;
  }

  public int code() {
    return code;
  }

  /** The reason phrase the server sends with the code. */
  public String reason() {
    return reason;
  }

  public Action action() {
    return action;
  }

  public static Optional<CloseCode> of(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }

  /** What a client should do on any close code; 1000 (normal, after the upload finished) stops too. */
  public static Action actionFor(int code) {
    if (code == 1000) {
      return Action.STOP;
    }
    return of(code).map(CloseCode::action).orElse(Action.RECONNECT_AND_RESUME);
  }
}
