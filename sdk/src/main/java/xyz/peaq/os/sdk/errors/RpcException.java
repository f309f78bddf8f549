package xyz.peaq.os.sdk.errors;

/** The JSON-RPC endpoint failed (transport or node error) after the configured retries. */
public final class RpcException extends PeaqosException {
  private final String endpoint;

  public RpcException(String endpoint, String message, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
  }

  public String endpoint() {
    return endpoint;
  }
}
