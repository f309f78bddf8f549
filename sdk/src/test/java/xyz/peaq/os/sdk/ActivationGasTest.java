package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.GasPolicy;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.internal.chain.TransactionSender;

/**
 * Gas of one self-managed activation (register, mint, the six DID attributes) sent by this SDK,
 * beside the same activation as the official Python SDK 0.11.2 sends it (the same contract calls,
 * {@code operator} empty in self mode, and the bare {@code eth_estimateGas} as the gas limit, as
 * web3.py does), on one devnet. Prints {@code GAS} lines (gas used and gas limit per step and per
 * activation) and asserts that every figure of gas used is at most the official one. A second test
 * measures what the DID margin rests on: gas used over the estimate of DID batches.
 */
class ActivationGasTest {
  static final BigInteger ETH = BigInteger.TEN.pow(18);

  @TempDir static Path dataDir;
  static DevnetChain devnet;
  static ChainClient chain;

  /** The official SDK's gas: the estimate as the limit. */
  static ChainClient bareEstimate;

  /** Three times the estimate: room to measure what a call really uses. */
  static ChainClient generous;

  static PeaqosConfig base;

  @BeforeAll
  static void start() {
    devnet = DevnetChain.start(DevnetOptions.builder().dataDir(dataDir).build());
    chain = ChainClient.builder(devnet.rpcUrl()).pollInterval(Duration.ofMillis(20)).build();
    bareEstimate =
        ChainClient.builder(devnet.rpcUrl())
            .pollInterval(Duration.ofMillis(20))
            .gasPolicy(new GasPolicy(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE))
            .build();
    generous =
        ChainClient.builder(devnet.rpcUrl())
            .pollInterval(Duration.ofMillis(20))
            .gasPolicy(new GasPolicy(new BigDecimal(3), new BigDecimal(3), new BigDecimal(3)))
            .build();
    base = PeaqosConfig.builder().devnet(dataDir).build();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {generous, bareEstimate, chain, devnet}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing a test devnet
      }
    }
  }

  /** Gas used and gas limit of one step. */
  record Gas(BigInteger used, BigInteger limit) {
    Gas plus(Gas o) {
      return new Gas(used.add(o.used), limit.add(o.limit));
    }
  }

  @Test
  void anActivationUsesNoMoreGasThanTheOfficialSdkOnTheSameDevnet() {
    // The first machine and token of a chain pay for counters going from zero: one activation out
    // of the measurement, so both measured ones start from the same kind of state.
    ours();
    Map<String, Gas> ours = ours();
    Map<String, Gas> official = official();
    Gas oursTotal = ours.values().stream().reduce(Gas::plus).orElseThrow();
    Gas officialTotal = official.values().stream().reduce(Gas::plus).orElseThrow();
    ours.forEach(
        (step, g) -> {
          Gas o = official.get(step);
          System.out.println(
              "GAS activation step "
                  + step
                  + ": ours used "
                  + g.used()
                  + " limit "
                  + g.limit()
                  + "; official SDK 0.11.2 used "
                  + o.used()
                  + " limit "
                  + o.limit());
          assertThat(g.used()).as(step + " gas used").isLessThanOrEqualTo(o.used());
          assertThat(g.limit()).as(step + " gas limit covers use").isGreaterThanOrEqualTo(g.used());
        });
    System.out.println(
        "GAS per activation (register + mint + six DID attributes): ours used "
            + oursTotal.used()
            + " limit "
            + oursTotal.limit()
            + "; official SDK 0.11.2 used "
            + officialTotal.used()
            + " limit "
            + officialTotal.limit());
    assertThat(oursTotal.used()).isLessThanOrEqualTo(officialTotal.used());
    // The DID write's limit is the estimate plus the measured margin, not twice the estimate.
    Gas did = ours.get("did");
    assertThat(did.limit())
        .isLessThanOrEqualTo(
            new BigDecimal(official.get("did").limit())
                .multiply(new BigDecimal("1.10"))
                .setScale(0, RoundingMode.CEILING)
                .toBigInteger()
                .add(BigInteger.valueOf(1_000)));
  }

  /** Gas used over the estimate for add and update batches of one to six attributes. */
  @Test
  void didBatchesUseAtMostTheirEstimate() {
    BigDecimal worst = BigDecimal.ZERO;
    for (int n = 1; n <= 6; n++) {
      Keypair kp = PeaqosClient.generateKeypair();
      devnet.setBalance(kp.address(), ETH);
      // Sent with a limit well above the estimate, so that gas used shows what the call needs.
      TransactionSender s = generous.sender(kp.privateKey());
      for (String kind : List.of("addAttribute", "updateAttribute")) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          attrs.put("attr" + i, kind + " value " + i + " of https://example.org/" + kind);
        }
        String data = batch(kp.address(), attrs, kind);
        BigInteger estimate =
            chain.estimateGas(kp.address(), WellKnownAddresses.BATCH_PRECOMPILE, null, data);
        TxReceipt r = s.send(TxRequest.call(WellKnownAddresses.BATCH_PRECOMPILE, data));
        assertThat(r.success()).isTrue();
        BigDecimal ratio =
            new BigDecimal(r.gasUsed()).divide(new BigDecimal(estimate), 4, RoundingMode.CEILING);
        worst = worst.max(ratio);
        System.out.println(
            "GAS DID batch, "
                + n
                + " x "
                + kind
                + ": estimate "
                + estimate
                + ", used "
                + r.gasUsed()
                + ", used/estimate "
                + ratio);
      }
    }
    System.out.println(
        "GAS DID batches: worst used/estimate "
            + worst
            + "; the DID margin is "
            + GasPolicy.defaults().didMargin());
    assertThat(worst).isLessThanOrEqualTo(GasPolicy.defaults().didMargin());
  }

  /**
   * A new key whose address has no zero byte: the address is in the mint's and the DID calls'
   * calldata, where a zero byte costs 4 gas and any other 16, so both activations get addresses of
   * the same cost.
   */
  static Keypair keyWithoutZeroBytes() {
    while (true) {
      Keypair kp = PeaqosClient.generateKeypair();
      byte[] a = Numeric.hexStringToByteArray(kp.address());
      boolean zero = false;
      for (byte b : a) {
        zero |= b == 0;
      }
      if (!zero) {
        return kp;
      }
    }
  }

  /** This SDK's activation, with a gas limit read from each signed transaction. */
  private static Map<String, Gas> ours() {
    Keypair kp = keyWithoutZeroBytes();
    devnet.setBalance(kp.address(), ETH.multiply(BigInteger.valueOf(5)));
    Map<String, BigInteger> limits = new LinkedHashMap<>();
    Map<String, BigInteger> used = new LinkedHashMap<>();
    TransactionObserver gas =
        new TransactionObserver() {
          @Override
          public void beforeBroadcast(String operation, SignedTransaction tx) {
            limits.put(operation, tx.gasLimit());
          }

          @Override
          public void afterReceipt(String operation, TxReceipt receipt) {
            used.put(operation, receipt.gasUsed());
          }
        };
    PeaqosClient c =
        PeaqosClient.builder()
            .config(base.withPrivateKey(kp.privateKey()))
            .chain(chain)
            .observer(gas)
            .build();
    BigInteger id = c.registerMachine();
    NftMint nft = c.mintNft(id, c.address());
    c.writeMachineDIDAttributes(
        MachineDidAttributes.selfManaged(
            id, nft.tokenId(), "https://example.org/docs", "https://example.org/api"));
    Map<String, Gas> out = new LinkedHashMap<>();
    out.put("register", new Gas(used.get("register"), limits.get("register")));
    out.put("mint", new Gas(used.get("mintNft"), limits.get("mintNft")));
    out.put("did", new Gas(used.get("writeDidAttributes"), limits.get("writeDidAttributes")));
    return out;
  }

  /** The same activation as the official SDK 0.11.2 sends it (its calls, its gas limits). */
  private static Map<String, Gas> official() {
    Keypair kp = keyWithoutZeroBytes();
    devnet.setBalance(kp.address(), ETH.multiply(BigInteger.valueOf(5)));
    String me = kp.address();
    TransactionSender s = bareEstimate.sender(kp.privateKey());
    ContractAddresses c = base.contracts();
    PeaqosClient reader =
        PeaqosClient.builder().config(base.withPrivateKey(kp.privateKey())).chain(chain).build();
    Map<String, Gas> out = new LinkedHashMap<>();
    out.put(
        "register",
        sent(
            s,
            TxRequest.builder()
                .to(c.identityRegistry())
                .value(reader.minBond())
                .data(Abi.encodeCall("register"))
                .build()));
    BigInteger id = reader.machineIdOf(me);
    out.put(
        "mint",
        sent(
            s,
            TxRequest.call(
                c.machineNft(), Abi.encodeCall("mint", new Uint256(id), new Address(me)))));
    BigInteger token = reader.tokenIdOf(id);
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("machineId", id.toString());
    attrs.put("nftTokenId", token.toString());
    attrs.put("operator", "");
    attrs.put("documentation_url", "https://example.org/docs");
    attrs.put("data_api", "https://example.org/api");
    attrs.put("data_visibility", "public");
    out.put(
        "did",
        sent(
            s,
            TxRequest.call(WellKnownAddresses.BATCH_PRECOMPILE, batch(me, attrs, "addAttribute"))));
    return out;
  }

  private static Gas sent(TransactionSender s, TxRequest req) {
    TxReceipt r = s.send(req);
    assertThat(r.success()).isTrue();
    BigInteger limit =
        Numeric.decodeQuantity(
            chain.request("eth_getTransactionByHash", r.transactionHash()).get("gas").asText());
    return new Gas(r.gasUsed(), limit);
  }

  private static String batch(String account, Map<String, String> attrs, String fn) {
    List<Address> to = new ArrayList<>();
    List<Uint256> values = new ArrayList<>();
    List<DynamicBytes> calls = new ArrayList<>();
    List<Uint64> gas = new ArrayList<>();
    attrs.forEach(
        (k, v) -> {
          to.add(new Address(WellKnownAddresses.DID_PRECOMPILE));
          values.add(new Uint256(0));
          gas.add(new Uint64(0));
          calls.add(
              new DynamicBytes(
                  Numeric.hexStringToByteArray(
                      Abi.encodeCall(
                          fn,
                          new Address(account),
                          new DynamicBytes(k.getBytes(StandardCharsets.UTF_8)),
                          new DynamicBytes(v.getBytes(StandardCharsets.UTF_8)),
                          new Uint32(0)))));
        });
    return Abi.encodeCall(
        "batchAll",
        new DynamicArray<>(Address.class, to),
        new DynamicArray<>(Uint256.class, values),
        new DynamicArray<>(DynamicBytes.class, calls),
        new DynamicArray<>(Uint64.class, gas));
  }
}
