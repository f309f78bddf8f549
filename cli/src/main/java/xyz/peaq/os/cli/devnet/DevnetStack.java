package xyz.peaq.os.cli.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.devnet.DevAccount;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetContracts;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.foundation.SecureFiles;
import xyz.peaq.os.gasstation.GasStationConfig;
import xyz.peaq.os.gasstation.GasStationServer;
import xyz.peaq.os.mcr.McrApiConfig;
import xyz.peaq.os.mcr.McrApiServer;

/**
 * The whole devnet in one JVM: anvil with the contracts ({@link DevnetChain}), the Gas Station (its
 * faucet is a funded dev account) and the MCR API. Holds an exclusive lock on its folder, so two
 * stacks never share one; adds the service URLs and a ready marker to {@code devnet.env}.
 */
public final class DevnetStack implements AutoCloseable {
  /** Anvil's dev account the Gas Station pays from (0 deploys the contracts). */
  static final int FAUCET_ACCOUNT = 9;

  private static final BigInteger PEAQ = BigInteger.TEN.pow(18);
  private static final BigInteger FAUCET_BALANCE =
      BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(1_000_000));

  private final DevnetLayout layout;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final DevnetChain chain;
  private final GasStationServer gasStation;
  private final McrApiServer mcr;
  private volatile boolean closed;

  private DevnetStack(
      DevnetLayout layout,
      FileChannel lockChannel,
      FileLock lock,
      DevnetChain chain,
      GasStationServer gasStation,
      McrApiServer mcr) {
    this.layout = layout;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.chain = chain;
    this.gasStation = gasStation;
    this.mcr = mcr;
  }

  /**
   * Options of a stack start. {@code mcrPort} 0 takes any free port; {@code gasStationPort}
   * likewise.
   */
  public record Options(Path dir, int mcrPort, int gasStationPort, Long chainId) {}

  static final int DEVNET_CLIENT_RATE_LIMIT = 100_000;
  static final int DEVNET_MCR_RATE_LIMIT = 100_000;

  /**
   * What the devnet relaxes against the services' production defaults, printed by {@code devnet up}
   * so that nobody takes devnet behaviour for what a real Gas Station or MCR API allows.
   */
  public static List<String> relaxedSettings() {
    String all = FAUCET_BALANCE.divide(PEAQ) + " PEAQ (the whole faucet)";
    return List.of(
        "Devnet settings, relaxed for local use (production defaults in brackets):",
        "  Gas Station: 2 PEAQ to wallets under 1.5 PEAQ ["
            + peaq(GasStationConfig.DEFAULT_FUND_AMOUNT)
            + " PEAQ under "
            + peaq(GasStationConfig.DEFAULT_MIN_GAS_BALANCE)
            + "]; 1000 fund requests per owner per minute ["
            + GasStationConfig.DEFAULT_RATE_LIMIT
            + "]; "
            + DEVNET_CLIENT_RATE_LIMIT
            + " requests per client address per minute ["
            + GasStationConfig.DEFAULT_CLIENT_RATE_LIMIT
            + "];",
        "               owner, wallet and client-address daily caps and the daily budget "
            + all
            + " ["
            + peaq(GasStationConfig.DEFAULT_OWNER_DAILY_CAP)
            + ", "
            + peaq(GasStationConfig.DEFAULT_WALLET_DAILY_CAP)
            + ", "
            + peaq(GasStationConfig.DEFAULT_CLIENT_DAILY_CAP)
            + ", "
            + peaq(GasStationConfig.DEFAULT_DAILY_BUDGET)
            + " PEAQ]",
        "  MCR API    : "
            + DEVNET_MCR_RATE_LIMIT
            + " requests per client per minute ["
            + McrApiConfig.builder().build().rateLimitRequests()
            + "]");
  }

  private static String peaq(BigInteger wei) {
    return new java.math.BigDecimal(wei)
        .divide(new java.math.BigDecimal(PEAQ))
        .stripTrailingZeros()
        .toPlainString();
  }

  public static DevnetStack start(Options opts) {
    DevnetLayout layout = new DevnetLayout(opts.dir());
    FileChannel ch = null;
    FileLock lock;
    try {
      Files.createDirectories(layout.dir());
      ch = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = ch.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(ch);
      throw CliException.config(
          "A devnet is already running in "
              + layout.dir()
              + " (see 'peaqos devnet status'); stop it with 'peaqos devnet down' or use another --devnet-dir");
    }
    checkPortFree(opts.mcrPort());
    DevnetChain chain = null;
    GasStationServer gas = null;
    McrApiServer mcr = null;
    try {
      DevnetOptions.Builder ob = DevnetOptions.builder().dataDir(layout.dir());
      if (opts.chainId() != null) {
        ob.chainId(opts.chainId());
      }
      anvilFromRepository().ifPresent(ob::anvilBinary);
      chain = DevnetChain.start(ob.build());
      DevnetContracts c = chain.contracts();
      DevAccount faucet = chain.devAccount(FAUCET_ACCOUNT);
      chain.setBalance(faucet.address(), FAUCET_BALANCE);
      GasStationConfig gasConfig =
          GasStationConfig.builder()
              .host("127.0.0.1")
              .port(opts.gasStationPort())
              .rpcUrl(chain.rpcUrl())
              .expectedChainId(chain.chainId())
              .faucetPrivateKey(faucet.privateKey())
              .dataDir(layout.gasStationDir())
              .encryptionKey(encryptionKey(layout))
              // Many machines are activated from one loopback address in tests and demos.
              .rateLimit(1000, Duration.ofMinutes(1))
              // Wallets under 1.5 PEAQ get 2 PEAQ: enough for a bond, also for an operator's second
              // one.
              .fundAmount(PEAQ.multiply(BigInteger.TWO))
              .minGasBalance(PEAQ.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO))
              .ownerDailyCap(FAUCET_BALANCE)
              .walletDailyCap(FAUCET_BALANCE)
              // The station-wide limits against draining: everything comes from loopback here.
              .clientRateLimit(DEVNET_CLIENT_RATE_LIMIT, Duration.ofMinutes(1))
              .clientDailyCap(FAUCET_BALANCE)
              .dailyBudget(FAUCET_BALANCE)
              .build();
      gas = GasStationServer.start(gasConfig);
      McrApiConfig mcrConfig =
          McrApiConfig.builder()
              .host("127.0.0.1")
              .port(opts.mcrPort())
              .rpcUrl(chain.rpcUrl())
              .identityRegistry(c.identityRegistry())
              .identityStaking(c.identityStaking())
              .eventRegistry(c.eventRegistry())
              .machineNft(c.machineNft())
              .didRegistry(c.didRegistry())
              .databaseFile(layout.dir().resolve("mcr.db"))
              .confirmations(0)
              .pollInterval(Duration.ofMillis(200))
              .rateLimit(DEVNET_MCR_RATE_LIMIT, Duration.ofMinutes(1))
              .econ2(mcrEcon2(chain))
              .build();
      mcr = McrApiServer.start(mcrConfig);
      DevnetStack stack = new DevnetStack(layout, ch, lock, chain, gas, mcr);
      stack.writeEnv(true);
      SecureFiles.writeAtomically(layout.pidFile(), ProcessHandle.current().pid() + "\n");
      return stack;
    } catch (Throwable e) {
      closeQuietly(mcr);
      closeQuietly(gas);
      closeQuietly(chain);
      try {
        lock.release();
      } catch (IOException ignored) {
        // released with the channel
      }
      closeQuietly(ch);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error err) {
        throw err;
      }
      throw new CliException(
          xyz.peaq.os.cli.ExitCode.CONFIG, "Cannot start the devnet: " + e.getMessage(), e);
    }
  }

  private static java.util.Optional<Path> anvilFromRepository() {
    if (System.getProperty(DevnetOptions.ANVIL_PROPERTY) != null
        || System.getenv(DevnetOptions.ANVIL_ENV) != null) {
      return java.util.Optional.empty();
    }
    String home = System.getProperty("peaqos.home");
    if (home == null) {
      return java.util.Optional.empty();
    }
    String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    String pkg =
        "anvil-"
            + (os.contains("mac") ? "darwin" : "linux")
            + "-"
            + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64");
    Path p = Path.of(home, "node_modules", "@foundry-rs", pkg, "bin", "anvil");
    return Files.isExecutable(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
  }

  /** The Gas Station encrypts TOTP secrets at rest; the key stays with the devnet folder (0600). */
  private static byte[] encryptionKey(DevnetLayout layout) throws IOException {
    Path f = layout.dir().resolve("gas-station.key");
    if (!Files.exists(f)) {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      try {
        // Never over a key a concurrent start wrote: the secrets it encrypts would become
        // unreadable.
        SecureFiles.createNew(
            f,
            (Base64.getEncoder().encodeToString(k) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return k;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // The other start won: use its key.
      }
    }
    return Base64.getDecoder().decode(Files.readString(f).strip());
  }

  private static void checkPortFree(int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      s.setReuseAddress(true);
    } catch (BindException e) {
      throw CliException.config(
          "Port "
              + port
              + " on 127.0.0.1 is already in use, so the MCR API cannot start there."
              + " Stop what holds it (another devnet or MCR API?), or pick another port with --mcr-port N or"
              + " PEAQOS_DEVNET_MCR_PORT=N (0 = any free port; devnet.env then carries the URL).");
    } catch (IOException e) {
      throw CliException.config("Cannot check port " + port + ": " + e.getMessage());
    }
  }

  private void writeEnv(boolean ready) {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("PEAQOS_NETWORK", "devnet");
    extra.put("PEAQOS_GAS_STATION_URL", gasStation.url());
    extra.put("PEAQOS_MCR_API_URL", mcr.url());
    extra.put(DevnetLayout.PID_VAR, Long.toString(ProcessHandle.current().pid()));
    extra.put(DevnetLayout.READY_VAR, ready ? "1" : "0");
    chain.writeEnv(extra);
  }

  public DevnetLayout layout() {
    return layout;
  }

  public DevnetChain chain() {
    return chain;
  }

  public String gasStationUrl() {
    return gasStation.url();
  }

  public String mcrUrl() {
    return mcr.url();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writeEnv(false);
    } catch (RuntimeException e) {
      Out.debug("could not clear the ready marker: " + e.getMessage());
    }
    closeQuietly(mcr);
    closeQuietly(gasStation);
    closeQuietly(chain);
    try {
      Files.deleteIfExists(layout.pidFile());
    } catch (IOException ignored) {
      // status checks liveness anyway
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // released with the channel
    }
    closeQuietly(lockChannel);
  }

  /** The devnet's Economics 2.0 set for the MCR API to index beside 1.0. */
  private static xyz.peaq.os.mcr.Econ2Addresses mcrEcon2(DevnetChain chain) {
    var e = chain.econ2();
    return e == null
        ? null
        : new xyz.peaq.os.mcr.Econ2Addresses(
            e.infoDesk(),
            e.machineRegistry(),
            e.machineStateAndSync(),
            e.machineSubscription(),
            e.eventRegistry());
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      Out.debug("close failed: " + e.getMessage());
    }
  }
}
