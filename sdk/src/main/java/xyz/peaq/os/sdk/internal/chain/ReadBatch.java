package xyz.peaq.os.sdk.internal.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.errors.ContractRevertException;

/**
 * Independent reads sent together as one JSON-RPC batch: one HTTP request and one round trip, where
 * reads side by side cost a thread, a connection and a request each (on a cold JVM, the
 * configuration check's thirteen reads took about 90 ms that way). Add the reads, {@link #send()}
 * once, then take each answer from its {@link Answer}: a read the node refused throws its own error
 * there, as the single read would (a reverted call its decoded {@link ContractRevertException}); a
 * transport failure throws from {@link #send()}. Use it from one thread.
 */
public final class ReadBatch {
  /** One read's answer, to take after {@link #send()}. */
  public interface Answer<T> {
    T get();
  }

  private final ChainClient chain;
  private final List<String> methods = new ArrayList<>();
  private final List<Object[]> params = new ArrayList<>();
  private Object[] answers;

  ReadBatch(ChainClient chain) {
    this.chain = chain;
  }

  /**
   * {@code eth_chainId} asked of the node (not the cache); as {@link ChainClient#fetchChainId()},
   * the answer fills an empty cache.
   */
  public Answer<Long> chainId() {
    return add(
        "eth_chainId",
        new Object[0],
        "eth_chainId",
        n -> {
          long id = ChainClient.exactLong(ChainClient.quantity(n));
          chain.learnChainId(id);
          return id;
        });
  }

  /** Whether {@code address} has code at the latest block, as {@link ChainClient#hasCode}. */
  public Answer<Boolean> hasCode(String address) {
    return add(
        "eth_getCode",
        new Object[] {Addresses.require("address", address), BlockRef.latest().value()},
        "eth_getCode",
        n -> {
          String code = ChainClient.text(n);
          return code != null && Hex.strip0x(code).length() > 0;
        });
  }

  /** {@code eth_call} at the latest block, as {@link ChainClient#call(String, String)}. */
  public Answer<String> call(String to, String data) {
    return add(
        "eth_call",
        new Object[] {
          ChainClient.txObject(null, to, java.math.BigInteger.ZERO, data), BlockRef.latest().value()
        },
        "eth_call to " + Addresses.require("to", to),
        ChainClient::text);
  }

  /** Sends every read added so far, in one request; a batch is sent once. */
  public void send() {
    if (answers != null) {
      throw new IllegalStateException("this batch was sent already");
    }
    answers = methods.isEmpty() ? new Object[0] : chain.batchOf(methods, params);
  }

  private <T> Answer<T> add(
      String method, Object[] args, String context, Function<JsonNode, T> decode) {
    if (answers != null) {
      throw new IllegalStateException("this batch was sent already; start another one");
    }
    int i = methods.size();
    methods.add(method);
    params.add(args);
    return () -> {
      if (answers == null) {
        throw new IllegalStateException("send() the batch before taking its answers");
      }
      Object a = answers[i];
      if (a instanceof NodeError e) {
        throw chain.mapNodeError(e, context, null);
      }
      return decode.apply((JsonNode) a);
    };
  }
}
