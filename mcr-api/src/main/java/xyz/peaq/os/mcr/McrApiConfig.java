package xyz.peaq.os.mcr;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import xyz.peaq.os.foundation.WellKnownAddresses;

/**
 * Configuration of the MCR API service. Build it with {@link #builder()} or read it from the
 * environment with {@link #fromEnv(Map)}. Without an IdentityRegistry address the service runs in
 * "test mode": it answers {@code /health}, {@code /ready} with 503 and every data endpoint with 503
 * "Service not initialised", and it indexes nothing.
 */
public record McrApiConfig(
    String host,
    int port,
    String rpcUrl,
    String identityRegistry,
    String identityStaking,
    String eventRegistry,
    String machineNft,
    String didRegistry,
    String adminFlags,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    int confirmations,
    Duration pollInterval,
    long startBlock,
    int maxBlockRange,
    int rateLimitRequests,
    Duration rateLimitWindow,
    Duration partnerDataTimeout,
    Econ2Addresses econ2) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8000;
  public static final String DEFAULT_DID_REGISTRY = WellKnownAddresses.DID_PRECOMPILE;

  public McrApiConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 = ephemeral), got " + port);
    }
    if (confirmations < 0) {
      throw new IllegalArgumentException("confirmations must be >= 0, got " + confirmations);
    }
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
    }
    if (maxBlockRange < 1) {
      throw new IllegalArgumentException("maxBlockRange must be >= 1, got " + maxBlockRange);
    }
    if (rateLimitRequests < 1) {
      throw new IllegalArgumentException(
          "rateLimitRequests must be >= 1, got " + rateLimitRequests);
    }
    Objects.requireNonNull(rateLimitWindow, "rateLimitWindow");
    if (rateLimitWindow.isNegative() || rateLimitWindow.isZero()) {
      throw new IllegalArgumentException(
          "rateLimitWindow must be positive, got " + rateLimitWindow);
    }
    if (startBlock < 0) {
      throw new IllegalArgumentException("startBlock must be >= 0, got " + startBlock);
    }
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(partnerDataTimeout, "partnerDataTimeout");
    identityRegistry = blankToNull(identityRegistry);
    identityStaking = blankToNull(identityStaking);
    eventRegistry = blankToNull(eventRegistry);
    machineNft = blankToNull(machineNft);
    didRegistry = blankToNull(didRegistry);
    adminFlags = blankToNull(adminFlags);
    rpcUrl = blankToNull(rpcUrl);
    if (identityRegistry != null) {
      requireAddress("IDENTITY_REGISTRY_ADDRESS", identityRegistry);
      requireAddress("IDENTITY_STAKING_ADDRESS", identityStaking);
      requireAddress("EVENT_REGISTRY_ADDRESS", eventRegistry);
      requireAddress("MACHINE_NFT_ADDRESS", machineNft);
      requireAddress("DID_REGISTRY_ADDRESS", didRegistry);
      if (rpcUrl == null) {
        throw new IllegalArgumentException(
            "PEAQOS_RPC_URL is required when IDENTITY_REGISTRY_ADDRESS is set (e.g. http://127.0.0.1:8545)");
      }
    }
    if (adminFlags != null) {
      requireAddress("ADMIN_FLAGS_ADDRESS", adminFlags);
    }
  }

  /**
   * True when no IdentityRegistry address is configured: nothing is indexed, /ready answers 503.
   */
  public boolean testMode() {
    return identityRegistry == null;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .rpcUrl(rpcUrl)
        .identityRegistry(identityRegistry)
        .identityStaking(identityStaking)
        .eventRegistry(eventRegistry)
        .machineNft(machineNft)
        .didRegistry(didRegistry)
        .adminFlags(adminFlags)
        .jdbcUrl(jdbcUrl)
        .jdbcUser(jdbcUser)
        .jdbcPassword(jdbcPassword)
        .confirmations(confirmations)
        .pollInterval(pollInterval)
        .startBlock(startBlock)
        .maxBlockRange(maxBlockRange)
        .rateLimit(rateLimitRequests, rateLimitWindow)
        .partnerDataTimeout(partnerDataTimeout)
        .econ2(econ2);
  }

  /**
   * Reads the variables documented in the module README: the SDK's names for the RPC and the
   * contracts ({@code PEAQOS_RPC_URL}, {@code IDENTITY_REGISTRY_ADDRESS}, ...) and {@code MCR_*}
   * for the service's own settings.
   */
  public static McrApiConfig fromEnv(Map<String, String> env) {
    Builder b = builder();
    String v;
    if ((v = env.get("MCR_HOST")) != null && !v.isBlank()) b.host(v.trim());
    if ((v = env.get("MCR_PORT")) != null && !v.isBlank()) b.port(intVar("MCR_PORT", v));
    b.rpcUrl(env.get("PEAQOS_RPC_URL"));
    b.identityRegistry(env.get("IDENTITY_REGISTRY_ADDRESS"));
    b.identityStaking(env.get("IDENTITY_STAKING_ADDRESS"));
    b.eventRegistry(env.get("EVENT_REGISTRY_ADDRESS"));
    b.machineNft(env.get("MACHINE_NFT_ADDRESS"));
    if ((v = env.get("DID_REGISTRY_ADDRESS")) != null && !v.isBlank()) b.didRegistry(v.trim());
    b.adminFlags(env.get("ADMIN_FLAGS_ADDRESS"));
    if ((v = env.get("MCR_DATABASE_URL")) != null && !v.isBlank()) b.jdbcUrl(v.trim());
    b.jdbcUser(env.get("MCR_DATABASE_USER"));
    b.jdbcPassword(env.get("MCR_DATABASE_PASSWORD"));
    if ((v = env.get("MCR_CONFIRMATIONS")) != null && !v.isBlank())
      b.confirmations(intVar("MCR_CONFIRMATIONS", v));
    if ((v = env.get("MCR_POLL_INTERVAL_MS")) != null && !v.isBlank()) {
      b.pollInterval(Duration.ofMillis(intVar("MCR_POLL_INTERVAL_MS", v)));
    }
    if ((v = env.get("MCR_START_BLOCK")) != null && !v.isBlank())
      b.startBlock(intVar("MCR_START_BLOCK", v));
    if ((v = env.get("MCR_MAX_BLOCK_RANGE")) != null && !v.isBlank())
      b.maxBlockRange(intVar("MCR_MAX_BLOCK_RANGE", v));
    int requests = b.rateLimitRequests;
    Duration window = b.rateLimitWindow;
    if ((v = env.get("MCR_RATE_LIMIT_PER_MINUTE")) != null && !v.isBlank()) {
      requests = intVar("MCR_RATE_LIMIT_PER_MINUTE", v);
      window = Duration.ofMinutes(1);
    }
    b.rateLimit(requests, window);
    b.econ2(Econ2Addresses.fromEnv(env));
    return b.build();
  }

  private static int intVar(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void requireAddress(String name, String value) {
    if (value == null || !value.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          name
              + " must be a 0x-prefixed 20-byte hex address, got "
              + (value == null ? "nothing" : "'" + value + "'"));
    }
  }

  /** Builder with the defaults of the module README. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String rpcUrl;
    private String identityRegistry;
    private String identityStaking;
    private String eventRegistry;
    private String machineNft;
    private String didRegistry = DEFAULT_DID_REGISTRY;
    private String adminFlags;
    private String jdbcUrl = "jdbc:sqlite:mcr-api.db";
    private String jdbcUser;
    private String jdbcPassword;
    private int confirmations = 0;
    private Duration pollInterval = Duration.ofMillis(200);
    private long startBlock = 0;
    private int maxBlockRange = 2000;
    private int rateLimitRequests = 90;
    private Duration rateLimitWindow = Duration.ofMinutes(1);
    private Duration partnerDataTimeout = Duration.ofSeconds(3);
    private Econ2Addresses econ2;

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder rpcUrl(String rpcUrl) {
      this.rpcUrl = rpcUrl;
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

    public Builder adminFlags(String a) {
      this.adminFlags = a;
      return this;
    }

    /**
     * {@code jdbc:sqlite:<file>} (default {@code jdbc:sqlite:mcr-api.db}) or {@code
     * jdbc:postgresql://...}.
     */
    public Builder jdbcUrl(String url) {
      this.jdbcUrl = url;
      return this;
    }

    /** SQLite database file; shorthand for {@code jdbcUrl("jdbc:sqlite:" + file)}. */
    public Builder databaseFile(Path file) {
      this.jdbcUrl = "jdbc:sqlite:" + file.toAbsolutePath();
      return this;
    }

    public Builder jdbcUser(String u) {
      this.jdbcUser = u;
      return this;
    }

    public Builder jdbcPassword(String p) {
      this.jdbcPassword = p;
      return this;
    }

    public Builder confirmations(int n) {
      this.confirmations = n;
      return this;
    }

    public Builder pollInterval(Duration d) {
      this.pollInterval = d;
      return this;
    }

    public Builder startBlock(long b) {
      this.startBlock = b;
      return this;
    }

    public Builder maxBlockRange(int n) {
      this.maxBlockRange = n;
      return this;
    }

    public Builder rateLimit(int requests, Duration window) {
      this.rateLimitRequests = requests;
      this.rateLimitWindow = window;
      return this;
    }

    public Builder partnerDataTimeout(Duration d) {
      this.partnerDataTimeout = d;
      return this;
    }

    /** The Economics 2.0 contracts to index beside the 1.0 set; null (default) = 1.0 only. */
    public Builder econ2(Econ2Addresses e) {
      this.econ2 = e;
      return this;
    }

    public McrApiConfig build() {
      return new McrApiConfig(
          host,
          port,
          rpcUrl,
          identityRegistry,
          identityStaking,
          eventRegistry,
          machineNft,
          didRegistry,
          adminFlags,
          jdbcUrl,
          jdbcUser,
          jdbcPassword,
          confirmations,
          pollInterval,
          startBlock,
          maxBlockRange,
          rateLimitRequests,
          rateLimitWindow,
          partnerDataTimeout,
          econ2);
    }
  }

  @Override
  public String toString() {
    // The JDBC password never appears in logs.
    return "McrApiConfig[host="
        + host
        + ", port="
        + port
        + ", rpcUrl="
        + rpcUrl
        + ", identityRegistry="
        + identityRegistry
        + ", jdbcUrl="
        + jdbcUrl
        + ", confirmations="
        + confirmations
        + ", pollInterval="
        + pollInterval
        + ", rateLimit="
        + rateLimitRequests
        + "/"
        + rateLimitWindow
        + "]";
  }
}
