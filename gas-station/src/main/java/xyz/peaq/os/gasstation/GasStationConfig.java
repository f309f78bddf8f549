package xyz.peaq.os.gasstation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import xyz.peaq.os.foundation.PeaqosHome;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Everything the Gas Station needs, from a {@link #builder()} or the environment ({@link
 * #fromEnv()}; the variables are listed in the module README). {@code toString()} never shows the
 * faucet key, the encryption key or the database password.
 */
public final class GasStationConfig {
  public static final BigInteger PEAQ = BigInteger.TEN.pow(18);

  /** 2 PEAQ: the devnet machine pays its 1 PEAQ bond and its gas from it. */
  public static final BigInteger DEFAULT_FUND_AMOUNT = PEAQ.multiply(BigInteger.TWO);

  /** 0.5 PEAQ: the official CLI's threshold for "needs funding". */
  public static final BigInteger DEFAULT_MIN_GAS_BALANCE = PEAQ.divide(BigInteger.TWO);

  public static final BigInteger DEFAULT_OWNER_DAILY_CAP = PEAQ.multiply(BigInteger.valueOf(10));
  public static final BigInteger DEFAULT_WALLET_DAILY_CAP = PEAQ.multiply(BigInteger.valueOf(4));
  public static final int DEFAULT_RATE_LIMIT = 5;
  public static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(1);
  public static final int DEFAULT_LOCKOUT_THRESHOLD = 5;
  public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(15);
  public static final Duration DEFAULT_QR_TTL = Duration.ofSeconds(120);
  public static final String DEFAULT_ISSUER = "peaqOS Gas Station";
  public static final int DEFAULT_PORT = 8090;

  /** 200 PEAQ: everything the station pays in one UTC day, over all owners and clients. */
  public static final BigInteger DEFAULT_DAILY_BUDGET = PEAQ.multiply(BigInteger.valueOf(200));

  /**
   * 20 PEAQ: what one client address may obtain in one UTC day, whatever the number of owners it
   * uses.
   */
  public static final BigInteger DEFAULT_CLIENT_DAILY_CAP = PEAQ.multiply(BigInteger.valueOf(20));

  /** Requests (setup, confirm, fund) per client address per window; an activation takes 3. */
  public static final int DEFAULT_CLIENT_RATE_LIMIT = 30;

  public static final Duration DEFAULT_CLIENT_RATE_WINDOW = Duration.ofMinutes(1);

  /** Bad codes per owner per window from client addresses that never presented a good one. */
  public static final int DEFAULT_BAD_CODE_BUDGET = 10;

  public static final Duration DEFAULT_BAD_CODE_WINDOW = Duration.ofHours(1);
  public static final Duration DEFAULT_MAX_LOCKOUT = Duration.ofHours(24);
  public static final Duration DEFAULT_PENDING_OWNER_TTL = Duration.ofHours(24);
  public static final int DEFAULT_MAX_CONNECTIONS = 200;

  final String host;
  final int port;
  final String publicUrl;
  final String rpcUrl;
  final Long expectedChainId;
  final String faucetPrivateKey;
  final Set<String> chainNames;
  final String jdbcUrl;
  final String dbUser;
  final String dbPassword;
  final Path dataDir;
  final byte[] encryptionKey;
  final BigInteger fundAmount;
  final BigInteger minGasBalance;
  final BigInteger ownerDailyCap;
  final BigInteger walletDailyCap;
  final int rateLimit;
  final Duration rateWindow;
  final int lockoutThreshold;
  final Duration lockoutDuration;
  final Duration qrTtl;
  final String issuer;
  final Duration receiptTimeout;
  final Duration reconcileInterval;
  final Duration claimLease;
  final int maxBodyBytes;
  final Clock clock;
  final BigInteger dailyBudget;
  final BigInteger clientDailyCap;
  final int clientRateLimit;
  final Duration clientRateWindow;
  final String clientAddressHeader;
  final int badCodeBudget;
  final Duration badCodeWindow;
  final Duration maxLockout;
  final Duration pendingOwnerTtl;
  final int maxConnections;
  final Duration idleTimeout;
  final Duration bodyTimeout;

  private GasStationConfig(Builder b) {
    host = b.host;
    port = b.port;
    publicUrl = b.publicUrl;
    rpcUrl = b.rpcUrl;
    expectedChainId = b.expectedChainId;
    faucetPrivateKey = b.faucetPrivateKey;
    chainNames = Set.copyOf(b.chainNames);
    dataDir = b.dataDir;
    jdbcUrl = b.jdbcUrl != null ? b.jdbcUrl : "jdbc:sqlite:" + b.dataDir.resolve("gas-station.db");
    dbUser = b.dbUser;
    dbPassword = b.dbPassword;
    encryptionKey = b.encryptionKey;
    fundAmount = b.fundAmount;
    minGasBalance = b.minGasBalance;
    ownerDailyCap = b.ownerDailyCap;
    walletDailyCap = b.walletDailyCap;
    rateLimit = b.rateLimit;
    rateWindow = b.rateWindow;
    lockoutThreshold = b.lockoutThreshold;
    lockoutDuration = b.lockoutDuration;
    qrTtl = b.qrTtl;
    issuer = b.issuer;
    receiptTimeout = b.receiptTimeout;
    reconcileInterval = b.reconcileInterval;
    claimLease = b.claimLease;
    maxBodyBytes = b.maxBodyBytes;
    clock = b.clock;
    dailyBudget = b.dailyBudget;
    clientDailyCap = b.clientDailyCap;
    clientRateLimit = b.clientRateLimit;
    clientRateWindow = b.clientRateWindow;
    clientAddressHeader = b.clientAddressHeader;
    badCodeBudget = b.badCodeBudget;
    badCodeWindow = b.badCodeWindow;
    maxLockout = b.maxLockout;
    pendingOwnerTtl = b.pendingOwnerTtl;
    maxConnections = b.maxConnections;
    idleTimeout = b.idleTimeout;
    bodyTimeout = b.bodyTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** From the process environment. */
  public static GasStationConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /** From {@code env} (variable name → value); see the module README for the names. */
  public static GasStationConfig fromEnv(Map<String, String> env) {
    Builder b = builder().port(DEFAULT_PORT);
    String v;
    if ((v = get(env, "PEAQOS_GAS_STATION_HOST")) != null) {
      b.host(v);
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_PORT")) != null) {
      b.port(parseInt("PEAQOS_GAS_STATION_PORT", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_PUBLIC_URL")) != null) {
      b.publicUrl(v);
    }
    b.rpcUrl(get(env, "PEAQOS_RPC_URL"));
    if ((v = get(env, "PEAQOS_GAS_STATION_EVM_CHAIN_ID")) != null) {
      b.expectedChainId(Long.parseLong(v));
    }
    b.faucetPrivateKey(get(env, "PEAQOS_GAS_STATION_FAUCET_KEY"));
    if ((v = get(env, "PEAQOS_GAS_STATION_CHAINS")) != null) {
      b.chainNames(Set.of(v.split("\\s*,\\s*")));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_DATA_DIR")) != null) {
      b.dataDir(Path.of(v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_DB_URL")) != null) {
      b.jdbcUrl(v);
    }
    b.dbUser(get(env, "PEAQOS_GAS_STATION_DB_USER"));
    b.dbPassword(get(env, "PEAQOS_GAS_STATION_DB_PASSWORD"));
    if ((v = get(env, "PEAQOS_GAS_STATION_ENCRYPTION_KEY")) != null) {
      b.encryptionKeyBase64(v);
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_FUND_AMOUNT")) != null) {
      b.fundAmount(parseAmount("PEAQOS_GAS_STATION_FUND_AMOUNT", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_MIN_GAS_BALANCE")) != null) {
      b.minGasBalance(parseAmount("PEAQOS_GAS_STATION_MIN_GAS_BALANCE", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_OWNER_DAILY_CAP")) != null) {
      b.ownerDailyCap(parseAmount("PEAQOS_GAS_STATION_OWNER_DAILY_CAP", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_WALLET_DAILY_CAP")) != null) {
      b.walletDailyCap(parseAmount("PEAQOS_GAS_STATION_WALLET_DAILY_CAP", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_RATE_LIMIT")) != null) {
      b.rateLimit(parseInt("PEAQOS_GAS_STATION_RATE_LIMIT", v), b.rateWindow);
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_RATE_WINDOW_SECONDS")) != null) {
      b.rateLimit(
          b.rateLimit, Duration.ofSeconds(parseInt("PEAQOS_GAS_STATION_RATE_WINDOW_SECONDS", v)));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_ISSUER")) != null) {
      b.issuer(v);
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_DAILY_BUDGET")) != null) {
      b.dailyBudget(parseAmount("PEAQOS_GAS_STATION_DAILY_BUDGET", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_CLIENT_DAILY_CAP")) != null) {
      b.clientDailyCap(parseAmount("PEAQOS_GAS_STATION_CLIENT_DAILY_CAP", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_CLIENT_RATE_LIMIT")) != null) {
      b.clientRateLimit(parseInt("PEAQOS_GAS_STATION_CLIENT_RATE_LIMIT", v), b.clientRateWindow);
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_CLIENT_ADDRESS_HEADER")) != null) {
      b.clientAddressHeader(v);
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_MAX_CONNECTIONS")) != null) {
      b.maxConnections(parseInt("PEAQOS_GAS_STATION_MAX_CONNECTIONS", v));
    }
    // Timings an operator of several instances tunes (and tests that kill processes shorten).
    if ((v = get(env, "PEAQOS_GAS_STATION_RECEIPT_TIMEOUT_SECONDS")) != null) {
      b.receiptTimeout(seconds("PEAQOS_GAS_STATION_RECEIPT_TIMEOUT_SECONDS", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_RECONCILE_INTERVAL_SECONDS")) != null) {
      b.reconcileInterval(seconds("PEAQOS_GAS_STATION_RECONCILE_INTERVAL_SECONDS", v));
    }
    if ((v = get(env, "PEAQOS_GAS_STATION_CLAIM_LEASE_SECONDS")) != null) {
      b.claimLease(seconds("PEAQOS_GAS_STATION_CLAIM_LEASE_SECONDS", v));
    }
    return b.build();
  }

  private static String get(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Duration seconds(String name, String v) {
    int n = parseInt(name, v);
    if (n < 1) {
      throw new ValidationException(name, name + " must be at least 1 (seconds), got " + n);
    }
    return Duration.ofSeconds(n);
  }

  private static int parseInt(String name, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ValidationException(name, name + " must be a whole number, got \"" + v + "\"");
    }
  }

  /**
   * Decimal wei, or a PEAQ amount with the unit: {@code 2000000000000000000}, {@code 2 PEAQ},
   * {@code 0.5PEAQ}.
   */
  static BigInteger parseAmount(String name, String v) {
    String s = v.trim();
    try {
      if (s.toUpperCase(java.util.Locale.ROOT).endsWith("PEAQ")) {
        BigDecimal peaq = new BigDecimal(s.substring(0, s.length() - 4).trim());
        return peaq.multiply(new BigDecimal(PEAQ)).toBigIntegerExact();
      }
      return new BigInteger(s);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new ValidationException(
          name,
          name
              + " must be decimal wei (e.g. 2000000000000000000) or PEAQ with"
              + " the unit (e.g. \"2 PEAQ\"), got \""
              + v
              + "\"");
    }
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String rpcUrl() {
    return rpcUrl;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public BigInteger fundAmount() {
    return fundAmount;
  }

  public BigInteger minGasBalance() {
    return minGasBalance;
  }

  public BigInteger ownerDailyCap() {
    return ownerDailyCap;
  }

  public BigInteger walletDailyCap() {
    return walletDailyCap;
  }

  public Clock clock() {
    return clock;
  }

  public BigInteger dailyBudget() {
    return dailyBudget;
  }

  public BigInteger clientDailyCap() {
    return clientDailyCap;
  }

  public int clientRateLimit() {
    return clientRateLimit;
  }

  public int rateLimit() {
    return rateLimit;
  }

  /** A builder with every value of this one, for a restart with one change. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.publicUrl = publicUrl;
    b.rpcUrl = rpcUrl;
    b.expectedChainId = expectedChainId;
    b.faucetPrivateKey = faucetPrivateKey;
    b.chainNames = new LinkedHashSet<>(chainNames);
    b.jdbcUrl = jdbcUrl;
    b.dbUser = dbUser;
    b.dbPassword = dbPassword;
    b.dataDir = dataDir;
    b.encryptionKey = encryptionKey;
    b.fundAmount = fundAmount;
    b.minGasBalance = minGasBalance;
    b.ownerDailyCap = ownerDailyCap;
    b.walletDailyCap = walletDailyCap;
    b.rateLimit = rateLimit;
    b.rateWindow = rateWindow;
    b.lockoutThreshold = lockoutThreshold;
    b.lockoutDuration = lockoutDuration;
    b.qrTtl = qrTtl;
    b.issuer = issuer;
    b.receiptTimeout = receiptTimeout;
    b.reconcileInterval = reconcileInterval;
    b.claimLease = claimLease;
    b.maxBodyBytes = maxBodyBytes;
    b.clock = clock;
    b.dailyBudget = dailyBudget;
    b.clientDailyCap = clientDailyCap;
    b.clientRateLimit = clientRateLimit;
    b.clientRateWindow = clientRateWindow;
    b.clientAddressHeader = clientAddressHeader;
    b.badCodeBudget = badCodeBudget;
    b.badCodeWindow = badCodeWindow;
    b.maxLockout = maxLockout;
    b.pendingOwnerTtl = pendingOwnerTtl;
    b.maxConnections = maxConnections;
    b.idleTimeout = idleTimeout;
    b.bodyTimeout = bodyTimeout;
    return b;
  }

  @Override
  public String toString() {
    return "GasStationConfig["
        + host
        + ":"
        + port
        + ", rpc="
        + rpcUrl
        + ", db="
        + redactUrl(jdbcUrl)
        + ", chains="
        + chainNames
        + ", fundAmount="
        + fundAmount
        + ", minGasBalance="
        + minGasBalance
        + ", ownerDailyCap="
        + ownerDailyCap
        + ", walletDailyCap="
        + walletDailyCap
        + ", dailyBudget="
        + dailyBudget
        + ", clientDailyCap="
        + clientDailyCap
        + ", rateLimit="
        + rateLimit
        + "/"
        + rateWindow
        + ", clientRateLimit="
        + clientRateLimit
        + "/"
        + clientRateWindow
        + ", faucetKey=<redacted>, encryptionKey=<redacted>]";
  }

  private static String redactUrl(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1<redacted>");
  }

  /** Builder; {@link #build()} checks every value and names the one that is wrong. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private String publicUrl;
    private String rpcUrl;
    private Long expectedChainId;
    private String faucetPrivateKey;
    private Set<String> chainNames = new LinkedHashSet<>(Set.of("peaq"));
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private Path dataDir = PeaqosHome.dir().resolve("gas-station");
    private byte[] encryptionKey;
    private BigInteger fundAmount = DEFAULT_FUND_AMOUNT;
    private BigInteger minGasBalance = DEFAULT_MIN_GAS_BALANCE;
    private BigInteger ownerDailyCap = DEFAULT_OWNER_DAILY_CAP;
    private BigInteger walletDailyCap = DEFAULT_WALLET_DAILY_CAP;
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private Duration rateWindow = DEFAULT_RATE_WINDOW;
    private int lockoutThreshold = DEFAULT_LOCKOUT_THRESHOLD;
    private Duration lockoutDuration = DEFAULT_LOCKOUT;
    private Duration qrTtl = DEFAULT_QR_TTL;
    private String issuer = DEFAULT_ISSUER;
    private Duration receiptTimeout = Duration.ofSeconds(20);
    private Duration reconcileInterval = Duration.ofSeconds(15);
    private Duration claimLease = Duration.ofSeconds(60);
    private int maxBodyBytes = 16 * 1024;
    private Clock clock = Clock.systemUTC();
    private BigInteger dailyBudget = DEFAULT_DAILY_BUDGET;
    private BigInteger clientDailyCap = DEFAULT_CLIENT_DAILY_CAP;
    private int clientRateLimit = DEFAULT_CLIENT_RATE_LIMIT;
    private Duration clientRateWindow = DEFAULT_CLIENT_RATE_WINDOW;
    private String clientAddressHeader;
    private int badCodeBudget = DEFAULT_BAD_CODE_BUDGET;
    private Duration badCodeWindow = DEFAULT_BAD_CODE_WINDOW;
    private Duration maxLockout = DEFAULT_MAX_LOCKOUT;
    private Duration pendingOwnerTtl = DEFAULT_PENDING_OWNER_TTL;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration bodyTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** Interface to listen on; loopback by default. */
    public Builder host(String v) {
      this.host = v;
      return this;
    }

    /** Port; 0 (any free port) by default in the builder, 8090 from the environment. */
    public Builder port(int v) {
      this.port = v;
      return this;
    }

    /**
     * Base URL clients reach the station at, used in {@code qrImageUrl}; {@code http://host:port}
     * by default.
     */
    public Builder publicUrl(String v) {
      this.publicUrl = v;
      return this;
    }

    /** JSON-RPC endpoint of the chain the faucet pays on. Required. */
    public Builder rpcUrl(String v) {
      this.rpcUrl = v;
      return this;
    }

    /** When set, start-up fails unless the node reports this EVM chain id. */
    public Builder expectedChainId(Long v) {
      this.expectedChainId = v;
      return this;
    }

    /** The faucet wallet's private key (0x + 64 hex). Required; only ever from configuration. */
    public Builder faucetPrivateKey(String v) {
      this.faucetPrivateKey = v;
      return this;
    }

    /** Chain names accepted in {@code chainId}; {@code {"peaq"}} by default. */
    public Builder chainNames(Set<String> v) {
      this.chainNames = new LinkedHashSet<>(v);
      return this;
    }

    /**
     * JDBC URL; {@code jdbc:sqlite:<dataDir>/gas-station.db} by default, or {@code
     * jdbc:postgresql://…}.
     */
    public Builder jdbcUrl(String v) {
      this.jdbcUrl = v;
      return this;
    }

    public Builder dbUser(String v) {
      this.dbUser = v;
      return this;
    }

    public Builder dbPassword(String v) {
      this.dbPassword = v;
      return this;
    }

    /**
     * Folder of the default SQLite file and its generated key file; {@code ~/.peaqos/gas-station}
     * by default.
     */
    public Builder dataDir(Path v) {
      this.dataDir = v;
      return this;
    }

    /**
     * 32-byte AES key for secrets at rest. Required with PostgreSQL; with SQLite a key file is made
     * when absent.
     */
    public Builder encryptionKey(byte[] v) {
      this.encryptionKey = v == null ? null : v.clone();
      return this;
    }

    /** The same key as base64 (what {@code PEAQOS_GAS_STATION_ENCRYPTION_KEY} holds). */
    public Builder encryptionKeyBase64(String v) {
      try {
        this.encryptionKey = Base64.getDecoder().decode(v.trim());
      } catch (IllegalArgumentException e) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_ENCRYPTION_KEY",
            "PEAQOS_GAS_STATION_ENCRYPTION_KEY must be base64 of 32 random bytes (openssl rand -base64 32)");
      }
      return this;
    }

    /** Wei sent per funding. */
    public Builder fundAmount(BigInteger v) {
      this.fundAmount = v;
      return this;
    }

    /** A target holding at least this many wei is not funded ({@code skipped}). */
    public Builder minGasBalance(BigInteger v) {
      this.minGasBalance = v;
      return this;
    }

    /** Wei one owner may receive per UTC day, over all targets. */
    public Builder ownerDailyCap(BigInteger v) {
      this.ownerDailyCap = v;
      return this;
    }

    /** Wei one target wallet may receive per UTC day, from all owners. */
    public Builder walletDailyCap(BigInteger v) {
      this.walletDailyCap = v;
      return this;
    }

    /** New fund requests per owner per window (token bucket, refilled gradually). */
    public Builder rateLimit(int requests, Duration window) {
      this.rateLimit = requests;
      this.rateWindow = window;
      return this;
    }

    /** Bad 2FA codes in a row that lock an owner, and for how long. */
    public Builder lockout(int threshold, Duration duration) {
      this.lockoutThreshold = threshold;
      this.lockoutDuration = duration;
      return this;
    }

    /** How long a {@code qrImageUrl} serves its image. */
    public Builder qrTtl(Duration v) {
      this.qrTtl = v;
      return this;
    }

    /** Issuer shown by authenticator apps. */
    public Builder issuer(String v) {
      this.issuer = v;
      return this;
    }

    /** How long a fund request waits for its receipt before answering {@code TRANSFER_PENDING}. */
    public Builder receiptTimeout(Duration v) {
      this.receiptTimeout = v;
      return this;
    }

    /** How often unfinished transfers are reconciled with the chain. */
    public Builder reconcileInterval(Duration v) {
      this.reconcileInterval = v;
      return this;
    }

    /** A claimed request not signed within this time is given up by the reconciler. */
    public Builder claimLease(Duration v) {
      this.claimLease = v;
      return this;
    }

    /** Largest accepted request body. */
    public Builder maxBodyBytes(int v) {
      this.maxBodyBytes = v;
      return this;
    }

    /**
     * Wei the station pays in one UTC day over all owners and clients ({@code BUDGET_EXHAUSTED}
     * beyond); shared by every instance on the database.
     */
    public Builder dailyBudget(BigInteger v) {
      this.dailyBudget = v;
      return this;
    }

    /**
     * Wei one client address may obtain per UTC day, over all owners and targets ({@code
     * CAP_EXCEEDED_CLIENT}).
     */
    public Builder clientDailyCap(BigInteger v) {
      this.clientDailyCap = v;
      return this;
    }

    /**
     * Requests ({@code /2fa/setup}, {@code /2fa/confirm}, {@code /faucet/fund}) per client address
     * per window, checked before anything else ({@code CLIENT_RATE_LIMITED}); shared through the
     * database.
     */
    public Builder clientRateLimit(int requests, Duration window) {
      this.clientRateLimit = requests;
      this.clientRateWindow = window;
      return this;
    }

    /**
     * Header naming the client's address when the station runs behind a reverse proxy (its last
     * value is used, the one the proxy appended), e.g. {@code X-Forwarded-For}. Unset (the
     * default), the TCP peer is the client: a header a client sets itself must never be trusted.
     */
    public Builder clientAddressHeader(String v) {
      this.clientAddressHeader = v == null || v.isBlank() ? null : v.trim();
      return this;
    }

    /**
     * Bad codes per owner per window accepted from client addresses that never presented a good
     * code for that owner; beyond it such clients are refused ({@code 2FA_LOCKED}) until the budget
     * refills. Clients that did present one are never held back by others' bad codes.
     */
    public Builder badCodeBudget(int codes, Duration window) {
      this.badCodeBudget = codes;
      this.badCodeWindow = window;
      return this;
    }

    /**
     * Longest lockout of one owner and client pair (each lockout doubles the previous one up to
     * it).
     */
    public Builder maxLockout(Duration v) {
      this.maxLockout = v;
      return this;
    }

    /** An owner that ran setup but never confirmed is forgotten after this time. */
    public Builder pendingOwnerTtl(Duration v) {
      this.pendingOwnerTtl = v;
      return this;
    }

    /**
     * Open connections the server accepts at most; beyond it idle connections are cut after 1 s.
     */
    public Builder maxConnections(int v) {
      this.maxConnections = v;
      return this;
    }

    /** A connection that sends nothing for this long is closed. */
    public Builder idleTimeout(Duration v) {
      this.idleTimeout = v;
      return this;
    }

    /**
     * A request body must arrive whole within this time ({@code 408 REQUEST_TIMEOUT} otherwise).
     */
    public Builder bodyTimeout(Duration v) {
      this.bodyTimeout = v;
      return this;
    }

    /** Time source of 2FA, lockouts, caps, rate limits and QR expiry (tests move it). */
    public Builder clock(Clock v) {
      this.clock = v;
      return this;
    }

    public GasStationConfig build() {
      if (rpcUrl == null || rpcUrl.isBlank()) {
        throw ValidationException.required("PEAQOS_RPC_URL");
      }
      if (faucetPrivateKey == null || faucetPrivateKey.isBlank()) {
        throw ValidationException.required("PEAQOS_GAS_STATION_FAUCET_KEY");
      }
      if (!faucetPrivateKey.trim().matches("(0x)?[0-9a-fA-F]{64}")) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_FAUCET_KEY",
            "PEAQOS_GAS_STATION_FAUCET_KEY must be a 32-byte hex private key (0x + 64 hex digits)");
      }
      if (encryptionKey != null && encryptionKey.length != 32) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_ENCRYPTION_KEY",
            "PEAQOS_GAS_STATION_ENCRYPTION_KEY must decode to 32 bytes, got "
                + encryptionKey.length);
      }
      if (jdbcUrl != null
          && !jdbcUrl.startsWith("jdbc:sqlite:")
          && !jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_DB_URL",
            "PEAQOS_GAS_STATION_DB_URL must start with jdbc:sqlite: or jdbc:postgresql:");
      }
      if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:") && encryptionKey == null) {
        throw ValidationException.required("PEAQOS_GAS_STATION_ENCRYPTION_KEY");
      }
      positive("PEAQOS_GAS_STATION_FUND_AMOUNT", fundAmount);
      nonNegative("PEAQOS_GAS_STATION_MIN_GAS_BALANCE", minGasBalance);
      positive("PEAQOS_GAS_STATION_OWNER_DAILY_CAP", ownerDailyCap);
      positive("PEAQOS_GAS_STATION_WALLET_DAILY_CAP", walletDailyCap);
      if (rateLimit < 1 || rateWindow == null || rateWindow.isNegative() || rateWindow.isZero()) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_RATE_LIMIT",
            "the rate limit needs at least 1 request per positive window");
      }
      if (lockoutThreshold < 1 || lockoutDuration == null || lockoutDuration.isNegative()) {
        throw new ValidationException(
            "lockout", "the lockout needs a threshold of at least 1 and a duration");
      }
      positive("PEAQOS_GAS_STATION_DAILY_BUDGET", dailyBudget);
      positive("PEAQOS_GAS_STATION_CLIENT_DAILY_CAP", clientDailyCap);
      if (clientRateLimit < 1
          || clientRateWindow == null
          || clientRateWindow.isNegative()
          || clientRateWindow.isZero()) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_CLIENT_RATE_LIMIT",
            "PEAQOS_GAS_STATION_CLIENT_RATE_LIMIT must be at least 1 request per positive window");
      }
      if (badCodeBudget < 1
          || badCodeWindow == null
          || badCodeWindow.isNegative()
          || badCodeWindow.isZero()) {
        throw new ValidationException(
            "badCodeBudget", "the bad-code budget needs at least 1 code per positive window");
      }
      if (maxLockout == null || maxLockout.compareTo(lockoutDuration) < 0) {
        throw new ValidationException(
            "maxLockout", "the longest lockout must be at least the lockout duration");
      }
      if (maxConnections < 8) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_MAX_CONNECTIONS",
            "PEAQOS_GAS_STATION_MAX_CONNECTIONS must be at least 8, got " + maxConnections);
      }
      for (Duration d : new Duration[] {pendingOwnerTtl, idleTimeout, bodyTimeout}) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new ValidationException(
              "timeouts", "pendingOwnerTtl, idleTimeout and bodyTimeout must be positive");
        }
      }
      if (port < 0 || port > 65535) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_PORT", "PEAQOS_GAS_STATION_PORT must be 0 to 65535");
      }
      if (chainNames.isEmpty()) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_CHAINS", "at least one chain name is needed, e.g. peaq");
      }
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(dataDir, "dataDir");
      return new GasStationConfig(this);
    }

    private static void positive(String name, BigInteger v) {
      if (v == null || v.signum() <= 0) {
        throw new ValidationException(name, name + " must be a positive amount of wei");
      }
    }

    private static void nonNegative(String name, BigInteger v) {
      if (v == null || v.signum() < 0) {
        throw new ValidationException(name, name + " must not be negative");
      }
    }
  }
}
