package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which JSON-RPC requests change the chain, and so go to the {@link ChainJournal}: transaction
 * sends and anvil's state-changing methods ({@code anvil_*}, {@code evm_*}, {@code hardhat_*} but
 * the few that only read). A read-only method journaled by mistake would only be replayed for
 * nothing; a state-changing one missed would be lost, hence a list of readers rather than of
 * writers.
 */
final class JournalPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> READERS =
      Set.of(
          "anvil_dumpState",
          "hardhat_dumpState",
          "anvil_nodeInfo",
          "anvil_metadata",
          "hardhat_metadata",
          "anvil_getAutomine",
          "hardhat_getAutomine",
          "anvil_getIntervalMining",
          "anvil_setLoggingEnabled",
          "hardhat_setLoggingEnabled",
          "anvil_getGenesisTime",
          "anvil_getBlobByHash",
          "anvil_getBlobsByTransactionHash",
          "anvil_getBlobsByBlockId",
          "anvil_getBlobSidecarsByBlockId");

  /**
   * Calls a journal cannot replay onto its snapshot (they go back to, or load, a state the journal
   * does not hold): a snapshot is taken right after them instead.
   */
  private static final Set<String> BARRIERS =
      Set.of(
          "evm_revert",
          "anvil_revert",
          "hardhat_revert",
          "anvil_reset",
          "hardhat_reset",
          "anvil_loadState",
          "hardhat_loadState",
          "anvil_rollback",
          "anvil_reorg");

  private JournalPolicy() {}

  /** A cheap first look at the raw body: false means no request in it can change the chain. */
  static boolean mayChange(String body) {
    return body.contains("eth_send")
        || body.contains("anvil_")
        || body.contains("evm_")
        || body.contains("hardhat_");
  }

  /**
   * The requests of a body (one, or a batch) that change the chain; empty when none (or not JSON).
   */
  static List<JsonNode> changes(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return List.of(); // anvil answers the parse error; nothing happened
    }
    List<JsonNode> out = new ArrayList<>();
    if (root != null && root.isArray()) {
      for (JsonNode r : root) if (changes(r)) out.add(r);
    } else if (root != null && changes(root)) {
      out.add(root);
    }
    return out;
  }

  /** A transaction send (not a sync one, which is answered only once mined). */
  static boolean isSend(JsonNode request) {
    String method = request.path("method").asText("");
    return method.startsWith("eth_send") && !method.endsWith("Sync");
  }

  static boolean isBarrier(JsonNode request) {
    return BARRIERS.contains(request.path("method").asText(""));
  }

  private static boolean changes(JsonNode request) {
    String method = request.path("method").asText("");
    if (method.startsWith("eth_send")) return true;
    if (method.startsWith("anvil_") || method.startsWith("evm_") || method.startsWith("hardhat_"))
      return !READERS.contains(method);
    return false;
  }
}
