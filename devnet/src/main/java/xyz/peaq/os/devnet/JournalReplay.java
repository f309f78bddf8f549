package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web3j.utils.Numeric;

/**
 * Replays a {@link ChainJournal} on an anvil that has just loaded the snapshot the journal names:
 * the requests in their order, a block wherever the miner mined one, each with the timestamp it had
 * (so, with the same transactions on the same parent, the same hash). A request anvil refuses now
 * is skipped (it failed the first time too, or only its answer was lost); a line cut by a kill is
 * ignored.
 */
final class JournalReplay {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> MINING =
      Set.of("evm_mine", "anvil_mine", "evm_mine_detailed", "anvil_mine_detailed", "hardhat_mine");

  /** What a replay did: entries replayed, blocks mined, blocks whose hash differs, refused ones. */
  record Result(long entries, long blocks, long hashMismatches, long refused, long head) {}

  private JournalReplay() {}

  /** The snapshot id in the journal's header, empty when there is no readable journal. */
  static Optional<String> snapshotOf(Path journal) {
    if (!Files.exists(journal)) return Optional.empty();
    try (var lines = Files.lines(journal, StandardCharsets.UTF_8)) {
      Optional<String> first = lines.findFirst();
      if (first.isEmpty()) return Optional.empty();
      JsonNode header = JSON.readTree(first.get());
      return header.path("journal").asInt() == 1 && header.path("snapshot").isTextual()
          ? Optional.of(header.path("snapshot").asText())
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Result replay(Path journal, LocalRpc anvil) throws IOException {
    List<JsonNode> entries = new ArrayList<>();
    Map<Long, JsonNode> blocks = new HashMap<>();
    byte[] raw = Files.readAllBytes(journal);
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n'); // whatever follows the last newline was cut by a kill
    String[] lines = end < 0 ? new String[0] : text.substring(0, end).split("\n");
    for (int i = 1; i < lines.length; i++) {
      JsonNode line;
      try {
        line = JSON.readTree(lines[i]);
      } catch (IOException e) {
        break; // cannot happen before the last line; stop rather than replay out of order
      }
      if (line.has("blk")) blocks.put(line.path("blk").asLong(), line);
      else entries.add(line);
    }
    long head = head(anvil);
    long mined = 0, mismatches = 0, refused = 0;
    long lastTs = -1, lastWall = -1;
    if (entries.isEmpty() && blocks.isEmpty()) return new Result(0, 0, 0, 0, head);
    // anvil's clock starts at the wall clock, after every block to replay: put it back to the
    // snapshot's head so the blocks can be mined with their own, earlier, timestamps
    long headTs = timestampOf(anvil, head);
    anvil.call("evm_setTime", "[" + headTs + "]");
    if (head == 0) {
      // a fresh anvil mines block 1 at genesis' base fee; one loading genesis derives a lower one
      String baseFee = block(anvil, 0).path("baseFeePerGas").asText("");
      if (!baseFee.isEmpty())
        anvil.call("anvil_setNextBlockBaseFeePerGas", "[\"" + baseFee + "\"]");
    }
    // a send is journaled once anvil accepted it, so a block may have taken it before its entry was
    // written: each recorded block lists its transactions, which are sent, in that order, right
    // before it is mined
    Map<String, Integer> sendAt = new HashMap<>();
    Set<String> inBlocks = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String tx = entries.get(i).path("tx").asText("");
      if (!tx.isEmpty()) sendAt.put(tx.toLowerCase(java.util.Locale.ROOT), i);
    }
    for (JsonNode b : blocks.values())
      for (JsonNode tx : b.path("txs"))
        inBlocks.add(tx.asText().toLowerCase(java.util.Locale.ROOT));
    boolean[] done = new boolean[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      if (done[i]) continue;
      done[i] = true;
      JsonNode e = entries.get(i);
      if (e.has("mine")) {
        JsonNode b = blocks.get(head + 1);
        if (b != null) {
          refused += sendBlockTransactions(anvil, b, sendAt, entries, done);
          setNextTimestamp(anvil, b.path("ts").asLong());
        }
        if (isError(anvil.call("evm_mine", "[]"))) {
          refused++;
          continue;
        }
        head++;
        mined++;
        if (b != null) {
          lastTs = b.path("ts").asLong();
          lastWall = b.path("w").asLong();
          if (!b.path("hash").asText().equalsIgnoreCase(hashOf(anvil, head))) mismatches++;
        }
        continue;
      }
      String tx = e.path("tx").asText("").toLowerCase(java.util.Locale.ROOT);
      if (!tx.isEmpty() && inBlocks.contains(tx)) {
        // sent with its block, in the block's order: sends are journaled in the order they were
        // answered, which may differ from the order they entered the pool
        done[i] = false;
        continue;
      }
      // journaled after a snapshot that already holds its block: sending it again could repeat it
      if (!tx.isEmpty() && onChain(anvil, tx)) continue;
      String method = e.path("rpc").path("method").asText();
      boolean mining = MINING.contains(method);
      if (mining) {
        JsonNode b = blocks.get(head + 1);
        if (b != null) refused += sendBlockTransactions(anvil, b, sendAt, entries, done);
        if (b != null && e.path("rpc").path("params").isEmpty())
          setNextTimestamp(anvil, b.path("ts").asLong());
      }
      if (!replayCall(anvil, e)) refused++;
      if (mining) {
        long now = head(anvil);
        mined += now - head;
        head = now;
      }
    }
    // blocks mined by anvil's own timer (interval mining) have no mine entry
    while (blocks.containsKey(head + 1)) {
      JsonNode b = blocks.get(head + 1);
      refused += sendBlockTransactions(anvil, b, sendAt, entries, done);
      setNextTimestamp(anvil, b.path("ts").asLong());
      if (isError(anvil.call("evm_mine", "[]"))) break;
      head++;
      mined++;
      lastTs = b.path("ts").asLong();
      lastWall = b.path("w").asLong();
    }
    // whatever was held back for a block that did not come is sent last, in the journal's order
    for (int i = 0; i < entries.size(); i++) {
      if (done[i]) continue;
      done[i] = true;
      if (!replayCall(anvil, entries.get(i))) refused++;
    }
    // give the clock back the offset from the wall clock it had when the last block was mined
    long nowSeconds = System.currentTimeMillis() / 1000;
    long target = lastTs >= 0 ? nowSeconds + (lastTs - lastWall) : nowSeconds;
    anvil.call("evm_setTime", "[" + Math.max(target, timestampOf(anvil, head)) + "]");
    return new Result(entries.size(), mined, mismatches, refused, head);
  }

  /** Sends the journaled transactions of a recorded block, in its order; the number refused. */
  private static int sendBlockTransactions(
      LocalRpc anvil,
      JsonNode block,
      Map<String, Integer> sendAt,
      List<JsonNode> entries,
      boolean[] done)
      throws IOException {
    int refused = 0;
    for (JsonNode tx : block.path("txs")) {
      Integer j = sendAt.get(tx.asText().toLowerCase(java.util.Locale.ROOT));
      if (j != null && !done[j]) {
        done[j] = true;
        if (!replayCall(anvil, entries.get(j))) refused++;
      }
    }
    return refused;
  }

  /** Sends one journaled request again; false when anvil refuses it now. */
  private static boolean replayCall(LocalRpc anvil, JsonNode entry) throws IOException {
    JsonNode request = entry.path("rpc");
    if (!request.isObject()) return true;
    ObjectNode call = request.deepCopy();
    String method = call.path("method").asText();
    // a sync send is answered once mined; here the journal's own mine entry mines it
    if (method.endsWith("TransactionSync"))
      call.put("method", method.substring(0, method.length() - "Sync".length()));
    LocalRpc.Answer answer = anvil.post(JSON.writeValueAsBytes(call), 300_000);
    return answer.status() == 200 && !isError(new String(answer.body(), StandardCharsets.UTF_8));
  }

  private static boolean onChain(LocalRpc anvil, String txHash) throws IOException {
    JsonNode a = JSON.readTree(anvil.call("eth_getTransactionByHash", "[\"" + txHash + "\"]"));
    return a.path("result").isObject();
  }

  private static void setNextTimestamp(LocalRpc anvil, long ts) throws IOException {
    anvil.call("evm_setNextBlockTimestamp", "[" + ts + "]");
  }

  private static boolean isError(String answer) {
    try {
      return JSON.readTree(answer).has("error");
    } catch (IOException e) {
      return true;
    }
  }

  private static long head(LocalRpc anvil) throws IOException {
    JsonNode a = JSON.readTree(anvil.call("eth_blockNumber", "[]"));
    return Numeric.decodeQuantity(a.path("result").asText("0x0")).longValueExact();
  }

  private static String hashOf(LocalRpc anvil, long n) throws IOException {
    return block(anvil, n).path("hash").asText("");
  }

  private static long timestampOf(LocalRpc anvil, long n) throws IOException {
    return Numeric.decodeQuantity(block(anvil, n).path("timestamp").asText("0x0")).longValueExact();
  }

  private static JsonNode block(LocalRpc anvil, long n) throws IOException {
    JsonNode a =
        JSON.readTree(
            anvil.call(
                "eth_getBlockByNumber",
                "[\"" + Numeric.toHexStringWithPrefix(BigInteger.valueOf(n)) + "\",false]"));
    return a.path("result");
  }
}
