package xyz.peaq.os.cli;

/** The stable process exit codes, the same as the official CLI's. */
public final class ExitCode {
  public static final int SUCCESS = 0;

  /** Bad flag or argument, invalid DID or address, a cap or rate limit, a missing 2FA code. */
  public static final int INPUT = 1;

  /** RPC or HTTP failure, a revert, a transaction still pending. */
  public static final int NETWORK = 2;

  /** Missing or malformed configuration: an unset variable, an unreadable key file. */
  public static final int CONFIG = 3;

  private ExitCode() {}
}
