package xyz.peaq.os.devnet;

/** The devnet could not be started, deployed or stopped; the message says why and what to do. */
public class DevnetException extends RuntimeException {
  public DevnetException(String message) {
    super(message);
  }

  public DevnetException(String message, Throwable cause) {
    super(message, cause);
  }
}
