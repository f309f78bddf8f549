package xyz.peaq.os.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract artifacts compiled during the build (contracts/build/compile.mjs), read from the
 * classpath.
 */
public final class ContractArtifacts {
  public static final String IDENTITY_REGISTRY = "IdentityRegistry";
  public static final String IDENTITY_STAKING = "IdentityStaking";
  public static final String MACHINE_NFT = "MachineNFT";
  public static final String EVENT_REGISTRY = "EventRegistry";
  public static final String DID_PRECOMPILE = "DidPrecompileEmulation";
  public static final String BATCH_PRECOMPILE = "BatchPrecompileEmulation";

  /** Where the DID emulation keeps its attributes on a devnet that forks an origin. */
  public static final String DID_STORE = "DidAttributeStore";

  /** The ERC-1967 proxy the four UUPS contracts are deployed behind. */
  public static final String PROXY = "DevnetProxy";

  /** Every artifact the 1.0 part of a devnet deployment needs. */
  public static final List<String> NAMES =
      List.of(
          IDENTITY_REGISTRY,
          IDENTITY_STAKING,
          MACHINE_NFT,
          EVENT_REGISTRY,
          DID_PRECOMPILE,
          DID_STORE,
          BATCH_PRECOMPILE,
          PROXY);

  // Economics 2.0 (deployed beside 1.0 on the same devnet).
  public static final String INFO_DESK = "InfoDesk";
  public static final String MACHINE_REGISTRY = "MachineRegistry";
  public static final String MACHINE_STATE_AND_SYNC = "MachineStateAndSync";
  public static final String MACHINE_SUBSCRIPTION = "MachineSubscription";
  public static final String CROSS_CHAIN_MIRROR = "CrossChainMirror";

  /**
   * The 2.0 EventRegistry (the official ABI's "EventRegistry"; renamed to keep the 1.0 artifact).
   */
  public static final String EVENT_REGISTRY_V2 = "EventRegistryV2";

  public static final String PRICE_ORACLE = "PriceOracle";
  public static final String MACHINE_BRIDGE_ADAPTER = "MachineBridgeAdapter";
  public static final String PROVISION_POOL = "SubscriptionTokenProvisionPool";

  /** The devnet's test USDT (6 decimals) that the provision pool converts into PEAQ bonds. */
  public static final String TEST_USDT = "TestUsdt";

  /** The native-balance ERC-20 emulation installed at 0x…0809. */
  public static final String NATIVE_TOKEN = "NativeTokenEmulation";

  /** The EIP-7702 delegate that lets 0x…0809 move a funded account's native balance. */
  public static final String NATIVE_PULL = "NativeBalancePull";

  /** Every artifact the Economics 2.0 part of a devnet deployment needs. */
  public static final List<String> ECON2_NAMES =
      List.of(
          INFO_DESK,
          MACHINE_REGISTRY,
          MACHINE_STATE_AND_SYNC,
          MACHINE_SUBSCRIPTION,
          CROSS_CHAIN_MIRROR,
          EVENT_REGISTRY_V2,
          PRICE_ORACLE,
          MACHINE_BRIDGE_ADAPTER,
          PROVISION_POOL,
          TEST_USDT,
          NATIVE_TOKEN,
          NATIVE_PULL);

  private static final String ROOT = "/xyz/peaq/os/contracts/artifacts/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConcurrentHashMap<String, ContractArtifact> CACHE =
      new ConcurrentHashMap<>();

  private ContractArtifacts() {}

  /**
   * The artifact of one contract.
   *
   * @throws IllegalArgumentException when no artifact of that name was compiled
   */
  public static ContractArtifact load(String name) {
    return CACHE.computeIfAbsent(name, ContractArtifacts::read);
  }

  public static ContractArtifact identityRegistry() {
    return load(IDENTITY_REGISTRY);
  }

  public static ContractArtifact identityStaking() {
    return load(IDENTITY_STAKING);
  }

  public static ContractArtifact machineNft() {
    return load(MACHINE_NFT);
  }

  public static ContractArtifact eventRegistry() {
    return load(EVENT_REGISTRY);
  }

  public static ContractArtifact didPrecompile() {
    return load(DID_PRECOMPILE);
  }

  public static ContractArtifact batchPrecompile() {
    return load(BATCH_PRECOMPILE);
  }

  public static ContractArtifact proxy() {
    return load(PROXY);
  }

  private static ContractArtifact read(String name) {
    String resource = ROOT + name + ".json";
    try (InputStream in = ContractArtifacts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no contract artifact '"
                + name
                + "' on the classpath ("
                + resource
                + "); known: "
                + NAMES
                + " and "
                + ECON2_NAMES
                + ". Build the contracts module (mvn -pl contracts generate-resources).");
      }
      JsonNode node = JSON.readTree(in);
      return new ContractArtifact(
          node.path("contractName").asText(name),
          JSON.writeValueAsString(node.path("abi")),
          node.path("bytecode").asText(),
          node.path("deployedBytecode").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract artifact " + resource, e);
    }
  }
}
