package xyz.peaq.os.sdk.chain;

/**
 * A JSON-RPC error object from the node (as opposed to a transport failure). Internal: public
 * methods turn it into a {@code ContractRevertException}, a {@link BroadcastRejectedException} or
 * an {@code RpcException}.
 */
final class NodeError extends RuntimeException {
  final int code;
  final String nodeMessage;
  /** Revert data as 0x-hex with the JSON quotes gone, or null. */
  final String data;

  NodeError(int code, String nodeMessage, String data) {
    super("node error " + code + ": " + nodeMessage, null, false, false);
    this.code = code;
    this.nodeMessage = nodeMessage == null ? "" : nodeMessage;
    this.data = data;
  }

  boolean isRevert() {
    String m = nodeMessage.toLowerCase();
    return code == 3 || m.contains("revert");
  }
}
