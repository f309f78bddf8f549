package xyz.peaq.os.gasstation;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.peaq.os.foundation.SecureFiles;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The Gas Station service, in-process: {@code GasStationServer.start(config)} migrates the
 * database, checks the chain, reconciles transfers left in flight, then listens; {@link #url()} is
 * its base URL and {@link #close()} stops it. {@link #main} runs it standalone from the
 * environment.
 */
public final class GasStationServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GasStationServer.class);

  private final GasStationConfig cfg;
  private final Store store;
  private final FaucetChain chain;
  private final Reconciler reconciler;
  private final ScheduledExecutorService scheduler;
  private final SharedBuckets buckets;
  private final HttpGuards http;
  private final Javalin app;
  private final String url;
  private volatile boolean closed;

  private GasStationServer(GasStationConfig cfg, UnaryOperator<FaucetChain> decorate) {
    this.cfg = cfg;
    byte[] key = cfg.encryptionKey != null ? cfg.encryptionKey : sqliteKeyFile(cfg);
    SecretCipher cipher = new SecretCipher(key);
    if (cfg.jdbcUrl.startsWith("jdbc:sqlite:")) {
      ensureSqliteFolder(cfg.jdbcUrl);
    }
    Store st = new Store(cfg.jdbcUrl, cfg.dbUser, cfg.dbPassword);
    try {
      ChainReads client =
          ChainReads.connect(
              cfg.rpcUrl,
              Duration.ofSeconds(5),
              Duration.ofSeconds(30),
              RetryPolicy.defaults(),
              cfg.receiptTimeout);
      long reported = client.fetchChainId();
      if (cfg.expectedChainId != null && reported != cfg.expectedChainId) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_EVM_CHAIN_ID",
            "the node at "
                + cfg.rpcUrl
                + " reports chain id "
                + reported
                + ", not the configured "
                + cfg.expectedChainId);
      }
      this.chain = decorate.apply(new SdkFaucetChain(client, cfg.faucetPrivateKey.trim()));
      this.buckets = new SharedBuckets(st.dataSource(), st.dialect, cfg.clock);
      TwoFactor twoFactor = new TwoFactor(st, cipher, cfg, new CodeLockout(cfg, st, buckets));
      RateLimiter limiter = new RateLimiter(buckets, cfg.rateLimit, cfg.rateWindow);
      FundingLimits limits = new FundingLimits(cfg, st, buckets);
      FaucetNonces nonces = new FaucetNonces(st, chain);
      Funding funding = new Funding(cfg, st, twoFactor, limiter, chain, limits, nonces);
      this.reconciler = new Reconciler(cfg, st, chain, funding, nonces);
      int settled = reconciler.run(true);
      if (settled > 0) {
        LOG.info("start-up: {} unfinished transfer(s) reconciled with the chain", settled);
      }
      String[] base = new String[1];
      this.http = new HttpGuards(cfg);
      Api api = new Api(cfg, st, twoFactor, funding, chain, () -> base[0], limits, http);
      this.app = Javalin.create(api::configure).start();
      int port = app.port();
      String host = cfg.host.contains(":") ? "[" + cfg.host + "]" : cfg.host;
      if (host.equals("0.0.0.0")) {
        host = "127.0.0.1";
      }
      this.url = cfg.publicUrl != null ? stripSlash(cfg.publicUrl) : "http://" + host + ":" + port;
      base[0] = url;
      this.store = st;
      this.scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "gas-station-reconciler");
                t.setDaemon(true);
                return t;
              });
      long every = cfg.reconcileInterval.toMillis();
      scheduler.scheduleWithFixedDelay(this::housekeeping, every, every, TimeUnit.MILLISECONDS);
      LOG.info(
          "Gas Station on {} funding from {} ({} wei per request)",
          url,
          chain.faucetAddress(),
          cfg.fundAmount);
    } catch (RuntimeException e) {
      st.close();
      throw e;
    }
  }

  /** Starts a station; returns once it answers on {@link #url()}. */
  public static GasStationServer start(GasStationConfig config) {
    return new GasStationServer(config, UnaryOperator.identity());
  }

  /**
   * Starts a station whose chain access goes through {@code decorate(realChain)}. For tests that
   * inject a fault at an exact point (a crash after recording, a node that refuses); production
   * uses {@link #start(GasStationConfig)}.
   */
  public static GasStationServer start(
      GasStationConfig config, UnaryOperator<FaucetChain> decorate) {
    return new GasStationServer(config, decorate);
  }

  /** Base URL, e.g. {@code http://127.0.0.1:8090}; the value for {@code PEAQOS_GAS_STATION_URL}. */
  public String url() {
    return url;
  }

  public int port() {
    return app.port();
  }

  /** The faucet wallet's address (fund it on the devnet). */
  public String faucetAddress() {
    return chain.faucetAddress();
  }

  public GasStationConfig config() {
    return cfg;
  }

  /**
   * Runs one reconciliation pass now (as at start-up); returns how many transfers reached an end.
   */
  public int reconcileNow() {
    return reconciler.run(true);
  }

  /**
   * Runs the periodic housekeeping now (purges of used codes, QR images, pending owners, buckets).
   */
  void housekeepNow() {
    housekeeping();
  }

  private void housekeeping() {
    try {
      reconciler.run(false);
      long now = cfg.clock.millis();
      store.purgeUsedCodes(Math.floorDiv(now / 1000, 30) - 4);
      store.purgeQr(now - Duration.ofHours(1).toMillis());
      int purged =
          store.purgeStale(
              now - cfg.pendingOwnerTtl.toMillis(), now - cfg.maxLockout.toMillis(), now);
      if (purged > 0) {
        LOG.info(
            "forgot {} owner(s) that ran setup but never confirmed within {}",
            purged,
            cfg.pendingOwnerTtl);
      }
      buckets.purge(now - Duration.ofDays(1).toMillis());
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("housekeeping failed: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    app.stop();
    http.close();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }

  @Override
  public String toString() {
    return "GasStationServer[" + url + "]";
  }

  private static String stripSlash(String u) {
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static void ensureSqliteFolder(String jdbcUrl) {
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int q = file.indexOf('?');
    if (q >= 0) {
      file = file.substring(0, q);
    }
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path db = Path.of(file).toAbsolutePath();
    Path parent = db.getParent();
    try {
      createPrivateDirectories(parent);
      // The database holds encrypted secrets and the ledger: owner-only even in a folder the
      // operator made (umask 022 would give 0644). SQLite gives its -wal and -shm files the
      // database file's mode, so creating the (empty, valid) database file first is enough.
      try {
        Files.createFile(
            db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
          Path f = Path.of(db + suffix);
          if (Files.exists(f)) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
          }
        }
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database folder or file " + db, e);
    }
  }

  /**
   * Folders the station creates hold its secrets: owner-only (0700) where the file system allows.
   */
  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  /**
   * Without a configured key, a SQLite station keeps a generated one in {@code
   * <dataDir>/encryption.key} (mode 0600). PostgreSQL requires the key in configuration (checked by
   * the config builder).
   */
  private static byte[] sqliteKeyFile(GasStationConfig cfg) {
    Path file = cfg.dataDir.resolve("encryption.key");
    try {
      if (!Files.exists(file)) {
        createPrivateDirectories(cfg.dataDir);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
          // Whole or not at all (a kill cannot leave an empty key), and never over another
          // process's key.
          SecureFiles.createNew(
              file,
              (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
          LOG.info(
              "generated the secrets key {}; set PEAQOS_GAS_STATION_ENCRYPTION_KEY to manage it yourself",
              file);
          return key;
        } catch (FileAlreadyExistsException e) {
          // A concurrent first start won: use its key.
        }
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
      if (key.length != 32) {
        throw new ValidationException(
            "PEAQOS_GAS_STATION_ENCRYPTION_KEY", file + " does not hold a 32-byte key");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secrets key " + file, e);
    }
  }

  /** Standalone: configuration from the environment (module README), runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    GasStationServer server;
    try {
      server = start(GasStationConfig.fromEnv());
    } catch (ValidationException e) {
      System.err.println(e.getMessage());
      System.exit(3);
      return;
    }
    System.out.println("Gas Station listening on " + server.url());
    System.out.println("PEAQOS_GAS_STATION_URL=" + server.url());
    System.out.flush();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  done.countDown();
                },
                "gas-station-shutdown"));
    done.await();
  }
}
