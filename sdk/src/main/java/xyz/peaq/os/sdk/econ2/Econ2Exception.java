package xyz.peaq.os.sdk.econ2;

import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * An Economics 2.0 failure with the official SDK's stable {@link #code()}: deployment selection
 * ({@code DEPLOYMENT_UNKNOWN}, {@code DEPLOYMENT_UNAVAILABLE}), an operation of the other
 * generation ({@code LEGACY_REGISTRATION_UNSUPPORTED}, {@code SPONSORED_ACTIVATION_UNSUPPORTED},
 * {@code MACHINE_RELOCATION_UNAVAILABLE}, {@code DID_ATTRIBUTES_UNSUPPORTED}); the subclasses carry
 * activation and pending-transaction details. Callers branch on the code, never the message.
 */
public class Econ2Exception extends PeaqosException {
  private final String code;

  public Econ2Exception(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public Econ2Exception(String code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
