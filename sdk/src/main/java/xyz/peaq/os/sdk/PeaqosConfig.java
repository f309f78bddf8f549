package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import xyz.peaq.os.foundation.DotEnv;
import xyz.peaq.os.foundation.PeaqosHome;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * Everything a {@link PeaqosClient} needs. Immutable; {@code toString()} never shows the key.
 *
 * <p>Sources, strongest first: explicit variables (process environment, then {@code ./.env}), then
 * the preset of {@code PEAQOS_NETWORK} ({@code mainnet}, {@code agung}/{@code testnet}, {@code
 * devnet}). The devnet preset reads {@code devnet.env} from {@code PEAQOS_DEVNET_DIR} (default
 * {@code ~/.peaqos/devnet}), as written by {@code peaqos devnet up}. Without {@code PEAQOS_NETWORK}
 * every variable is required except the two precompile addresses, which are fixed on peaq.
 */
public record PeaqosConfig(
    Network network,
    Long chainId,
    String rpcUrl,
    String privateKey,
    ContractAddresses contracts,
    String mcrApiUrl,
    String gasStationUrl,
    OperationalLimits operationalLimits,
    Path devnetDir) {

  public static final String PEAQOS_NETWORK = "PEAQOS_NETWORK";
  public static final String PEAQOS_RPC_URL = "PEAQOS_RPC_URL";
  public static final String PEAQOS_PRIVATE_KEY = "PEAQOS_PRIVATE_KEY";
  public static final String IDENTITY_REGISTRY_ADDRESS = "IDENTITY_REGISTRY_ADDRESS";
  public static final String IDENTITY_STAKING_ADDRESS = "IDENTITY_STAKING_ADDRESS";
  public static final String EVENT_REGISTRY_ADDRESS = "EVENT_REGISTRY_ADDRESS";
  public static final String MACHINE_NFT_ADDRESS = "MACHINE_NFT_ADDRESS";
  public static final String DID_REGISTRY_ADDRESS = "DID_REGISTRY_ADDRESS";
  public static final String BATCH_PRECOMPILE_ADDRESS = "BATCH_PRECOMPILE_ADDRESS";
  public static final String PEAQOS_MCR_API_URL = "PEAQOS_MCR_API_URL";
  public static final String PEAQOS_GAS_STATION_URL = "PEAQOS_GAS_STATION_URL";

  /** Ours: the chain id to expect (the devnet's is configurable). */
  public static final String PEAQOS_CHAIN_ID = "PEAQOS_CHAIN_ID";

  public static final String PEAQOS_DEVNET_DIR = PeaqosHome.DEVNET_DIR_VARIABLE;

  /** The file {@code peaqos devnet up} writes into the devnet folder. */
  public static final String DEVNET_ENV_FILE = "devnet.env";

  public static final String PEAQOS_MAX_VALUE_PER_TX = "PEAQOS_MAX_VALUE_PER_TX";
  public static final String PEAQOS_RATE_LIMIT_MAX_EVENTS = "PEAQOS_RATE_LIMIT_MAX_EVENTS";
  public static final String PEAQOS_RATE_LIMIT_WINDOW_SECONDS = "PEAQOS_RATE_LIMIT_WINDOW_SECONDS";

  /** The MCR API default of the official SDKs (a self-hosted MCR). */
  public static final String DEFAULT_MCR_API_URL = "http://127.0.0.1:8000";

  public static final String MAINNET_RPC_URL = "https://peaq.api.onfinality.io/public";
  public static final String AGUNG_RPC_URL = "https://peaq-agung.api.onfinality.io/public";
  public static final String MAINNET_GAS_STATION_URL = "https://depinstation.peaq.xyz";
  public static final String PUBLIC_MCR_API_URL = "https://mcr.peaq.xyz";

  public PeaqosConfig {
    Objects.requireNonNull(contracts, "contracts");
    rpcUrl = requireUrl(PEAQOS_RPC_URL, rpcUrl);
    if (privateKey != null) {
      privateKey = checkKey(PEAQOS_PRIVATE_KEY, privateKey);
    }
    mcrApiUrl = mcrApiUrl == null ? DEFAULT_MCR_API_URL : requireUrl(PEAQOS_MCR_API_URL, mcrApiUrl);
    gasStationUrl =
        gasStationUrl == null ? null : requireUrl(PEAQOS_GAS_STATION_URL, gasStationUrl);
    operationalLimits = operationalLimits == null ? OperationalLimits.none() : operationalLimits;
  }

  /** The configuration from the process environment and {@code ./.env}. */
  public static PeaqosConfig fromEnv() {
    return fromEnv(EnvSource.standard());
  }

  /**
   * The configuration from {@code env}. A missing required variable throws {@code
   * ValidationException} with exactly {@code ValidationError: <NAME> is required}; a malformed key
   * or address names its variable and the expected shape.
   */
  public static PeaqosConfig fromEnv(EnvSource env) {
    Network network = env.get(PEAQOS_NETWORK).map(Network::parse).orElse(null);
    Path devnetDir = null;
    Map<String, String> preset = new HashMap<>();
    boolean devnetFileMissing = false;
    if (network == Network.DEVNET) {
      devnetDir = PeaqosHome.devnetDir(env::raw);
      devnetFileMissing = !Files.isRegularFile(devnetDir.resolve(DEVNET_ENV_FILE));
      preset.putAll(presetValues(network, devnetDir));
      preset.putIfAbsent(PEAQOS_CHAIN_ID, Long.toString(Network.DEVNET_DEFAULT_CHAIN_ID));
    } else if (network != null) {
      preset.putAll(presetValues(network));
    }
    if (network == null) {
      preset.put(DID_REGISTRY_ADDRESS, WellKnownAddresses.DID_PRECOMPILE);
      preset.put(BATCH_PRECOMPILE_ADDRESS, WellKnownAddresses.BATCH_PRECOMPILE);
    }
    Lookup in = new Lookup(env, preset, devnetFileMissing ? devnetDir : null);

    String rpcUrl = in.require(PEAQOS_RPC_URL);
    String key = in.require(PEAQOS_PRIVATE_KEY);
    ContractAddresses contracts =
        new ContractAddresses(
            in.require(IDENTITY_REGISTRY_ADDRESS),
            in.require(IDENTITY_STAKING_ADDRESS),
            in.require(EVENT_REGISTRY_ADDRESS),
            in.require(MACHINE_NFT_ADDRESS),
            in.require(DID_REGISTRY_ADDRESS),
            in.require(BATCH_PRECOMPILE_ADDRESS));
    Long chainId =
        in.get(PEAQOS_CHAIN_ID)
            .map(v -> parseLong(PEAQOS_CHAIN_ID, v))
            .orElse(network == null ? null : network.defaultChainId());
    OperationalLimits limits =
        new OperationalLimits(
            in.get(PEAQOS_MAX_VALUE_PER_TX)
                .map(v -> parseUint(PEAQOS_MAX_VALUE_PER_TX, v))
                .orElse(BigInteger.ZERO),
            in.get(PEAQOS_RATE_LIMIT_MAX_EVENTS)
                .map(v -> (int) parseLong(PEAQOS_RATE_LIMIT_MAX_EVENTS, v))
                .orElse(0),
            in.get(PEAQOS_RATE_LIMIT_WINDOW_SECONDS)
                .map(v -> parseLong(PEAQOS_RATE_LIMIT_WINDOW_SECONDS, v))
                .orElse(0L));
    return new PeaqosConfig(
        network,
        chainId,
        rpcUrl,
        key,
        contracts,
        in.get(PEAQOS_MCR_API_URL).orElse(null),
        in.get(PEAQOS_GAS_STATION_URL).orElse(null),
        limits,
        devnetDir);
  }

  /**
   * What a preset fills in, by variable name: mainnet and agung from the SDK's address book ({@link
   * #presetValues(Network)}); the devnet from {@code <devnetDir>/devnet.env} as {@code peaqos
   * devnet up} wrote it (non-blank values, never its private key; the devnet's default chain id and
   * the fixed precompiles where the file has none), empty when that file is missing. The one preset
   * rule of the SDK and the CLI.
   */
  public static Map<String, String> presetValues(Network network, Path devnetDir) {
    if (network != Network.DEVNET) {
      return presetValues(network);
    }
    Map<String, String> m = new HashMap<>();
    Path file = devnetDir.resolve(DEVNET_ENV_FILE);
    if (!Files.isRegularFile(file)) {
      return m;
    }
    DotEnv.read(file)
        .forEach(
            (k, v) -> {
              if (!v.trim().isEmpty()) {
                m.put(k, v.trim());
              }
            });
    m.remove(PEAQOS_PRIVATE_KEY);
    m.putIfAbsent(PEAQOS_CHAIN_ID, Long.toString(Network.DEVNET_DEFAULT_CHAIN_ID));
    m.putIfAbsent(DID_REGISTRY_ADDRESS, WellKnownAddresses.DID_PRECOMPILE);
    m.putIfAbsent(BATCH_PRECOMPILE_ADDRESS, WellKnownAddresses.BATCH_PRECOMPILE);
    return m;
  }

  /** What the mainnet and agung presets fill in, by variable name. */
  public static Map<String, String> presetValues(Network network) {
    Map<String, String> m = new HashMap<>();
    ContractAddresses c;
    switch (network) {
      case MAINNET -> {
        c = ContractAddresses.mainnet();
        m.put(PEAQOS_RPC_URL, MAINNET_RPC_URL);
        m.put(PEAQOS_GAS_STATION_URL, MAINNET_GAS_STATION_URL);
        m.put(PEAQOS_MCR_API_URL, PUBLIC_MCR_API_URL);
      }
      case AGUNG -> {
        c = ContractAddresses.agung();
        m.put(PEAQOS_RPC_URL, AGUNG_RPC_URL);
        m.put(PEAQOS_MCR_API_URL, PUBLIC_MCR_API_URL);
      }
      default -> throw new IllegalArgumentException("the devnet preset is read from devnet.env");
    }
    m.put(IDENTITY_REGISTRY_ADDRESS, c.identityRegistry());
    m.put(IDENTITY_STAKING_ADDRESS, c.identityStaking());
    m.put(EVENT_REGISTRY_ADDRESS, c.eventRegistry());
    m.put(MACHINE_NFT_ADDRESS, c.machineNft());
    m.put(DID_REGISTRY_ADDRESS, c.didRegistry());
    m.put(BATCH_PRECOMPILE_ADDRESS, c.batchPrecompile());
    m.put(PEAQOS_CHAIN_ID, Long.toString(network.defaultChainId()));
    return m;
  }

  /** A copy with another signer key (e.g. a machine's own key for its DID writes). */
  public PeaqosConfig withPrivateKey(String key) {
    return new PeaqosConfig(
        network,
        chainId,
        rpcUrl,
        key,
        contracts,
        mcrApiUrl,
        gasStationUrl,
        operationalLimits,
        devnetDir);
  }

  /** A copy with other operational limits. */
  public PeaqosConfig withOperationalLimits(OperationalLimits limits) {
    return new PeaqosConfig(
        network,
        chainId,
        rpcUrl,
        privateKey,
        contracts,
        mcrApiUrl,
        gasStationUrl,
        limits,
        devnetDir);
  }

  public Optional<String> gasStation() {
    return Optional.ofNullable(gasStationUrl);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "PeaqosConfig[network="
        + (network == null ? "custom" : network.id())
        + ", chainId="
        + chainId
        + ", rpcUrl="
        + rpcUrl
        + ", privateKey="
        + (privateKey == null ? "none" : "<hidden>")
        + ", contracts="
        + contracts
        + ", mcrApiUrl="
        + mcrApiUrl
        + ", gasStationUrl="
        + gasStationUrl
        + ", operationalLimits="
        + operationalLimits
        + "]";
  }

  static String checkKey(String field, String key) {
    String k = key.trim();
    if (!k.startsWith("0x") && k.length() == 64) {
      k = "0x" + k;
    }
    if (!xyz.peaq.os.sdk.internal.chain.Hex.isHexOfLength(k, 32)) {
      throw new ValidationException(
          field,
          field
              + " must be a private key: 0x followed by 64 hex characters (66 in all); got "
              + k.length()
              + " characters");
    }
    try {
      ChainClient.credentials(k);
    } catch (ValidationException e) {
      throw new ValidationException(field, field + " is not a valid secp256k1 private key");
    }
    return k.toLowerCase();
  }

  private static String requireUrl(String field, String url) {
    if (url == null || url.trim().isEmpty()) {
      throw ValidationException.required(field);
    }
    String u = url.trim();
    try {
      URI uri = URI.create(u);
      if (uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
      }
    } catch (IllegalArgumentException ignored) {
      // fall through
    }
    throw new ValidationException(
        field, field + " must be an http(s) URL such as http://127.0.0.1:8545");
  }

  private static long parseLong(String field, String v) {
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ValidationException(
          field, field + " must be a non-negative integer; got \"" + v + "\"");
    }
  }

  private static BigInteger parseUint(String field, String v) {
    try {
      BigInteger n = new BigInteger(v.trim());
      if (n.signum() < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ValidationException(
          field, field + " must be a non-negative integer; got \"" + v + "\"");
    }
  }

  private record Lookup(EnvSource env, Map<String, String> preset, Path missingDevnetDir) {
    Optional<String> get(String name) {
      Optional<String> v = env.get(name);
      return v.isPresent() ? v : Optional.ofNullable(preset.get(name));
    }

    String require(String name) {
      return get(name)
          .orElseThrow(
              () -> {
                if (missingDevnetDir != null && !PEAQOS_PRIVATE_KEY.equals(name)) {
                  return new ValidationException(
                      PEAQOS_DEVNET_DIR,
                      "ValidationError: "
                          + name
                          + " is required; the devnet preset found no "
                          + missingDevnetDir.resolve("devnet.env")
                          + " (start it with ./peaqos devnet up, or set PEAQOS_DEVNET_DIR)");
                }
                return ValidationException.required(name);
              });
    }
  }

  /** Builds a configuration in code; {@link #preset(Network)} fills what a network knows. */
  public static final class Builder {
    private Network network;
    private Long chainId;
    private String rpcUrl;
    private String privateKey;
    private String identityRegistry;
    private String identityStaking;
    private String eventRegistry;
    private String machineNft;
    private String didRegistry = WellKnownAddresses.DID_PRECOMPILE;
    private String batchPrecompile = WellKnownAddresses.BATCH_PRECOMPILE;
    private String mcrApiUrl;
    private String gasStationUrl;
    private OperationalLimits limits = OperationalLimits.none();
    private Path devnetDir;

    /** Fills rpc URL, chain id, addresses and service URLs of mainnet or agung. */
    public Builder preset(Network network) {
      Map<String, String> p = presetValues(network);
      this.network = network;
      this.chainId = network.defaultChainId();
      this.rpcUrl = p.get(PEAQOS_RPC_URL);
      this.identityRegistry = p.get(IDENTITY_REGISTRY_ADDRESS);
      this.identityStaking = p.get(IDENTITY_STAKING_ADDRESS);
      this.eventRegistry = p.get(EVENT_REGISTRY_ADDRESS);
      this.machineNft = p.get(MACHINE_NFT_ADDRESS);
      this.didRegistry = p.get(DID_REGISTRY_ADDRESS);
      this.batchPrecompile = p.get(BATCH_PRECOMPILE_ADDRESS);
      this.mcrApiUrl = p.get(PEAQOS_MCR_API_URL);
      this.gasStationUrl = p.get(PEAQOS_GAS_STATION_URL);
      return this;
    }

    /** Fills everything from {@code <dir>/devnet.env}. */
    public Builder devnet(Path dir) {
      Path file = dir.resolve(DEVNET_ENV_FILE);
      if (!Files.isRegularFile(file)) {
        throw new ValidationException(
            PEAQOS_DEVNET_DIR,
            "no devnet.env in "
                + dir.toAbsolutePath()
                + "; start the devnet with ./peaqos devnet up");
      }
      Map<String, String> p = presetValues(Network.DEVNET, dir);
      this.network = Network.DEVNET;
      this.devnetDir = dir.toAbsolutePath();
      this.chainId = parseLong(PEAQOS_CHAIN_ID, p.get(PEAQOS_CHAIN_ID));
      this.rpcUrl = p.get(PEAQOS_RPC_URL);
      this.identityRegistry = p.get(IDENTITY_REGISTRY_ADDRESS);
      this.identityStaking = p.get(IDENTITY_STAKING_ADDRESS);
      this.eventRegistry = p.get(EVENT_REGISTRY_ADDRESS);
      this.machineNft = p.get(MACHINE_NFT_ADDRESS);
      this.didRegistry = p.get(DID_REGISTRY_ADDRESS);
      this.batchPrecompile = p.get(BATCH_PRECOMPILE_ADDRESS);
      this.mcrApiUrl = p.get(PEAQOS_MCR_API_URL);
      this.gasStationUrl = p.get(PEAQOS_GAS_STATION_URL);
      return this;
    }

    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    /** The chain id the RPC must report; null skips the check. */
    public Builder chainId(Long chainId) {
      this.chainId = chainId;
      return this;
    }

    public Builder rpcUrl(String rpcUrl) {
      this.rpcUrl = rpcUrl;
      return this;
    }

    /** The signer key; leave unset for a read-only client. */
    public Builder privateKey(String privateKey) {
      this.privateKey = privateKey;
      return this;
    }

    public Builder contracts(ContractAddresses c) {
      this.identityRegistry = c.identityRegistry();
      this.identityStaking = c.identityStaking();
      this.eventRegistry = c.eventRegistry();
      this.machineNft = c.machineNft();
      this.didRegistry = c.didRegistry();
      this.batchPrecompile = c.batchPrecompile();
      return this;
    }

    public Builder identityRegistry(String a) {
      this.identityRegistry = a;
      return this;
    }

    public Builder identityStaking(String a) {
      this.identityStaking = a;
      return this;
    }

    public Builder eventRegistry(String a) {
      this.eventRegistry = a;
      return this;
    }

    public Builder machineNft(String a) {
      this.machineNft = a;
      return this;
    }

    public Builder didRegistry(String a) {
      this.didRegistry = a;
      return this;
    }

    public Builder batchPrecompile(String a) {
      this.batchPrecompile = a;
      return this;
    }

    public Builder mcrApiUrl(String url) {
      this.mcrApiUrl = url;
      return this;
    }

    public Builder gasStationUrl(String url) {
      this.gasStationUrl = url;
      return this;
    }

    public Builder operationalLimits(OperationalLimits limits) {
      this.limits = limits;
      return this;
    }

    public PeaqosConfig build() {
      require(PEAQOS_RPC_URL, rpcUrl);
      ContractAddresses c =
          new ContractAddresses(
              require(IDENTITY_REGISTRY_ADDRESS, identityRegistry),
              require(IDENTITY_STAKING_ADDRESS, identityStaking),
              require(EVENT_REGISTRY_ADDRESS, eventRegistry),
              require(MACHINE_NFT_ADDRESS, machineNft),
              require(DID_REGISTRY_ADDRESS, didRegistry),
              require(BATCH_PRECOMPILE_ADDRESS, batchPrecompile));
      return new PeaqosConfig(
          network, chainId, rpcUrl, privateKey, c, mcrApiUrl, gasStationUrl, limits, devnetDir);
    }

    private static String require(String name, String value) {
      if (value == null || value.trim().isEmpty()) {
        throw ValidationException.required(name);
      }
      return value;
    }
  }
}
