package xyz.peaq.os.devnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a devnet chain. Only {@link Builder#dataDir(Path)} is required.
 *
 * <pre>{@code
 * DevnetOptions options = DevnetOptions.builder().dataDir(Path.of("/tmp/devnet")).build();
 * }</pre>
 */
public final class DevnetOptions {
  /** The devnet's own chain id: neither peaq mainnet (3338) nor agung (9990). */
  public static final long DEFAULT_CHAIN_ID = 33380;

  /**
   * prague for the EIP-7702 delegations that let 0x…0809 move native balances; the contracts are
   * still compiled for paris (peaq cannot run later opcodes), so no later opcode reaches them.
   */
  public static final String DEFAULT_HARDFORK = "prague";

  /**
   * The loss window: a snapshot of a changed chain is taken this often, so a kill loses at most
   * this much.
   */
  public static final int DEFAULT_STATE_INTERVAL_SECONDS = 1;

  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Blocks whose transactions and receipts are kept. anvil's state dump (a snapshot) holds every
   * transaction, receipt and trace it keeps, about 4 KB a block, and serialising it is what makes a
   * snapshot slow on a long chain; older blocks keep their headers.
   */
  public static final int DEFAULT_HISTORY_BLOCKS = 1_000;

  /** System property, then environment variable, that point at the anvil binary. */
  public static final String ANVIL_PROPERTY = "peaqos.anvil";

  public static final String ANVIL_ENV = "PEAQOS_ANVIL";

  private final Path dataDir;
  private final long chainId;
  private final String hardfork;
  private final int stateIntervalSeconds;
  private final Path anvilBinary;
  private final Integer blockTimeSeconds;
  private final Integer historyBlocks;
  private final Duration startupTimeout;
  private final boolean stateRoots;

  private DevnetOptions(Builder b) {
    this.stateRoots = b.stateRoots;
    this.dataDir = b.dataDir.toAbsolutePath().normalize();
    this.chainId = b.chainId;
    this.hardfork = b.hardfork;
    this.stateIntervalSeconds = b.stateIntervalSeconds;
    this.anvilBinary = b.anvilBinary;
    this.blockTimeSeconds = b.blockTimeSeconds;
    this.historyBlocks = b.historyBlocks;
    this.startupTimeout = b.startupTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path dataDir() {
    return dataDir;
  }

  public long chainId() {
    return chainId;
  }

  public String hardfork() {
    return hardfork;
  }

  public int stateIntervalSeconds() {
    return stateIntervalSeconds;
  }

  /** Interval mining period; empty means automine (a block per transaction). */
  public Optional<Integer> blockTimeSeconds() {
    return Optional.ofNullable(blockTimeSeconds);
  }

  /**
   * How many recent blocks keep their transactions and receipts ({@value #DEFAULT_HISTORY_BLOCKS}
   * by default); empty means all.
   */
  public Optional<Integer> historyBlocks() {
    return Optional.ofNullable(historyBlocks);
  }

  public Duration startupTimeout() {
    return startupTimeout;
  }

  /**
   * Whether a new chain computes a state root in every block (false by default: it forks an empty
   * origin chain, and its blocks carry a zero root, see the devnet README).
   */
  public boolean stateRoots() {
    return stateRoots;
  }

  /**
   * The anvil binary to run: the configured one, else {@code -Dpeaqos.anvil}, else {@code
   * PEAQOS_ANVIL}, else the pinned npm package found in a {@code node_modules} of the working
   * directory or a parent.
   *
   * @throws DevnetException when none exists, telling how to install it
   */
  public Path anvilBinary() {
    if (anvilBinary != null) return requireExecutable(anvilBinary, "DevnetOptions.anvilBinary");
    String prop = System.getProperty(ANVIL_PROPERTY);
    if (prop != null && !prop.isBlank())
      return requireExecutable(Path.of(prop), "-D" + ANVIL_PROPERTY);
    String env = System.getenv(ANVIL_ENV);
    if (env != null && !env.isBlank()) return requireExecutable(Path.of(env), ANVIL_ENV);
    String relative = "node_modules/@foundry-rs/" + platformPackage() + "/bin/anvil";
    List<Path> looked = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      looked.add(candidate);
      if (Files.isExecutable(candidate)) return candidate;
    }
    throw new DevnetException(
        "anvil binary not found (looked for "
            + relative
            + " in "
            + looked.size()
            + " folders from "
            + Path.of("").toAbsolutePath()
            + " upwards). Run `npm ci` at the repository root "
            + "to install the pinned @foundry-rs/anvil, or set "
            + ANVIL_ENV
            + " to the anvil binary.");
  }

  private static Path requireExecutable(Path p, String source) {
    if (!Files.isExecutable(p)) {
      throw new DevnetException(
          "anvil binary "
              + p
              + " (from "
              + source
              + ") does not exist or is not executable. "
              + "Run `npm ci` at the repository root to install the pinned @foundry-rs/anvil.");
    }
    return p;
  }

  static String platformPackage() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String cpu = (arch.equals("aarch64") || arch.equals("arm64")) ? "arm64" : "amd64";
    String system = os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : "linux";
    return "anvil-" + system + "-" + cpu;
  }

  @Override
  public String toString() {
    return "DevnetOptions[dataDir="
        + dataDir
        + ", chainId="
        + chainId
        + ", hardfork="
        + hardfork
        + ", stateIntervalSeconds="
        + stateIntervalSeconds
        + ", blockTimeSeconds="
        + blockTimeSeconds
        + ", historyBlocks="
        + historyBlocks
        + "]";
  }

  public static final class Builder {
    private Path dataDir;
    private long chainId = DEFAULT_CHAIN_ID;
    private String hardfork = DEFAULT_HARDFORK;
    private int stateIntervalSeconds = DEFAULT_STATE_INTERVAL_SECONDS;
    private Path anvilBinary;
    private Integer blockTimeSeconds;
    private Integer historyBlocks = DEFAULT_HISTORY_BLOCKS;
    private boolean stateRoots;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;

    private Builder() {}

    /**
     * Folder holding state.json, deployment.json and devnet.env; created when missing. Required.
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    public Builder chainId(long chainId) {
      if (chainId <= 0)
        throw new IllegalArgumentException("chainId must be positive, was " + chainId);
      this.chainId = chainId;
      return this;
    }

    /** An anvil hardfork name such as paris, shanghai or cancun. */
    public Builder hardfork(String hardfork) {
      Objects.requireNonNull(hardfork, "hardfork");
      if (!hardfork.matches("[A-Za-z]+")) {
        throw new IllegalArgumentException(
            "hardfork must be an anvil hardfork name such as paris, was '" + hardfork + "'");
      }
      this.hardfork = hardfork.toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * The loss window on a power loss (default 1 s): the journal of changes is fsynced at least
     * this often (every 200 ms by default), and a changed chain is snapshotted no more often. A
     * kill of anvil or of the JVM loses nothing acknowledged (see {@link ChainJournal}).
     */
    public Builder stateIntervalSeconds(int seconds) {
      if (seconds < 1)
        throw new IllegalArgumentException(
            "stateIntervalSeconds must be at least 1, was " + seconds);
      this.stateIntervalSeconds = seconds;
      return this;
    }

    public Builder anvilBinary(Path anvilBinary) {
      this.anvilBinary = Objects.requireNonNull(anvilBinary, "anvilBinary");
      return this;
    }

    /** Mine a block every {@code seconds} instead of one per transaction. */
    public Builder blockTimeSeconds(int seconds) {
      if (seconds < 1)
        throw new IllegalArgumentException("blockTimeSeconds must be at least 1, was " + seconds);
      this.blockTimeSeconds = seconds;
      return this;
    }

    /**
     * Keep transactions and receipts of the last {@code blocks} blocks only (anvil's {@code
     * --transaction-block-keeper}; {@value #DEFAULT_HISTORY_BLOCKS} by default): older receipts and
     * logs are gone, block headers stay. Smaller and faster snapshots.
     */
    public Builder historyBlocks(int blocks) {
      if (blocks < 1) {
        throw new IllegalArgumentException(
            "historyBlocks must be at least 1, was "
                + blocks
                + " (use keepAllHistory() to keep every transaction and receipt)");
      }
      this.historyBlocks = blocks;
      return this;
    }

    /** Keep every transaction, receipt and log (snapshots then grow with the chain's history). */
    public Builder keepAllHistory() {
      this.historyBlocks = null;
      return this;
    }

    /**
     * A new chain computes a state root in every block, as anvil does without a fork: for a tool
     * that reads {@code stateRoot} or proofs. Each block then costs more as the state grows. A
     * folder keeps the choice it was made with.
     */
    public Builder stateRoots(boolean stateRoots) {
      this.stateRoots = stateRoots;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "startupTimeout");
      if (timeout.isNegative() || timeout.isZero())
        throw new IllegalArgumentException("startupTimeout must be positive");
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * @throws IllegalStateException when no data folder was given
     */
    public DevnetOptions build() {
      if (dataDir == null) {
        throw new IllegalStateException(
            "DevnetOptions.dataDir is required: set it with builder().dataDir(path)");
      }
      return new DevnetOptions(this);
    }
  }
}
