package xyz.peaq.os.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import xyz.peaq.os.foundation.DotEnv;

/**
 * A local peaqOS chain: anvil on loopback with the peaqOS contracts deployed and the DID and batch
 * precompile emulations installed. State lives in the data folder; starting again on the same
 * folder keeps every machine, attribute and event and deploys nothing twice.
 *
 * <pre>{@code
 * try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
 *     String rpc = chain.rpcUrl();
 *     String registry = chain.contracts().identityRegistry();
 * }
 * }</pre>
 *
 * Closing stops anvil, which writes its state on the way out. If the JVM dies without closing (even
 * by SIGKILL), anvil is stopped too and nothing is lost; if anvil itself is killed, the next start
 * replays the journal of every acknowledged change onto the last snapshot ({@link ChainJournal}).
 */
public final class DevnetChain implements AutoCloseable {
  public static final String ENV_FILE_NAME = "devnet.env";
  static final String STATE_FILE_NAME = StateFiles.SNAPSHOT;
  static final String LOG_FILE_NAME = "anvil.log";
  static final String PID_FILE_NAME = "anvil.pid";
  static final String LOCK_FILE_NAME = "devnet.lock";

  /** How often the journal is fsynced: the loss window on a power loss (a kill loses nothing). */
  static final long JOURNAL_SYNC_MILLIS = 200;

  private final DevnetOptions options;
  private final AnvilProcess anvil;
  private final Web3j web3j;
  private final Deployer deployer;
  private final DevnetDeployment deployment;
  private final boolean freshDeployment;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, String> extraEnv = new LinkedHashMap<>();
  private final StateFiles stateFiles;
  private final StateSnapshotter snapshotter;
  private final ChainJournal journal;
  private final JournalReplay.Result replayed;
  private final BatchingMiner miner;
  private final RpcGateway gateway;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private DevnetChain(
      DevnetOptions options,
      AnvilProcess anvil,
      Web3j web3j,
      Deployer deployer,
      DevnetDeployment deployment,
      boolean freshDeployment,
      FileChannel lockChannel,
      FileLock lock,
      StateFiles stateFiles,
      StateSnapshotter snapshotter,
      ChainJournal journal,
      JournalReplay.Result replayed,
      BatchingMiner miner,
      RpcGateway gateway) {
    this.options = options;
    this.journal = journal;
    this.replayed = replayed;
    this.miner = miner;
    this.gateway = gateway;
    this.stateFiles = stateFiles;
    this.snapshotter = snapshotter;
    this.anvil = anvil;
    this.web3j = web3j;
    this.deployer = deployer;
    this.deployment = deployment;
    this.freshDeployment = freshDeployment;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.shutdownHook = new Thread(this::closeFromHook, "devnet-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts anvil on the options' data folder, deploys the contracts unless that folder's state
   * already holds them, installs the precompile emulations and writes devnet.env.
   *
   * @throws DevnetException when anvil is missing or fails to start, when another process runs a
   *     devnet on the same folder, or when deploying fails
   */
  public static DevnetChain start(DevnetOptions options) {
    Objects.requireNonNull(options, "options");
    Path dir = options.dataDir();
    FileChannel lockChannel = null;
    FileLock lock = null;
    AnvilProcess anvil = null;
    Web3j web3j = null;
    BatchingMiner miner = null;
    RpcGateway gateway = null;
    ChainJournal journal = null;
    StateSnapshotter snapshotter = null;
    try {
      Files.createDirectories(dir);
      lockChannel =
          FileChannel.open(
              dir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new DevnetException(
            "a devnet is already running on "
                + dir
                + " (stop it first, e.g. `peaqos devnet down`)");
      }
      AnvilProcess.stopStale(dir.resolve(PID_FILE_NAME), dir);
      AnvilProcess.stopStale(dir.resolve(ChainOrigin.PID_FILE), dir);
      StateFiles stateFiles = new StateFiles(dir);
      stateFiles.recover();
      Optional<String> toReplay = stateFiles.journalToReplay();
      anvil =
          AnvilProcess.start(
              options, stateFiles, dir.resolve(LOG_FILE_NAME), ChainOrigin.of(options, stateFiles));
      Files.writeString(dir.resolve(PID_FILE_NAME), Long.toString(anvil.pid()) + "\n");
      if (anvil.originPid().isPresent())
        Files.writeString(dir.resolve(ChainOrigin.PID_FILE), anvil.originPid().get() + "\n");
      JournalReplay.Result replayed = null;
      if (toReplay.isPresent())
        replayed = JournalReplay.replay(ChainJournal.file(dir), new LocalRpc(anvil.rpcUrl()));
      journal =
          new ChainJournal(
              dir,
              anvil.rpcUrl(),
              Math.min(JOURNAL_SYNC_MILLIS, options.stateIntervalSeconds() * 1000L));
      snapshotter =
          new StateSnapshotter(
              stateFiles,
              journal,
              anvil.rpcUrl(),
              Duration.ofSeconds(options.stateIntervalSeconds()));
      // the journal starts from a snapshot of what anvil holds now (replayed changes included)
      snapshotter.snapshotNow();
      journal.start();
      miner = new BatchingMiner(anvil.rpcUrl(), options.blockTimeSeconds().isEmpty(), journal);
      miner.start();
      gateway = RpcGateway.start(anvil.rpcUrl(), miner, journal, snapshotter);
      HttpService service = new HttpService(gateway.rpcUrl());
      web3j = Web3j.build(service);
      long actualChainId = web3j.ethChainId().send().getChainId().longValueExact();
      if (actualChainId != options.chainId()) {
        throw new DevnetException(
            "anvil reports chain id " + actualChainId + ", expected " + options.chainId());
      }
      Deployer deployer = new Deployer(web3j, service);
      if (NativeBalanceDelegation.supported(options.hardfork())) {
        deployer.ensureBlobGasHead();
        deployer.removeBlockHashHistory();
      }
      Optional<DevnetDeployment> recorded = DevnetDeployment.read(dir);
      DevnetDeployment deployment;
      boolean fresh;
      if (recorded.isPresent() && deployer.isDeployed(recorded.get().contracts())) {
        deployment = recorded.get();
        fresh = false;
        if (deployment.chainId() != options.chainId()) {
          // anvil keeps no chain id in its state: the same contracts now answer under the new id
          deployment = deployment.withChainId(options.chainId());
          deployment.write(dir);
        }
      } else {
        deployment = deployer.deployMined(options.chainId(), options.blockTimeSeconds());
        deployment.write(dir);
        fresh = true;
      }
      if (deployment.econ2() == null || !deployer.isDeployed(deployment.econ2())) {
        // A folder from before Economics 2.0 (or a fresh one) gets the 2.0 set beside 1.0, in
        // place.
        Map<String, String> impls = new LinkedHashMap<>();
        Econ2Contracts econ2 = deployer.deployEcon2Mined(options.blockTimeSeconds(), impls);
        deployment = deployment.withEcon2(econ2, impls);
        deployment.write(dir);
      }
      deployer.installPrecompiles(options.blockTimeSeconds());
      deployer.installNativeToken();
      if (NativeBalanceDelegation.supported(options.hardfork())) {
        for (int i = 0; i < DevAccount.COUNT; i++)
          deployer.delegateNativePull(DevAccount.of(i).address());
      }
      DevnetChain chain =
          new DevnetChain(
              options,
              anvil,
              web3j,
              deployer,
              deployment,
              fresh,
              lockChannel,
              lock,
              stateFiles,
              snapshotter,
              journal,
              replayed,
              miner,
              gateway);
      snapshotter.start();
      chain.writeEnvFile();
      return chain;
    } catch (IOException e) {
      closeQuietly(gateway, miner);
      if (journal != null) journal.close();
      cleanUp(anvil, web3j, lockChannel, new StateFiles(dir));
      throw new DevnetException("cannot start the devnet in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(gateway, miner);
      if (journal != null) journal.close();
      cleanUp(anvil, web3j, lockChannel, new StateFiles(dir));
      throw e;
    }
  }

  /**
   * Reads a devnet data folder without starting anything: the addresses, the RPC URL and whether
   * the anvil recorded there is running. Empty when the folder holds no devnet.
   */
  public static Optional<DevnetInfo> inspect(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path envFile = dir.resolve(ENV_FILE_NAME);
    Optional<DevnetDeployment> deployment = DevnetDeployment.read(dir);
    if (deployment.isEmpty() || !Files.exists(envFile)) return Optional.empty();
    Map<String, String> env = DotEnv.read(envFile);
    OptionalLong pid = OptionalLong.empty();
    try {
      Path pidFile = dir.resolve(PID_FILE_NAME);
      if (Files.exists(pidFile))
        pid = OptionalLong.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      pid = OptionalLong.empty();
    }
    String rpcUrl = env.getOrDefault("PEAQOS_RPC_URL", "");
    boolean running = pid.isPresent() && AnvilProcess.alive(pid.getAsLong()) && answers(rpcUrl);
    return Optional.of(
        new DevnetInfo(
            dir,
            rpcUrl,
            deployment.get().chainId(),
            deployment.get().contracts(),
            pid,
            running,
            env));
  }

  /** The devnet's JSON-RPC URL: anvil behind the {@link RpcGateway} that drives the miner. */
  public String rpcUrl() {
    return gateway.rpcUrl();
  }

  public long chainId() {
    return options.chainId();
  }

  public DevnetContracts contracts() {
    return deployment.contracts();
  }

  /** The Economics 2.0 contracts, deployed beside the 1.0 set. */
  public Econ2Contracts econ2() {
    return deployment.econ2();
  }

  /**
   * Devnet-only administration of the 2.0 set (prices, vouchers, pauses, the subscription clock).
   */
  public Econ2Admin econ2Admin() {
    ensureOpen();
    return new Econ2Admin(deployer, deployment.econ2());
  }

  public DevnetDeployment deployment() {
    return deployment;
  }

  /** True when this start deployed the contracts, false when it found them in the saved state. */
  public boolean freshlyDeployed() {
    return freshDeployment;
  }

  public DevnetOptions options() {
    return options;
  }

  public Path dataDir() {
    return options.dataDir();
  }

  /** The pid of the anvil process. */
  public long anvilPid() {
    return anvil.pid();
  }

  /** A web3j client on this chain, closed with the chain. */
  public Web3j web3j() {
    return web3j;
  }

  /** anvil's well-known funded account {@code index} (0..9); 0 deployed and owns the contracts. */
  public DevAccount devAccount(int index) {
    return DevAccount.of(index);
  }

  /**
   * Sets an account's balance (anvil_setBalance). Like anvil's dev accounts, the account gets the
   * EIP-7702 delegation that lets the PEAQ token at 0x…0809 spend its native balance (Economics 2.0
   * bonds); accounts holding contract code are left as they are.
   */
  public void setBalance(String address, BigInteger wei) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(wei, "wei");
    if (wei.signum() < 0)
      throw new IllegalArgumentException("balance must not be negative, was " + wei);
    ensureOpen();
    deployer.setBalance(address, wei);
    if (NativeBalanceDelegation.supported(options.hardfork())) deployer.delegateNativePull(address);
    snapshotter.markDirty();
  }

  /** The snapshot writer, for the benchmark's figures. */
  StateSnapshotter snapshotter() {
    return snapshotter;
  }

  /**
   * Gives an account the EIP-7702 delegation that lets the PEAQ token at 0x…0809 spend its native
   * balance (what {@link #setBalance} does for the accounts it funds), for accounts that got their
   * PEAQ by a plain transfer. Accounts holding contract code are left as they are.
   *
   * @throws IllegalStateException when the chain's hardfork predates prague (no EIP-7702)
   */
  public void enableNativePull(String address) {
    Objects.requireNonNull(address, "address");
    ensureOpen();
    requireDelegations();
    deployer.delegateNativePull(address);
  }

  /**
   * {@link #enableNativePull} for many accounts at once, in two JSON-RPC batches (a fleet's wave
   * instead of two requests per machine).
   *
   * @throws IllegalStateException when the chain's hardfork predates prague (no EIP-7702)
   */
  public void enableNativePullAll(java.util.List<String> addresses) {
    Objects.requireNonNull(addresses, "addresses");
    addresses.forEach(a -> Objects.requireNonNull(a, "addresses contains null"));
    ensureOpen();
    requireDelegations();
    deployer.delegateNativePullAll(addresses);
  }

  private void requireDelegations() {
    if (!NativeBalanceDelegation.supported(options.hardfork())) {
      throw new IllegalStateException(
          "hardfork "
              + options.hardfork()
              + " has no EIP-7702 delegations; start the devnet "
              + "with hardfork prague (the default) to pay PEAQ through 0x0809");
    }
  }

  /** {@code <dataDir>/devnet.env}. */
  public Path envFile() {
    return options.dataDir().resolve(ENV_FILE_NAME);
  }

  /**
   * Rewrites devnet.env with its own variables plus {@code extra} (added to what earlier calls
   * added; a later value for the same name wins), for services that join the devnet.
   */
  public synchronized void writeEnv(Map<String, String> extra) {
    Objects.requireNonNull(extra, "extra");
    DotEnv.format(null, extra); // a bad name or value is refused before it is remembered
    extraEnv.putAll(extra);
    writeEnvFile();
  }

  /** The variables devnet.env holds now. */
  public synchronized Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PEAQOS_NETWORK", "devnet");
    env.put("PEAQOS_RPC_URL", rpcUrl());
    env.put("PEAQOS_CHAIN_ID", Long.toString(chainId()));
    env.putAll(contracts().asEnv());
    deployment.econ2Contracts().ifPresent(e -> env.putAll(e.asEnv()));
    env.putAll(extraEnv);
    return env;
  }

  private synchronized void writeEnvFile() {
    DotEnv.write(
        envFile(),
        "peaqOS devnet (anvil pid "
            + anvil.pid()
            + "); written by DevnetChain, rewritten on every start.\n"
            + "Add PEAQOS_PRIVATE_KEY yourself (e.g. a dev account key) to use it as an SDK .env.",
        env());
  }

  /** Stops anvil (its state is written first) and releases the data folder. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook
    }
    closeQuietly(gateway, miner);
    snapshotter.close();
    journal.close();
    cleanUp(anvil, web3j, lockChannel, stateFiles);
    try {
      Files.deleteIfExists(options.dataDir().resolve(PID_FILE_NAME));
    } catch (IOException ignored) {
      // a stale pid file is harmless: inspect() checks the process
    }
  }

  private void closeFromHook() {
    close();
  }

  private void ensureOpen() {
    if (closed)
      throw new IllegalStateException("the devnet chain on " + options.dataDir() + " is closed");
  }

  private static void closeQuietly(RpcGateway gateway, BatchingMiner miner) {
    if (gateway != null) gateway.close();
    if (miner != null) miner.close();
  }

  /** What the start replayed from the journal (empty when there was nothing to replay). */
  Optional<JournalReplay.Result> replayed() {
    return Optional.ofNullable(replayed);
  }

  /** The journal, for the tests' and the benchmark's figures. */
  ChainJournal journal() {
    return journal;
  }

  /** The miner, for the benchmark's figures. */
  BatchingMiner miner() {
    return miner;
  }

  private static void cleanUp(
      AnvilProcess anvil, Web3j web3j, FileChannel lockChannel, StateFiles stateFiles) {
    if (web3j != null) web3j.shutdown();
    if (anvil != null) {
      anvil.stop();
      // anvil dumped on its way out: make that dump the snapshot while the folder is still locked
      try {
        stateFiles.recover();
      } catch (DevnetException ignored) {
        // recover() at the next start reports it
      }
    }
    if (lockChannel != null) {
      try {
        lockChannel.close();
      } catch (IOException ignored) {
        // closing releases the lock; nothing else to do
      }
    }
  }

  private static boolean answers(String rpcUrl) {
    if (rpcUrl.isEmpty()) return false;
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(rpcUrl))
                      .timeout(Duration.ofSeconds(2))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"result\"");
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return "DevnetChain["
        + rpcUrl()
        + ", chainId="
        + chainId()
        + ", dataDir="
        + options.dataDir()
        + "]";
  }
}
