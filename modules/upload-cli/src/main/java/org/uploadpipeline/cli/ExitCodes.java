package org.uploadpipeline.cli;

/** The exit codes of {@code upload}, one per kind of outcome, so scripts can tell them apart. */
final class ExitCodes {

  /** The upload completed; its results were printed. */
  static final int COMPLETED = 0;
  /** The processor failed the upload (for example a mapped column missing from the header); the reason was printed. */
  static final int FAILED = 1;
  /** Bad arguments: unknown option, unreadable file, a mapping that cannot be guessed, no token. */
  static final int USAGE = 2;
  /** The token was refused: HTTP 401/403 from the upload API, or WebSocket close 4001/4003. */
  static final int AUTH = 3;
  /** The gateway refused the upload (HTTP 400, 413, 415 or another error status); its message was printed. */
  static final int REFUSED = 4;
  /**
   * The gateway could not be reached, the progress connection was lost for good after the retries, or the WebSocket
   * was closed for another reason (4004 unknown upload; 4008 policy once the retries after it ran out).
   */
  static final int CONNECTION = 5;
  /**
   * The upload was cancelled on the server (its last {@code status} said {@code cancelled}): after Ctrl-C and "y" on
   * this terminal, or by anyone else allowed to ({@code DELETE /api/uploads/{id}}, a {@code cancel} command).
   */
  static final int CANCELLED = 6;
  /**
   * Ctrl-C, and the upload left to go on on the server: 128 + SIGINT (2), what a shell reports for a process that
   * SIGINT ended, so scripts see the same code with or without the question.
   */
  static final int INTERRUPTED = 130;
  /** A bug in this program. */
  static final int SOFTWARE = 70;

  private ExitCodes() {}
}
