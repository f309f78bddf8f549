package xyz.peaq.os.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.devnet.DevAccount;
import xyz.peaq.os.devnet.Econ2Contracts;

/**
 * Devnet-only wallet preparation for an Economics 2.0 activation, through anvil's own methods: the
 * EIP-7702 delegation that lets the PEAQ token at {@code 0x…0809} pay the bond from the native
 * balance (what the devnet gives the accounts it funds itself; a wallet funded by the Gas Station
 * got a plain transfer), and a top-up to the bond, which the Gas Station (a gas faucet) does not
 * pay, or the test USDT the USDT rail pays with. Never used on agung or mainnet.
 */
public final class DevnetWallets {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DESIGNATOR =
      "0xef0100" + Econ2Contracts.NATIVE_PULL_ADDRESS.substring(2).toLowerCase();

  private final String rpcUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public DevnetWallets(String rpcUrl) {
    this.rpcUrl = rpcUrl;
  }

  /** Gives {@code address} the native-pull delegation unless it already holds code. */
  public boolean delegateNativePull(String address) {
    String code = call("eth_getCode", List.of(address, "latest")).asText();
    if (code.length() > 2) {
      return false;
    }
    call("anvil_setCode", List.of(address, DESIGNATOR));
    return true;
  }

  /**
   * {@link #delegateNativePull} for many wallets in two JSON-RPC batches (their code, then the
   * delegations they lack): a fleet's wave costs two requests instead of two per machine.
   */
  public void delegateNativePullAll(List<String> addresses) {
    if (addresses.isEmpty()) {
      return;
    }
    List<List<Object>> reads = new java.util.ArrayList<>();
    for (String a : addresses) {
      reads.add(List.of(a, "latest"));
    }
    List<JsonNode> codes = callAll("eth_getCode", reads);
    List<List<Object>> writes = new java.util.ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      if (codes.get(i).asText().length() <= 2) {
        writes.add(List.of(addresses.get(i), DESIGNATOR));
      }
    }
    if (!writes.isEmpty()) {
      callAll("anvil_setCode", writes);
    }
  }

  /** Raises {@code address}'s balance to at least {@code wei}; returns what was added. */
  public BigInteger topUpTo(String address, BigInteger wei) {
    BigInteger balance =
        new BigInteger(
            call("eth_getBalance", List.of(address, "latest")).asText().substring(2), 16);
    if (balance.compareTo(wei) >= 0) {
      return BigInteger.ZERO;
    }
    call("anvil_setBalance", List.of(address, "0x" + wei.toString(16)));
    return wei.subtract(balance);
  }

  /**
   * Raises {@code address}'s balance of the devnet's test USDT to at least {@code units} (6
   * decimals) by a mint from dev account 0, which owns the token; returns what was minted.
   */
  public BigInteger topUpUsdtTo(String token, String address, BigInteger units) {
    String word = "000000000000000000000000" + address.substring(2).toLowerCase();
    BigInteger balance =
        new BigInteger(
            call("eth_call", List.of(Map.of("to", token, "data", "0x70a08231" + word), "latest"))
                .asText()
                .substring(2),
            16);
    if (balance.compareTo(units) >= 0) {
      return BigInteger.ZERO;
    }
    BigInteger missing = units.subtract(balance);
    String amount = String.format("%64s", missing.toString(16)).replace(' ', '0');
    String hash =
        call(
                "eth_sendTransaction",
                List.of(
                    Map.of(
                        "from",
                        DevAccount.of(0).address(),
                        "to",
                        token,
                        "data",
                        "0x40c10f19" + word + amount)))
            .asText();
    // Interval mining may hold the mint for a block time: wait for its receipt, bounded.
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      JsonNode receipt = call("eth_getTransactionReceipt", List.of(hash));
      if (receipt != null && !receipt.isNull()) {
        if (!"0x1".equals(receipt.path("status").asText())) {
          throw CliException.network("the devnet's test USDT mint " + hash + " reverted");
        }
        return missing;
      }
      if (System.nanoTime() > deadline) {
        throw CliException.network("the devnet's test USDT mint " + hash + " was not mined");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.network("interrupted while waiting for the devnet's USDT mint");
      }
    }
  }

  /** One JSON-RPC batch of {@code method}, one call per element of {@code params}, in order. */
  private List<JsonNode> callAll(String method, List<List<Object>> params) {
    try {
      List<Map<String, Object>> batch = new java.util.ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        batch.add(Map.of("jsonrpc", "2.0", "id", i, "method", method, "params", params.get(i)));
      }
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(rpcUrl))
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode reply = JSON.readTree(r.body());
      if (reply == null || !reply.isArray()) {
        throw CliException.network(
            "the devnet did not answer a batch of "
                + method
                + " with a JSON-RPC array (HTTP "
                + r.statusCode()
                + ")");
      }
      JsonNode[] out = new JsonNode[params.size()];
      for (JsonNode answer : reply) {
        if (answer.has("error")) {
          throw CliException.network(
              "the devnet refused " + method + ": " + answer.get("error").path("message").asText());
        }
        int id = answer.path("id").asInt(-1);
        if (id >= 0 && id < out.length) {
          out[id] = answer.get("result");
        }
      }
      for (JsonNode o : out) {
        if (o == null) {
          throw CliException.network("the devnet left a " + method + " of a batch unanswered");
        }
      }
      return java.util.Arrays.asList(out);
    } catch (IOException e) {
      throw CliException.network(
          "the devnet at " + rpcUrl + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.network("interrupted while talking to the devnet");
    }
  }

  private JsonNode call(String method, List<Object> params) {
    try {
      String body =
          JSON.writeValueAsString(
              Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params));
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(rpcUrl))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode reply = JSON.readTree(r.body());
      if (reply.has("error")) {
        throw CliException.network(
            "the devnet refused " + method + ": " + reply.get("error").path("message").asText());
      }
      return reply.get("result");
    } catch (IOException e) {
      throw CliException.network(
          "the devnet at " + rpcUrl + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.network("interrupted while talking to the devnet");
    }
  }
}
