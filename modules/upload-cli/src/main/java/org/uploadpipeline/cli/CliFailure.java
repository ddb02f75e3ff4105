package org.uploadpipeline.cli;

/** Ends the command with an exit code of {@link ExitCodes} and a reason for the user. */
final class CliFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliFailure(int exitCode, String reason) {
    super(reason);
    this.exitCode = exitCode;
  }

  CliFailure(int exitCode, String reason, Throwable cause) {
    super(reason, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
