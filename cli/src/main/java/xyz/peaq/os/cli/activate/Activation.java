package xyz.peaq.os.cli.activate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.SdkVerification;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.sdk.ConfigurationCheck;
import xyz.peaq.os.sdk.NftMint;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.AlreadyRegisteredException;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.InsufficientBalanceException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.gasstation.GasStationClient;

/**
 * The self-managed onboarding flow of the guide in six idempotent steps: balance check, 2FA
 * enrolment, Gas Station funding, registration, Machine NFT mint, DID attributes. Every step reads
 * the chain first and skips completed work; every transaction goes through the journal.
 */
public final class Activation {
  static final int STEPS = 6;
  static final BigInteger PEAQ = BigInteger.TEN.pow(18);

  /** Kept back for the gas of the remaining transactions. */
  static final BigInteger GAS_RESERVE = PEAQ.divide(BigInteger.TEN);

  static final Duration MCR_WAIT = Duration.ofSeconds(30);

  static final String STEP_FUND = "fund";
  static final String STEP_REGISTER = "register";
  static final String STEP_MINT = "mint";
  static final String STEP_DID = "did";
  static final String STEP_PROXY_DID = "proxy_did";

  private final Target target;
  private final ActivationRequest req;
  private final Path workDir;

  public Activation(Target target, ActivationRequest req, Path workDir) {
    this.target = target;
    this.req = req;
    this.workDir = workDir;
  }

  /** Runs the flow and prints the summary; returns normally on success (exit 0). */
  public void run() {
    try (FileLockGuard guard = lock(workDir)) {
      runHoldingLock();
    }
  }

  /**
   * Runs the flow under the lock the caller already took with {@link #lock(Path)}: the command
   * takes it before it generates or reads the machine key, so two activations in one folder can
   * never both generate one.
   */
  public void runHoldingLock() {
    runHoldingLock(prefetch(target));
  }

  /**
   * {@link #runHoldingLock()} on a connection whose configuration reads {@link #prefetch} started
   * earlier (closed at the end, whatever happens).
   */
  public void runHoldingLock(Prefetch prefetch) {
    RuntimeException failure = null;
    try (ChainReads chain = prefetch.chain;
        Journal journal = Journal.open(workDir)) {
      new Run(chain, journal, prefetch).execute();
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      // A key this run generated is on disk before the command exits, whatever happened.
      try {
        req.payerKeyStored().run();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        if (e != failure) {
          // The run failed first; the write's failure, its own, is said too.
          failure.addSuppressed(e);
          Out.error("Error: the machine key was not stored: " + e.getMessage());
        }
      }
    }
  }

  /**
   * The run's connection with its first reads in flight: the configuration check's (chain id, the
   * contracts' code) and the genesis block's (the journal's chain). The command starts them before
   * it generates or decrypts the machine key, whose scrypt otherwise ran first, alone; their
   * results are taken, and a failed check reported, where the run would have made them.
   */
  public static final class Prefetch implements AutoCloseable {
    final ChainReads chain;
    final CompletableFuture<ConfigurationCheck.Report> check;
    final CompletableFuture<String> genesis;

    private Prefetch(ChainReads chain, Target target) {
      this.chain = chain;
      this.check =
          startRead(
              () ->
                  ConfigurationCheck.run(
                      chain,
                      target.expectedChainId(),
                      target.network(),
                      target.devnet(),
                      target.addresses()));
      this.genesis = startRead(() -> chain.block(BigInteger.ZERO).map(b -> b.hash()).orElse(""));
    }

    /** Closes the connection, for a command that stops before the run. */
    @Override
    public void close() {
      chain.close();
    }
  }

  /** Connects to {@code target} and starts the run's first reads (see {@link Prefetch}). */
  public static Prefetch prefetch(Target target) {
    return new Prefetch(connect(target), target);
  }

  /**
   * Takes {@code .peaqos/activate.lock} of {@code workDir}, or fails (exit 1) when another
   * activation holds it.
   */
  public static FileLockGuard lock(Path workDir) {
    return FileLockGuard.acquire(workDir.resolve(".peaqos").resolve("activate.lock"));
  }

  /**
   * The run's chain connection. On the devnet a transaction is mined as soon as it is sent, so its
   * receipt is polled every 10, 20 then 40 ms: the default interval (a first pause of 125 ms, sized
   * for a public node and 6-second blocks) made each of the run's four receipt waits last a pause
   * it did not need. Other networks keep the default.
   */
  static ChainReads connect(Target target) {
    return ChainReads.connect(
        target.rpc(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        RetryPolicy.defaults(),
        receiptTimeout(),
        target.devnet() ? DEVNET_RECEIPT_POLL : DEFAULT_RECEIPT_POLL);
  }

  /** The SDK's default. */
  static final Duration DEFAULT_RECEIPT_POLL = Duration.ofMillis(500);

  static final Duration DEVNET_RECEIPT_POLL = Duration.ofMillis(40);

  /** Independent reads of one run, each on its own daemon thread. */
  private static final Executor READS =
      r -> {
        Thread t = new Thread(r, "peaqos-read");
        t.setDaemon(true);
        t.start();
      };

  /** {@code read} started now, beside the caller's own work. */
  static <T> CompletableFuture<T> startRead(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, READS);
  }

  /** The result of a read started with {@link #startRead}, its own exception thrown as it was. */
  static <T> T result(CompletableFuture<T> read) {
    return xyz.peaq.os.cli.util.Futures.join(read);
  }

  /** One run's state. */
  private final class Run {
    final ChainReads chain;
    final Journal journal;
    JournaledTx txs;

    /** Signs register, mint and the proxy DID; pays the bond. */
    PeaqosClient payer;

    /** Signs the machine's own DID (the payer itself in self mode). */
    PeaqosClient machine;

    String machineAddress;
    String payerAddress;

    /**
     * Each wallet's balance as last read in this run (the balance check, or after its funding):
     * nothing of this run spends from a wallet before the registration, whose own pre-check reuses
     * it instead of reading it again (the SDK reads it once more for the send).
     */
    final Map<String, BigInteger> balances = new java.util.HashMap<>();

    /** The bond read by the balance check, or null when it was not read. */
    BigInteger bondRead;

    final Prefetch prefetch;

    Run(ChainReads chain, Journal journal, Prefetch prefetch) {
      this.chain = chain;
      this.journal = journal;
      this.prefetch = prefetch;
      // The addresses the flow writes through must be set (ValidationException naming the
      // variable).
      for (String var :
          new String[] {
            Target.IDENTITY_REGISTRY,
            Target.MACHINE_NFT,
            Target.DID_REGISTRY,
            Target.BATCH_PRECOMPILE
          }) {
        target.address(var);
      }
    }

    void execute() {
      // The run's one configuration check (the SDK's), before anything is signed.
      // The genesis read (for the journal) went out beside the check's reads; its result is taken
      // only once the check has passed, so a failed check reports as before.
      long chainId = verifyConfiguration();
      String genesis = result(prefetch.genesis);
      txs = new JournaledTx(chain, journal, target.network(), chainId, genesis, receiptTimeout());
      // The SDK sends every transaction; the journal sees each one signed, before broadcast. The
      // keys go in as decoded once by SignerKeys; the configuration was checked just above.
      payer =
          PeaqosClient.builder()
              .chain(chain)
              .observer(txs)
              .verifyBeforeWrite(false)
              .config(
                  SdkVerification.config(
                      target.rpc(), target.expectedChainId(), target.addresses()))
              .signer(req.payer())
              .build();
      payerAddress = payer.address();
      machine = req.proxy() ? payer.withSigner(req.machineKey().get()) : payer;
      machineAddress = machine.address();
      DidAttributesStep did = new DidAttributesStep(req, txs, payer, machine);
      Out.debug(
          "payer " + payerAddress + " (" + req.payerSource() + "), machine " + machineAddress);

      // The balance check's reads start beside the registration read (reads only, used below in
      // the usual order, so the output is the same): the payer's balance and the bond.
      CompletableFuture<BigInteger> payerBalance =
          req.skipFunding() ? null : startRead(() -> chain.balance(payerAddress));
      CompletableFuture<BigInteger> bondRead = req.skipFunding() ? null : startRead(this::minBond);
      BigInteger machineId = machineIdOf(machineAddress);
      BigInteger operatorId = req.proxy() ? machineIdOf(payerAddress) : BigInteger.ZERO;
      if (req.proxy() && operatorId.signum() == 0) {
        throw new CliException(
            ExitCode.NETWORK,
            "Operator "
                + payerAddress
                + " is not registered: a proxy operator"
                + " must be a registered machine. Activate the operator first (peaqos activate without --for).");
      }

      // [1/6] Balance check
      Map<String, BigInteger> needs = new LinkedHashMap<>();
      boolean fundingNeeded = false;
      if (req.skipFunding()) {
        Out.step(1, STEPS, "Balance check (skipped: --skip-funding)");
      } else {
        Out.step(1, STEPS, "Balance check");
        BigInteger bond = machineId.signum() == 0 ? result(bondRead) : BigInteger.ZERO;
        if (machineId.signum() == 0) {
          this.bondRead = bond;
        }
        needs.put(payerAddress, bond.add(GAS_RESERVE));
        if (req.proxy()) {
          needs.put(machineAddress, GAS_RESERVE);
        }
        if (machineId.signum() > 0
            && tokenIdOf(machineId).signum() > 0
            && did.complete(machineId)) {
          needs.replaceAll((k, v) -> BigInteger.ZERO);
        }
        for (Map.Entry<String, BigInteger> e : new ArrayList<>(needs.entrySet())) {
          BigInteger bal =
              e.getKey().equals(payerAddress) ? result(payerBalance) : chain.balance(e.getKey());
          balances.put(e.getKey(), bal);
          boolean ok = bal.compareTo(e.getValue()) >= 0;
          Out.progress(
              "  "
                  + label(e.getKey())
                  + " "
                  + shortAddress(e.getKey())
                  + ": "
                  + peaq(bal)
                  + " PEAQ ("
                  + (ok ? "sufficient" : "insufficient, needs " + peaq(e.getValue()) + " PEAQ")
                  + ")");
          if (ok) {
            needs.remove(e.getKey());
          }
        }
        fundingNeeded = !needs.isEmpty();
      }

      // [2/6] 2FA enrolment and [3/6] funding
      if (req.skipFunding()) {
        Out.step(2, STEPS, "2FA enrollment (skipped: --skip-funding)");
        Out.step(3, STEPS, "Fund from Gas Station (skipped: --skip-funding)");
      } else if (!fundingNeeded) {
        Out.step(2, STEPS, "2FA enrollment (skipped: wallets funded)");
        Out.step(3, STEPS, "Fund from Gas Station (skipped: wallets funded)");
      } else {
        String url =
            target
                .gasStation()
                .orElseThrow(
                    () -> {
                      Out.progress(
                          "  No Gas Station is configured: fund the wallet by hand and re-run with --skip-funding,"
                              + " or set PEAQOS_GAS_STATION_URL.");
                      return ValidationException.required("PEAQOS_GAS_STATION_URL");
                    });
        GasStationClient station = GasStationClient.create(url);
        TwoFactorCodes codes = new TwoFactorCodes(req.totpCode());
        Out.step(2, STEPS, "2FA enrollment");
        GasStationFunding funding =
            new GasStationFunding(target, workDir, chain, journal, txs, payerAddress);
        String code = funding.enrol(station, codes);
        // No value goes to a key that is not on disk yet.
        req.payerKeyStored().run();
        Out.step(3, STEPS, "Fund from Gas Station");
        for (Map.Entry<String, BigInteger> e : needs.entrySet()) {
          code = funding.fund(station, codes, code, e.getKey());
          BigInteger bal = chain.balance(e.getKey());
          balances.put(e.getKey(), bal);
          if (bal.compareTo(e.getValue()) < 0) {
            throw new InsufficientBalanceException(e.getKey(), e.getValue(), bal);
          }
        }
      }

      // [4/6] Register
      req.payerKeyStored().run();
      Out.step(4, STEPS, "Register machine");
      machineId = register(machineId);
      ActivationSummary summary =
          new ActivationSummary(target, req, journal, txs, payerAddress, machineAddress);
      summary.startMcrWait();
      // [6/6]'s attribute reads go out beside the mint.
      did.startPreview(machineId);

      // [5/6] Mint
      Out.step(5, STEPS, "Mint NFT");
      BigInteger tokenId = mint(machineId);

      // [6/6] DID attributes
      Out.step(6, STEPS, "Write DID attributes");
      did.writeMachine(machineId, tokenId);
      if (req.proxy()) {
        did.writeProxy(operatorId, machineId);
      }

      summary.print(machineId, tokenId);
    }

    // ---- register, mint ---------------------------------------------------------------------

    BigInteger register(BigInteger known) {
      if (known.signum() > 0) {
        Out.progress("  Already registered. machine_id=" + known + " (no transaction)");
        txs.settleWithoutSending(STEP_REGISTER, payerAddress);
        return known;
      }
      Optional<TxReceipt> reconciled = txs.reconcile(STEP_REGISTER, payerAddress);
      // The run read the machine unregistered at its start: only a registration of ours that the
      // journal found mined since needs a second read. One sent by anyone else meanwhile is caught
      // by the SDK's own check before it sends (AlreadyRegisteredException, below).
      BigInteger id = reconciled.isPresent() ? machineIdOf(machineAddress) : BigInteger.ZERO;
      if (id.signum() > 0) {
        Out.progress(
            "  Registered. machine_id="
                + id
                + reconciled
                    .map(r -> " (tx " + r.transactionHash() + ", from the journal)")
                    .orElse(" (found on chain)"));
        return id;
      }
      BigInteger bond = bondRead != null ? bondRead : minBond();
      BigInteger balance =
          balances.containsKey(payerAddress)
              ? balances.get(payerAddress)
              : chain.balance(payerAddress);
      if (balance.compareTo(bond) <= 0) {
        throw new InsufficientBalanceException(payerAddress, bond.add(GAS_RESERVE), balance);
      }
      try {
        id =
            txs.run(
                STEP_REGISTER,
                payerAddress,
                () -> txs.entry(STEP_REGISTER, payerAddress).machineAddress(machineAddress),
                () -> req.proxy() ? payer.registerFor(machineAddress) : payer.registerMachine());
      } catch (AlreadyRegisteredException e) {
        id = machineIdOf(machineAddress);
        if (id.signum() > 0) {
          Out.progress("  Already registered. machine_id=" + id);
          return id;
        }
        throw e;
      }
      String hash = txs.lastHash();
      journal.append(
          txs.entry(STEP_REGISTER, payerAddress)
              .txHash(hash)
              .machineId(id.toString())
              .status(JournalEntry.STATUS_DONE));
      Out.progress("  Registered. machine_id=" + id + " (tx " + hash + ")");
      return id;
    }

    BigInteger mint(BigInteger machineId) {
      BigInteger token = tokenIdOf(machineId);
      if (token.signum() > 0) {
        Out.progress(
            "  Already minted. machine_id="
                + machineId
                + " -> token_id="
                + token
                + " (no transaction)");
        txs.settleWithoutSending(STEP_MINT, payerAddress);
        return token;
      }
      Optional<TxReceipt> reconciled = txs.reconcile(STEP_MINT, payerAddress);
      // Read just above, with nothing but the journal's reconciliation since: only a mint of ours
      // that it found mined needs a second read.
      token = reconciled.isPresent() ? tokenIdOf(machineId) : BigInteger.ZERO;
      if (token.signum() > 0) {
        Out.progress(
            "  Minted NFT for machine_id="
                + machineId
                + " -> token_id="
                + token
                + reconciled
                    .map(r -> " (tx " + r.transactionHash() + ", from the journal)")
                    .orElse(" (found on chain)"));
        return token;
      }
      NftMint minted =
          txs.run(
              STEP_MINT,
              payerAddress,
              () ->
                  txs.entry(STEP_MINT, payerAddress)
                      .machineAddress(machineAddress)
                      .machineId(machineId.toString()),
              () -> payer.mintNft(machineId, machineAddress));
      token = minted.tokenId();
      journal.append(
          txs.entry(STEP_MINT, payerAddress)
              .txHash(minted.txHash())
              .machineId(machineId.toString())
              .tokenId(token.toString())
              .status(JournalEntry.STATUS_DONE));
      Out.progress(
          "  Minted NFT for machine_id="
              + machineId
              + " -> token_id="
              + token
              + " (tx "
              + minted.txHash()
              + ")");
      return token;
    }

    // ---- reads ----------------------------------------------------------------------------------

    BigInteger machineIdOf(String wallet) {
      return payer.machineIdOf(wallet);
    }

    BigInteger tokenIdOf(BigInteger machineId) {
      return payer.tokenIdOf(machineId);
    }

    BigInteger minBond() {
      return payer.minBond();
    }

    /**
     * The SDK's configuration check, its findings told in the CLI's words: a wrong chain id, then a
     * registry or NFT address without code, then the SDK's own message naming the variable.
     *
     * @return the chain id
     */
    long verifyConfiguration() {
      ConfigurationCheck.Report report = result(prefetch.check);
      if (!report.chainIdMatches()) {
        throw CliException.config(
            "The RPC at "
                + target.rpc()
                + " reports chain id "
                + report.chainId()
                + " but network "
                + target.network()
                + " expects "
                + target.expectedChainId()
                + "; check PEAQOS_RPC_URL");
      }
      for (String var : List.of(Target.IDENTITY_REGISTRY, Target.MACHINE_NFT)) {
        for (ConfigurationCheck.AddressCheck c : report.addresses()) {
          if (c.variable().equals(var) && !c.ok() && c.detail().startsWith("no contract code")) {
            throw CliException.config(
                var
                    + " "
                    + c.address()
                    + " has no contract code on "
                    + target.rpc()
                    + (target.devnet()
                        ? " (is this devnet folder from another deployment?)"
                        : "; check the address"));
          }
        }
      }
      // A missing address is told as before, by the SDK configuration (ValidationError: X is
      // required).
      SdkVerification.config(target.rpc(), target.expectedChainId(), target.addresses());
      return report.orThrow().chainId();
    }

    String label(String address) {
      if (!req.proxy()) {
        return "Signer";
      }
      return address.equalsIgnoreCase(payerAddress) ? "Operator" : "Machine";
    }
  }

  static String shortAddress(String a) {
    return a.length() < 12 ? a : a.substring(0, 6) + "…" + a.substring(a.length() - 4);
  }

  static String peaq(BigInteger wei) {
    return new BigDecimal(wei)
        .divide(new BigDecimal(PEAQ), 4, RoundingMode.DOWN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /**
   * A Gas Station answer that says for sure no transfer was made for this request: a 4xx refusal
   * (bad code, cap, rate limit…) but not 408 or "in flight". No answer, a timeout or a 5xx
   * (TRANSFER_PENDING among them) leave the outcome unknown.
   */
  static boolean definiteRefusal(ApiException e) {
    int status = e.httpStatus();
    return status >= 400 && status < 500 && status != 408 && !"DUPLICATE_REQUEST".equals(e.code());
  }

  /** One activation per working directory at a time. */
  public static final class FileLockGuard implements AutoCloseable {
    private final FileChannel ch;
    private final FileLock lock;

    private FileLockGuard(FileChannel ch, FileLock lock) {
      this.ch = ch;
      this.lock = lock;
    }

    static FileLockGuard acquire(Path file) {
      try {
        Files.createDirectories(file.getParent());
        FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
          ch.close();
          throw CliException.input(
              "Another 'peaqos activate' is running in this directory; wait for it to finish");
        }
        return new FileLockGuard(ch, l);
      } catch (IOException e) {
        throw CliException.config("Cannot lock " + file + ": " + e.getMessage());
      }
    }

    @Override
    public void close() {
      try {
        lock.release();
        ch.close();
      } catch (IOException ignored) {
        // the lock dies with the process anyway
      }
    }
  }

  static String checksum(Credentials c) {
    return Keys.toChecksumAddress(c.getAddress());
  }

  /**
   * How long a step waits for its receipt before ending PENDING (exit 2): {@code
   * PEAQOS_RECEIPT_TIMEOUT_SECONDS}, default 120.
   */
  static Duration receiptTimeout() {
    return receiptTimeout(System.getenv("PEAQOS_RECEIPT_TIMEOUT_SECONDS"));
  }

  static Duration receiptTimeout(String seconds) {
    if (seconds == null || seconds.isBlank()) {
      return Duration.ofSeconds(120);
    }
    try {
      long s = Long.parseLong(seconds.strip());
      if (s > 0) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw CliException.config(
        "PEAQOS_RECEIPT_TIMEOUT_SECONDS must be a whole number of seconds above 0, got \""
            + seconds
            + "\"");
  }
}
