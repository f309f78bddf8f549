package xyz.peaq.os.sdk.errors;

/**
 * An HTTP service (Gas Station or MCR API) answered with an error, or could not be reached. {@link
 * #code()} is the service's code ({@code INVALID_2FA}, {@code NOT_FOUND}, ...) or a client-side one
 * ({@code NETWORK_ERROR}, {@code TIMEOUT}, {@code BAD_RESPONSE}). {@link #httpStatus()} is 0 when
 * no HTTP response arrived.
 */
public final class ApiException extends PeaqosException {
  private final int httpStatus;
  private final String code;

  public ApiException(int httpStatus, String code, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  public ApiException(int httpStatus, String code, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String code() {
    return code;
  }
}
