package xyz.peaq.os.cli;

/** A failure the CLI detected itself, carrying the exit code it ends the process with. */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  public static CliException input(String message) {
    return new CliException(ExitCode.INPUT, message);
  }

  public static CliException network(String message) {
    return new CliException(ExitCode.NETWORK, message);
  }

  public static CliException config(String message) {
    return new CliException(ExitCode.CONFIG, message);
  }
}
