package xyz.peaq.os.cli.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.foundation.PeaqosHome;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.Network;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The network a command talks to: a preset (mainnet, agung, devnet) with explicit variables over
 * it. The devnet preset is what {@code devnet up} wrote into {@code devnet.env}.
 */
public record Target(
    String network,
    String rpcUrl,
    Long expectedChainId,
    Map<String, String> addresses,
    String gasStationUrl,
    String mcrUrl,
    Path devnetDir) {

  public static final String IDENTITY_REGISTRY = "IDENTITY_REGISTRY_ADDRESS";
  public static final String IDENTITY_STAKING = "IDENTITY_STAKING_ADDRESS";
  public static final String EVENT_REGISTRY = "EVENT_REGISTRY_ADDRESS";
  public static final String MACHINE_NFT = "MACHINE_NFT_ADDRESS";
  public static final String DID_REGISTRY = "DID_REGISTRY_ADDRESS";
  public static final String BATCH_PRECOMPILE = "BATCH_PRECOMPILE_ADDRESS";
  public static final String[] ADDRESS_VARS = {
    IDENTITY_REGISTRY, IDENTITY_STAKING, EVENT_REGISTRY, MACHINE_NFT, DID_REGISTRY, BATCH_PRECOMPILE
  };
  public static final String DEFAULT_MCR_URL = "http://127.0.0.1:8000";

  public boolean devnet() {
    return "devnet".equals(network);
  }

  public String address(String var) {
    String a = addresses.get(var);
    if (a == null || a.isBlank()) {
      throw ValidationException.required(var);
    }
    return a;
  }

  public Optional<String> gasStation() {
    return Optional.ofNullable(gasStationUrl).filter(s -> !s.isBlank());
  }

  /**
   * Canonical network name for a flag or {@code PEAQOS_NETWORK} value (the SDK's {@link
   * Network#parse} names).
   */
  public static String canonical(String value) {
    try {
      return Network.parse(value).id();
    } catch (ValidationException e) {
      throw CliException.input(
          "Unknown network \"" + value + "\": use mainnet, agung (or testnet) or devnet");
    }
  }

  /** The network from the flag, else {@code PEAQOS_NETWORK}; empty when neither is set. */
  public static Optional<String> networkOf(CliEnv env, String flag) {
    if (flag != null && !flag.isBlank()) {
      return Optional.of(canonical(flag));
    }
    return env.get("PEAQOS_NETWORK").map(Target::canonical);
  }

  /**
   * The {@code --devnet-dir} flag, else the foundation's rule ({@code PEAQOS_DEVNET_DIR}, else
   * {@code $HOME/.peaqos/devnet}).
   */
  public static Path devnetDir(CliEnv env, Path flag) {
    if (flag != null) {
      return flag.toAbsolutePath().normalize();
    }
    return PeaqosHome.devnetDir(env::orNull);
  }

  /**
   * Builds the target. {@code network} empty means "no preset": everything comes from variables
   * (and a missing one is the SDK's {@code ValidationError: <NAME> is required}).
   */
  public static Target resolve(CliEnv env, Optional<String> network, Path devnetDirFlag) {
    Map<String, String> preset = new LinkedHashMap<>();
    Long chainId = null;
    Path devDir = null;
    String net = network.orElse("custom");
    switch (net) {
      case "mainnet", "agung" -> {
        // The SDK's address book for the public networks.
        Network n = net.equals("mainnet") ? Network.MAINNET : Network.AGUNG;
        preset.putAll(PeaqosConfig.presetValues(n));
        chainId = n.defaultChainId();
      }
      case "devnet" -> {
        devDir = devnetDir(env, devnetDirFlag);
        // The SDK's devnet preset: what devnet up wrote (empty when the devnet was never started).
        preset.putAll(PeaqosConfig.presetValues(Network.DEVNET, devDir));
        String id = preset.get(PeaqosConfig.PEAQOS_CHAIN_ID);
        chainId = id == null ? null : Long.parseLong(id.trim());
      }
      default -> {}
    }
    if (!net.equals("custom")) {
      preset.putIfAbsent(DID_REGISTRY, WellKnownAddresses.DID_PRECOMPILE);
      preset.putIfAbsent(BATCH_PRECOMPILE, WellKnownAddresses.BATCH_PRECOMPILE);
    }
    Map<String, String> merged = new LinkedHashMap<>(preset);
    // Explicit variables win over the preset; on the devnet the freshly written devnet.env wins
    // for what it alone knows (a stale .env must not point at an old devnet's port).
    for (String k :
        new String[] {
          "PEAQOS_RPC_URL",
          "PEAQOS_MCR_API_URL",
          "PEAQOS_GAS_STATION_URL",
          IDENTITY_REGISTRY,
          IDENTITY_STAKING,
          EVENT_REGISTRY,
          MACHINE_NFT,
          DID_REGISTRY,
          BATCH_PRECOMPILE
        }) {
      Optional<String> v = env.get(k);
      if (v.isPresent() && !(net.equals("devnet") && preset.containsKey(k))) {
        merged.put(k, v.get());
      }
    }
    Map<String, String> addresses = new LinkedHashMap<>();
    for (String k : ADDRESS_VARS) {
      if (merged.get(k) != null) {
        addresses.put(k, merged.get(k));
      }
    }
    String mcr =
        Optional.ofNullable(merged.get("PEAQOS_MCR_API_URL"))
            .filter(s -> !s.isBlank())
            .orElse(DEFAULT_MCR_URL);
    return new Target(
        net,
        merged.get("PEAQOS_RPC_URL"),
        chainId,
        Map.copyOf(addresses),
        merged.get("PEAQOS_GAS_STATION_URL"),
        mcr,
        devDir);
  }

  public String rpc() {
    if (rpcUrl == null || rpcUrl.isBlank()) {
      throw ValidationException.required("PEAQOS_RPC_URL");
    }
    return rpcUrl;
  }
}
