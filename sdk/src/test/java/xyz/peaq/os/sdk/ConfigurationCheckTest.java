package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.sdk.ConfigurationCheck.AddressCheck;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.testing.TestAnvil;

/**
 * The one configuration check on raw variables, against a bare anvil (no peaqOS contracts): what a
 * tool such as {@code peaqos init} shows for each variable, and the error {@code verify()} throws.
 * The devnet cases (swapped contracts, wrong links) are in {@code PeaqosClientDevnetTest}.
 */
class ConfigurationCheckTest {
  static TestAnvil anvil;
  static ChainReads chain;

  @BeforeAll
  static void start() throws Exception {
    anvil = TestAnvil.start(33391);
    chain = ChainReads.connect(anvil.rpcUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    chain.close();
    anvil.close();
  }

  static String freshAddress() throws Exception {
    return Keys.toChecksumAddress(Credentials.create(Keys.createEcKeyPair()).getAddress());
  }

  @Test
  void aWrongChainIdStopsBeforeAnyAddressIsRead() {
    ConfigurationCheck.Report r = ConfigurationCheck.run(chain, 3338L, "mainnet", false, Map.of());
    assertThat(r.chainId()).isEqualTo(33391);
    assertThat(r.chainIdMatches()).isFalse();
    assertThat(r.ok()).isFalse();
    assertThat(r.addresses()).isEmpty();
    assertThatThrownBy(r::orThrow)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo(PeaqosConfig.PEAQOS_RPC_URL))
        .hasMessageContaining(
            "PEAQOS_RPC_URL answers chain id 33391 but network mainnet expects 3338");
    assertThat(ConfigurationCheck.run(chain, 3338L, null, false, Map.of()).failure().orElseThrow())
        .hasMessageContaining("but PEAQOS_CHAIN_ID expects 3338");
  }

  /**
   * The check's reads go out as one JSON-RPC batch; a node or proxy that refuses batches (here one
   * that answers a batch with a single error object, wrapping the real anvil) gets the same verdict
   * from the reads one by one.
   */
  @Test
  void aNodeThatRefusesBatchesGetsTheSameVerdictFromTheReadsOneByOne() throws Exception {
    String eoa = freshAddress();
    Map<String, String> vars = new HashMap<>();
    vars.put(PeaqosConfig.IDENTITY_REGISTRY_ADDRESS, eoa);
    vars.put(PeaqosConfig.EVENT_REGISTRY_ADDRESS, eoa);
    vars.put(PeaqosConfig.DID_REGISTRY_ADDRESS, "0x0000000000000000000000000000000000000800");
    vars.put(PeaqosConfig.BATCH_PRECOMPILE_ADDRESS, "0x0000000000000000000000000000000000000805");
    java.util.concurrent.atomic.AtomicInteger batches =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger singles =
        new java.util.concurrent.atomic.AtomicInteger();
    xyz.peaq.os.sdk.http.HttpTransport real = xyz.peaq.os.sdk.http.HttpTransport.okHttp();
    try (ChainClient refusing =
        ChainClient.builder(anvil.rpcUrl())
            .transport(
                call -> {
                  if (call.body() != null && call.body().length > 0 && call.body()[0] == '[') {
                    batches.incrementAndGet();
                    return new xyz.peaq.os.sdk.http.HttpReply(
                        200,
                        ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                                + "\"message\":\"batch requests are not supported\"}}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                  }
                  singles.incrementAndGet();
                  return real.send(call);
                })
            .build()) {
      ConfigurationCheck.Report oneByOne =
          ConfigurationCheck.run(refusing, 33391L, null, false, vars);
      ConfigurationCheck.Report batched = ConfigurationCheck.run(chain, 33391L, null, false, vars);
      assertThat(batches).hasValue(1);
      assertThat(singles.get()).isGreaterThan(1);
      assertThat(batched.addresses()).isNotEmpty();
      assertThat(oneByOne.addresses()).isEqualTo(batched.addresses());
      assertThat(oneByOne.checks()).isEqualTo(batched.checks());
      assertThat(oneByOne.failure().map(Throwable::getMessage))
          .isPresent()
          .isEqualTo(batched.failure().map(Throwable::getMessage));
    }
  }

  @Test
  void everyVariableGetsAVerdictAndTheFailureListsEveryProblem() throws Exception {
    String eoa = freshAddress();
    String silent = freshAddress();
    // Code that returns nothing: a contract, but none of the four kinds.
    ChainClient.of(chain).request("anvil_setCode", silent, "0x00");
    Map<String, String> vars = new HashMap<>();
    vars.put(PeaqosConfig.IDENTITY_STAKING_ADDRESS, "0x1234");
    vars.put(PeaqosConfig.EVENT_REGISTRY_ADDRESS, eoa);
    vars.put(PeaqosConfig.MACHINE_NFT_ADDRESS, silent);
    vars.put(PeaqosConfig.DID_REGISTRY_ADDRESS, "0x0000000000000000000000000000000000000805");
    vars.put(PeaqosConfig.BATCH_PRECOMPILE_ADDRESS, "0x0000000000000000000000000000000000000800");

    ConfigurationCheck.Report r = ConfigurationCheck.run(chain, null, null, false, vars);

    assertThat(r.chainIdMatches()).isTrue();
    assertThat(r.addresses())
        .extracting(AddressCheck::variable)
        .containsExactlyElementsOf(ConfigurationCheck.ADDRESS_VARIABLES);
    assertThat(r.addresses()).extracting(AddressCheck::ok).containsOnly(false);
    assertThat(r.addresses())
        .extracting(AddressCheck::detail)
        .containsExactly(
            "not set",
            "not an address (0x + 40 hex digits)",
            "no contract code at this address",
            "answers as an unknown contract, not as MachineNFT (swapped addresses?)",
            "expected the precompile at 0x0000000000000000000000000000000000000800",
            "expected the precompile at 0x0000000000000000000000000000000000000805");
    ValidationException e = r.failure().orElseThrow();
    assertThat(e.field()).isEqualTo(PeaqosConfig.IDENTITY_REGISTRY_ADDRESS);
    assertThat(e)
        .hasMessageContaining("IDENTITY_REGISTRY_ADDRESS is not set")
        .hasMessageContaining("IDENTITY_STAKING_ADDRESS must be 0x followed by 40 hex digits")
        .hasMessageContaining(
            "EVENT_REGISTRY_ADDRESS " + eoa + " has no contract code on chain 33391")
        .hasMessageContaining("MACHINE_NFT_ADDRESS " + silent + " does not answer as a MachineNFT")
        .hasMessageContaining("DID_REGISTRY_ADDRESS and BATCH_PRECOMPILE_ADDRESS are swapped");
  }

  @Test
  void tupleDataThatIsTooShortOrPointsOutsideIsAClearError() {
    assertThatThrownBy(() -> Abi.decodeTuple("0x12", "uint256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> Abi.decodeTuple("0x" + "0".repeat(62) + "ff", "uint256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    String tuple = "0x" + "0".repeat(62) + "20" + "0".repeat(63) + "7";
    assertThat(Abi.decodeTuple(tuple, "uint256"))
        .isEqualTo(List.of(java.math.BigInteger.valueOf(7)));
    assertThatThrownBy(() -> Abi.decode("0x" + "0".repeat(62) + "20", "string"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
