package xyz.peaq.os.sdk.errors;

/**
 * Root of every error the SDK throws. Unchecked, like the official SDKs' {@code PeaqosError}.
 * Messages never contain private keys, TOTP secrets or 2FA codes.
 */
public abstract class PeaqosException extends RuntimeException {
  protected PeaqosException(String message) {
    super(message);
  }

  protected PeaqosException(String message, Throwable cause) {
    super(message, cause);
  }
}
