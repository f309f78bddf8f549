package xyz.peaq.os.gasstation;

/**
 * Every error code the Gas Station answers with, its HTTP status and default message. The first
 * group are the official station's codes (same names, so the official SDKs map them); the rest are
 * ours. The module README documents each one.
 */
public enum ErrorCode {
  // Validation
  INVALID_PAYLOAD(400, "The request body is not valid"),
  INVALID_OWNER_ADDRESS(400, "Invalid owner address"),
  INVALID_TARGET_ADDRESS(400, "Invalid target wallet address"),
  UNSUPPORTED_CHAIN(400, "This Gas Station does not fund that chain"),
  UNSUPPORTED_MEDIA_TYPE(415, "Content-Type must be application/json"),
  PAYLOAD_TOO_LARGE(413, "The request body is too large"),
  NOT_FOUND(404, "Page not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  // 2FA
  INVALID_2FA(401, "Invalid 2FA code"),
  TWO_FA_NOT_CONFIGURED(
      "2FA_NOT_CONFIGURED", 400, "2FA not configured for this owner; call /2fa/setup first"),
  TWO_FA_NOT_ACTIVE("2FA_NOT_ACTIVE", 403, "2FA not yet activated; call /2fa/confirm first"),
  TWO_FA_LOCKED("2FA_LOCKED", 423, "2FA locked"),
  TWO_FA_ALREADY_CONFIGURED("2FA_ALREADY_CONFIGURED", 409, "2FA is already active for this owner"),
  QR_GENERATION_FAILED(500, "QR code generation failed"),
  QR_NOT_FOUND(404, "No QR image under this URL"),
  QR_EXPIRED(410, "The QR image has expired; call /2fa/setup again or use the otpauth URI"),
  // Idempotency
  DUPLICATE_REQUEST(409, "Request ID is already being processed"),
  REQUEST_ALREADY_PROCESSED(
      409, "Request ID has already been completed with other parameters; use a new requestId"),
  // Rate and caps
  RATE_LIMITED(429, "Faucet rate limit exceeded"),
  CAP_EXCEEDED_OWNER(429, "Owner daily funding cap exceeded"),
  CAP_EXCEEDED_WALLET(429, "Wallet daily funding cap exceeded"),
  CAP_EXCEEDED_CLIENT(429, "Daily funding cap of this client address exceeded"),
  CLIENT_RATE_LIMITED(429, "Too many requests from this client address"),
  BUDGET_EXHAUSTED(503, "The Gas Station's daily budget is spent; try again after 00:00 UTC"),
  WALLET_FUNDING_IN_PROGRESS(
      409,
      "A transfer to this wallet is in progress; retry shortly (it is then skipped if funded)"),
  REQUEST_TIMEOUT(408, "The request body did not arrive in time"),
  BAD_REQUEST(400, "The HTTP request is malformed"),
  // Chain and faucet
  FAUCET_EMPTY(503, "The faucet wallet cannot pay this transfer; try again later"),
  TRANSFER_FAILED(502, "On-chain transfer failed; retry with the same requestId"),
  TRANSFER_PENDING(503, "Transfer sent but not yet confirmed; retry with the same requestId"),
  CHAIN_UNAVAILABLE(503, "The chain node cannot be reached; try again later"),
  INTERNAL_ERROR(500, "Internal error");

  private final String wire;
  private final int httpStatus;
  private final String defaultMessage;

  ErrorCode(int httpStatus, String defaultMessage) {
    this.wire = null;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  ErrorCode(String wire, int httpStatus, String defaultMessage) {
    this.wire = wire;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  /** The code as it appears on the wire (Java names cannot start with a digit). */
  public String wire() {
    return wire != null ? wire : name();
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String defaultMessage() {
    return defaultMessage;
  }
}
