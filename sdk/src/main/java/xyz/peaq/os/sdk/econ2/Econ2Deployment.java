package xyz.peaq.os.sdk.econ2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import xyz.peaq.os.foundation.DotEnv;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * One Economics 2.0 deployment: its chain id and the seven contracts the official SDK's record
 * names (InfoDesk and the six peers it registers), the 2.0 EventRegistry and the MCR API (none on
 * agung). The public records are the official SDK 0.12.1's ({@code peaq-mainnet}, {@code
 * agung-2026-08-28}); {@code devnet} is read from the devnet's {@code devnet.env}. A record is
 * closed: a new network needs a new record, never an address override.
 */
public record Econ2Deployment(
    String deploymentId,
    String network,
    long chainId,
    String infoDesk,
    String machineRegistry,
    String machineStateAndSync,
    String machineSubscription,
    String crossChainMirror,
    String machineBridgeAdapter,
    String subscriptionTokenProvisionPool,
    String eventRegistry,
    String mcrApiUrl) {

  public static final String PEAQ_MAINNET = "peaq-mainnet";
  public static final String AGUNG = "agung-2026-08-28";
  public static final String DEVNET = "devnet";

  public Econ2Deployment {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(infoDesk, "infoDesk");
    Objects.requireNonNull(machineRegistry, "machineRegistry");
    Objects.requireNonNull(machineStateAndSync, "machineStateAndSync");
    Objects.requireNonNull(machineSubscription, "machineSubscription");
    Objects.requireNonNull(crossChainMirror, "crossChainMirror");
    Objects.requireNonNull(machineBridgeAdapter, "machineBridgeAdapter");
    Objects.requireNonNull(subscriptionTokenProvisionPool, "subscriptionTokenProvisionPool");
  }

  /** peaq mainnet (chain 3338), as recorded in the official SDK 0.12.1. */
  public static Econ2Deployment peaqMainnet() {
    return new Econ2Deployment(
        PEAQ_MAINNET,
        "peaq",
        3338,
        "0x6C7426ada37212D94477Ac4CFcA43A38177D6A82",
        "0x64b93Cc29b251fAFa83BD110cDB1C24207f85536",
        "0xcD1917FB2a56459AcA34FDD118e08776dE0890f2",
        "0x9e37AD189c334C92e6B8a812Ca4c02f35Ac43895",
        "0x71DCB313977d6884212395505f081a2991Bfe8E5",
        "0x791087c35484b567c53f392a624d2e4BaDcC53DF",
        "0x7088Cf400081428a41a4287B75AC633071c0e92A",
        "0xA1e7F1d7B24dAb55Dc92491e6d9B89F6E925Ad1e",
        "https://mcr.peaq.xyz");
  }

  /** agung (chain 9990), record of 2026-08-28: no EventRegistry and no MCR API in the record. */
  public static Econ2Deployment agung() {
    return new Econ2Deployment(
        AGUNG,
        "agung",
        9990,
        "0x72b66AF120c55371cA6e5Ce38D4e10dF1bA30Bb1",
        "0x538da35489B1F0035799a8351E67835ae4ABb377",
        "0xA7D33726232aae30622643a18047f0Ca3e159da9",
        "0xaDCc5dD8CD57E3198B881c3388F25D2fD69B5aDc",
        "0xd5F8d5944c5d488B1cD698D642FC8156a8CD0c0c",
        "0x0406e7bE522AEa626aee54f6258D415215e59F76",
        "0x8A3692Ad0AcF79BB89413514Af9957d95032e19B",
        null,
        null);
  }

  /**
   * The record of {@code deploymentId}; {@code devnet} is read from {@code <devnetDir>/devnet.env}.
   *
   * @throws Econ2Exception {@code DEPLOYMENT_UNKNOWN} for an id with no record, {@code
   *     DEPLOYMENT_UNAVAILABLE} for a devnet folder without a 2.0 deployment
   */
  public static Econ2Deployment resolve(String deploymentId, Path devnetDir) {
    String id = deploymentId == null ? "" : deploymentId.strip();
    switch (id) {
      case PEAQ_MAINNET:
        return peaqMainnet();
      case AGUNG:
        return agung();
      case DEVNET:
        if (devnetDir == null) {
          throw new Econ2Exception(
              "DEPLOYMENT_UNAVAILABLE",
              "the devnet deployment is read from devnet.env, but no devnet folder was given");
        }
        return fromDevnetEnv(devnetDir.resolve("devnet.env"));
      default:
        throw new Econ2Exception(
            "DEPLOYMENT_UNKNOWN",
            "Unknown deployment id \""
                + id
                + "\". Known deployments: "
                + PEAQ_MAINNET
                + ", "
                + AGUNG
                + ", "
                + DEVNET
                + " (set PEAQOS_DEPLOYMENT_ID to one of them)");
    }
  }

  /**
   * The devnet's record from its {@code devnet.env} ({@code PEAQOS_DEPLOYMENT_ID=devnet} and the
   * 2.0 addresses that {@code peaqos devnet up} writes).
   */
  public static Econ2Deployment fromDevnetEnv(Path envFile) {
    if (!Files.isRegularFile(envFile)) {
      throw new Econ2Exception(
          "DEPLOYMENT_UNAVAILABLE",
          "no "
              + envFile
              + ": start the devnet first (peaqos devnet up) so that it records its 2.0 contracts");
    }
    Map<String, String> env = new LinkedHashMap<>(DotEnv.read(envFile));
    if (!DEVNET.equals(env.getOrDefault("PEAQOS_DEPLOYMENT_ID", "").strip())) {
      throw new Econ2Exception(
          "DEPLOYMENT_UNAVAILABLE",
          envFile
              + " has no Economics 2.0 deployment (PEAQOS_DEPLOYMENT_ID=devnet is missing):"
              + " restart the devnet with this version so that it deploys the 2.0 set");
    }
    String chain = need(env, "PEAQOS_CHAIN_ID", envFile);
    return new Econ2Deployment(
        DEVNET,
        "peaq",
        Long.parseLong(chain.strip()),
        need(env, "INFO_DESK_ADDRESS", envFile),
        need(env, "MACHINE_REGISTRY_ADDRESS", envFile),
        need(env, "MACHINE_STATE_AND_SYNC_ADDRESS", envFile),
        need(env, "MACHINE_SUBSCRIPTION_ADDRESS", envFile),
        need(env, "CROSS_CHAIN_MIRROR_ADDRESS", envFile),
        need(env, "MACHINE_BRIDGE_ADAPTER_ADDRESS", envFile),
        need(env, "SUBSCRIPTION_TOKEN_PROVISION_POOL_ADDRESS", envFile),
        Optional.ofNullable(env.get("EVENT_REGISTRY_V2_ADDRESS"))
            .filter(s -> !s.isBlank())
            .orElse(null),
        Optional.ofNullable(env.get("PEAQOS_MCR_API_URL")).filter(s -> !s.isBlank()).orElse(null));
  }

  private static String need(Map<String, String> env, String name, Path file) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new ValidationException(
          name, "ValidationError: " + name + " is missing from " + file + "; restart the devnet");
    }
    return v.strip();
  }

  /** The six peers the preflight checks against {@code InfoDesk.peer(keccak256(role))}, by role. */
  public Map<String, String> peers() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("MACHINE_REGISTRY", machineRegistry);
    m.put("MACHINE_STATE_AND_SYNC", machineStateAndSync);
    m.put("MACHINE_SUBSCRIPTION", machineSubscription);
    m.put("CROSS_CHAIN_MIRROR", crossChainMirror);
    m.put("MACHINE_BRIDGE_ADAPTER", machineBridgeAdapter);
    m.put("SUBSCRIPTION_TOKEN_PROVISION_POOL", subscriptionTokenProvisionPool);
    return m;
  }

  /** The seven record addresses that must hold code, by role (InfoDesk first). */
  public Map<String, String> contracts() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("INFO_DESK", infoDesk);
    m.putAll(peers());
    return m;
  }

  public Optional<String> eventRegistryAddress() {
    return Optional.ofNullable(eventRegistry);
  }

  public Optional<String> mcrApi() {
    return Optional.ofNullable(mcrApiUrl);
  }
}
