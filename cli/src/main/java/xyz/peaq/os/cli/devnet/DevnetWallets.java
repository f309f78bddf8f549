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
import xyz.peaq.os.devnet.Econ2Contracts;

/**
 * Devnet-only wallet preparation for an Economics 2.0 activation, through anvil's own methods: the
 * EIP-7702 delegation that lets the PEAQ token at {@code 0x…0809} pay the bond from the native
 * balance (what the devnet gives the accounts it funds itself; a wallet funded by the Gas Station
 * got a plain transfer), and a top-up to the bond, which the Gas Station (a gas faucet) does not
 * pay. Never used on agung or mainnet.
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
