package xyz.peaq.os.sdk.internal.chain;

import xyz.peaq.os.sdk.chain.BroadcastRejectedException;

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

  /**
   * What a refusal of {@code eth_sendRawTransaction} means; the one classification of node answers.
   */
  enum Refusal {
    /** The node has this very transaction already: success. */
    ALREADY_KNOWN,
    /** The nonce is taken (mined, or a pending transaction the new one would have to outbid). */
    NONCE_USED,
    INSUFFICIENT_FUNDS,
    /** The fee cap is under the base fee or the node's minimum. */
    UNDERPRICED,
    OTHER
  }

  Refusal refusal() {
    String m = nodeMessage.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("already known")
        || m.contains("known transaction")
        || m.contains("already imported")
        || m.contains("alreadyknown")) {
      return Refusal.ALREADY_KNOWN;
    }
    if (m.contains("nonce too low")
        || m.contains("nonce is too low")
        || m.contains("noncetoolow")
        || m.contains("nonce has already been used")
        || m.contains("replacement transaction underpriced")) {
      return Refusal.NONCE_USED;
    }
    if (m.contains("insufficient funds") || m.contains("insufficient balance")) {
      return Refusal.INSUFFICIENT_FUNDS;
    }
    if (m.contains("underpriced")
        || m.contains("fee cap")
        || m.contains("base fee")
        || m.contains("too low")) {
      return Refusal.UNDERPRICED;
    }
    return Refusal.OTHER;
  }

  boolean isRevert() {
    String m = nodeMessage.toLowerCase();
    return code == 3 || m.contains("revert");
  }
}
