package xyz.peaq.os.cli.activate;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.UUID;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.SdkVerification;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.gasstation.Totp;
import xyz.peaq.os.cli.util.Files0600;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.cli.util.TerminalQr;
import xyz.peaq.os.sdk.DidWriteResult;
import xyz.peaq.os.sdk.MachineDidAttributes;
import xyz.peaq.os.sdk.NftMint;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.chain.ChainClient;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.AlreadyRegisteredException;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.InsufficientBalanceException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.McrResponse;

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
   * Runs the flow under the lock the caller already took with {@link #lock(Path)}: the command takes
   * it before it generates or reads the machine key, so two activations in one folder can never
   * both generate one.
   */
  public void runHoldingLock() {
    try (ChainClient chain = ChainClient.builder(target.rpc()).receiptTimeout(receiptTimeout()).build();
         Journal journal = Journal.open(workDir)) {
      new Run(chain, journal).execute();
    }
  }

  /** Takes {@code .peaqos/activate.lock} of {@code workDir}, or fails (exit 1) when another activation holds it. */
  public static FileLockGuard lock(Path workDir) {
    return FileLockGuard.acquire(workDir.resolve(".peaqos").resolve("activate.lock"));
  }

  /** One run's state. */
  private final class Run {
    final ChainClient chain;
    final Journal journal;
    JournaledTx txs;
    /** Signs register, mint and the proxy DID; pays the bond. */
    PeaqosClient payer;
    /** Signs the machine's own DID (the payer itself in self mode). */
    PeaqosClient machine;
    String machineAddress;
    String payerAddress;

    Run(ChainClient chain, Journal journal) {
      this.chain = chain;
      this.journal = journal;
      // The addresses the flow writes through must be set (ValidationException naming the variable).
      for (String var : new String[] {Target.IDENTITY_REGISTRY, Target.MACHINE_NFT, Target.DID_REGISTRY, Target.BATCH_PRECOMPILE}) {
        target.address(var);
      }
    }

    void execute() {
      long chainId = chain.fetchChainId();
      if (target.expectedChainId() != null && target.expectedChainId() != chainId) {
        throw CliException.config("The RPC at " + target.rpc() + " reports chain id " + chainId + " but network "
            + target.network() + " expects " + target.expectedChainId() + "; check PEAQOS_RPC_URL");
      }
      requireCode(Target.IDENTITY_REGISTRY, target.address(Target.IDENTITY_REGISTRY));
      requireCode(Target.MACHINE_NFT, target.address(Target.MACHINE_NFT));
      String genesis = chain.block(BigInteger.ZERO).map(b -> b.hash()).orElse("");
      txs = new JournaledTx(chain, journal, target.network(), chainId, genesis, receiptTimeout());
      // The SDK sends every transaction; the journal sees each one signed, before broadcast.
      payer = PeaqosClient.builder().chain(chain).observer(txs)
          .config(SdkVerification.config(target.rpc(), target.expectedChainId(), target.addresses())
              .withPrivateKey(hexKey(req.payer())))
          .build();
      // Before the first write: every address holds the contract it claims to (SDK check).
      payer.verify();
      payerAddress = payer.address();
      machine = req.proxy() ? payer.withSigner(hexKey(req.machineKey().get())) : payer;
      machineAddress = machine.address();
      Out.debug("payer " + payerAddress + " (" + req.payerSource() + "), machine " + machineAddress);

      BigInteger machineId = machineIdOf(machineAddress);
      BigInteger operatorId = req.proxy() ? machineIdOf(payerAddress) : BigInteger.ZERO;
      if (req.proxy() && operatorId.signum() == 0) {
        throw new CliException(ExitCode.NETWORK, "Operator " + payerAddress + " is not registered: a proxy operator"
            + " must be a registered machine. Activate the operator first (peaqos activate without --for).");
      }

      // [1/6] Balance check
      Map<String, BigInteger> needs = new LinkedHashMap<>();
      boolean fundingNeeded = false;
      if (req.skipFunding()) {
        Out.step(1, STEPS, "Balance check (skipped: --skip-funding)");
      } else {
        Out.step(1, STEPS, "Balance check");
        BigInteger bond = machineId.signum() == 0 ? minBond() : BigInteger.ZERO;
        needs.put(payerAddress, bond.add(GAS_RESERVE));
        if (req.proxy()) {
          needs.put(machineAddress, GAS_RESERVE);
        }
        if (machineId.signum() > 0 && tokenIdOf(machineId).signum() > 0 && didComplete(machineId)) {
          needs.replaceAll((k, v) -> BigInteger.ZERO);
        }
        for (Map.Entry<String, BigInteger> e : new ArrayList<>(needs.entrySet())) {
          BigInteger bal = chain.balance(e.getKey());
          boolean ok = bal.compareTo(e.getValue()) >= 0;
          Out.progress("  " + label(e.getKey()) + " " + shortAddress(e.getKey()) + ": " + peaq(bal) + " PEAQ ("
              + (ok ? "sufficient" : "insufficient, needs " + peaq(e.getValue()) + " PEAQ") + ")");
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
        String url = target.gasStation().orElseThrow(() -> {
          Out.progress("  No Gas Station is configured: fund the wallet by hand and re-run with --skip-funding,"
              + " or set PEAQOS_GAS_STATION_URL.");
          return ValidationException.required("PEAQOS_GAS_STATION_URL");
        });
        GasStationClient station = GasStationClient.create(url);
        TwoFactorCodes codes = new TwoFactorCodes(req.totpCode());
        Out.step(2, STEPS, "2FA enrollment");
        String code = enrol(station, codes);
        Out.step(3, STEPS, "Fund from Gas Station");
        for (Map.Entry<String, BigInteger> e : needs.entrySet()) {
          code = fund(station, codes, code, e.getKey());
          BigInteger bal = chain.balance(e.getKey());
          if (bal.compareTo(e.getValue()) < 0) {
            throw new InsufficientBalanceException(e.getKey(), e.getValue(), bal);
          }
        }
      }

      // [4/6] Register
      Out.step(4, STEPS, "Register machine");
      machineId = register(machineId);

      // [5/6] Mint
      Out.step(5, STEPS, "Mint NFT");
      BigInteger tokenId = mint(machineId);

      // [6/6] DID attributes
      Out.step(6, STEPS, "Write DID attributes");
      writeDid(machineId, tokenId);
      if (req.proxy()) {
        writeProxyDid(operatorId, machineId);
      }

      summary(machineId, tokenId);
    }

    // ---- 2FA and funding -------------------------------------------------------------------

    String enrol(GasStationClient station, TwoFactorCodes codes) {
      Path secretFile = workDir.resolve(".peaqos").resolve("devnet-2fa-" + payerAddress.toLowerCase() + ".uri");
      FaucetSetup setup;
      try {
        setup = station.setup(payerAddress, QrFormat.PNG);
      } catch (ApiException e) {
        if (!"2FA_ALREADY_CONFIGURED".equals(e.code())) {
          throw e;
        }
        Out.progress("  2FA already enrolled for " + shortAddress(payerAddress) + ". Skipping setup.");
        if (target.devnet()) {
          codes.useDevnetSecret(otpauth(readDevnetSecret(secretFile)), stepFile(secretFile));
          Out.progress("  Devnet: the CLI answers the 2FA prompt itself with a code computed from the enrolment"
              + " secret kept in " + workDir.relativize(secretFile) + " (never on agung or mainnet).");
        }
        return null;
      }
      Out.progress(TerminalQr.render(setup.otpauthUri()));
      Out.progress("  Scan the QR code above, or use one of the following:");
      Out.progress("    otpauth URI : " + setup.otpauthUri());
      Out.progress("    QR image URL: " + setup.qrImageUrl());
      if (target.devnet()) {
        try {
          // Devnet only: a killed run can still answer 2FA on re-run (the station enrols once).
          Files0600.writeAtomically(secretFile, setup.otpauthUri() + "\n");
        } catch (IOException e) {
          Out.debug("could not keep the devnet 2FA secret: " + e.getMessage());
        }
        codes.useDevnetSecret(otpauth(setup.otpauthUri()), stepFile(secretFile));
        Out.progress("  Devnet: the CLI answers the 2FA prompt itself with a code computed from the enrolment secret"
            + " (on agung and mainnet the code comes from you: --totp-code, PEAQOS_TOTP_CODE or the prompt).");
      }
      String code = codes.next("2FA enrolment");
      station.confirm(payerAddress, code);
      Out.progress("  2FA enrolled for " + shortAddress(payerAddress) + ".");
      return codes.automatic() ? null : code;
    }

    private Totp.Otpauth otpauth(String uri) {
      try {
        return Totp.fromOtpauthUri(uri);
      } catch (IllegalArgumentException e) {
        throw CliException.network("The Gas Station's 2FA enrolment cannot be used: " + e.getMessage());
      }
    }

    private Path stepFile(Path secretFile) {
      return secretFile.resolveSibling(secretFile.getFileName().toString().replace(".uri", ".step"));
    }

    private String readDevnetSecret(Path file) {
      try {
        return Files.readString(file).strip();
      } catch (IOException e) {
        throw CliException.input("2FA is already enrolled for " + payerAddress + " on this devnet, but its secret is not in "
            + workDir.relativize(file) + " (it was enrolled from another folder). Run activate from that folder, or"
            + " pass --totp-code with a code from the authenticator that holds it.");
      }
    }

    String fund(GasStationClient station, TwoFactorCodes codes, String lastCode, String wallet) {
      String requestId = openFundRequest(wallet).orElseGet(() -> UUID.randomUUID().toString());
      String code = lastCode != null ? lastCode : codes.next("funding " + shortAddress(wallet));
      FundResult result = null;
      for (int attempt = 1; result == null; attempt++) {
        journal.append(txs.entry(STEP_FUND, wallet).requestId(requestId).status(JournalEntry.STATUS_SUBMITTED));
        try {
          result = station.fund(FundRequest.builder().ownerAddress(payerAddress).targetWalletAddress(wallet)
              .twoFactorCode(code).requestId(requestId).build());
        } catch (ApiException e) {
          journal.append(txs.entry(STEP_FUND, wallet).requestId(requestId)
              .status(definiteRefusal(e) ? JournalEntry.STATUS_FAILED : JournalEntry.STATUS_UNKNOWN).detail(e.code()));
          if (!"INVALID_2FA".equals(e.code()) || !codes.automatic() || attempt >= 3) {
            throw e;
          }
          // The station saw this code's step already (an earlier run): take a later one.
          codes.rejected();
          code = codes.next("funding " + shortAddress(wallet));
          requestId = UUID.randomUUID().toString();
        }
      }
      if (result instanceof FundResult.Funded f) {
        Out.progress("  Funded " + shortAddress(wallet) + " with " + peaq(f.fundedAmount()) + " PEAQ (tx " + f.txHash() + ")");
        TxReceipt r;
        try {
          r = chain.awaitReceipt(f.txHash(), receiptTimeout());
        } catch (xyz.peaq.os.sdk.chain.ReceiptTimeoutException e) {
          throw JournaledTx.pending(f.txHash());
        }
        journal.append(txs.entry(STEP_FUND, wallet).requestId(requestId).txHash(f.txHash())
            .fundedAmount(f.fundedAmount().toString()).blockNumber(r.blockNumber().longValue())
            .status(JournalEntry.STATUS_CONFIRMED));
      } else if (result instanceof FundResult.Skipped s) {
        Out.progress("  Gas Station skipped " + shortAddress(wallet) + ": it holds " + peaq(s.currentBalance())
            + " PEAQ, at least the minimum of " + peaq(s.minGasBalance()) + " PEAQ.");
        journal.append(txs.entry(STEP_FUND, wallet).requestId(requestId).status(JournalEntry.STATUS_SKIPPED));
      }
      return null;
    }

    /** A funding request of an earlier run with no outcome: replay the same id, never a second transfer. */
    Optional<String> openFundRequest(String wallet) {
      Map<String, String> status = new LinkedHashMap<>();
      for (JournalEntry e : journal.entries()) {
        if (STEP_FUND.equals(e.step()) && e.requestId() != null && e.wallet() != null && e.wallet().equalsIgnoreCase(wallet)
            && e.chainId() != null && target.expectedChainId() != null && e.chainId().equals(target.expectedChainId())) {
          status.put(e.requestId(), e.status());
        }
      }
      return status.entrySet().stream().filter(en -> JournalEntry.STATUS_SUBMITTED.equals(en.getValue())
              || JournalEntry.STATUS_UNKNOWN.equals(en.getValue()))
          .map(Map.Entry::getKey).reduce((a, b) -> b);
    }


    // ---- register, mint ---------------------------------------------------------------------

    private static String hexKey(Credentials c) {
      return Numeric.toHexStringWithPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64);
    }

    BigInteger register(BigInteger known) {
      if (known.signum() > 0) {
        Out.progress("  Already registered. machine_id=" + known + " (no transaction)");
        txs.settleWithoutSending(STEP_REGISTER, payerAddress);
        return known;
      }
      Optional<TxReceipt> reconciled = txs.reconcile(STEP_REGISTER, payerAddress);
      BigInteger id = machineIdOf(machineAddress);
      if (id.signum() > 0) {
        Out.progress("  Registered. machine_id=" + id + reconciled.map(r -> " (tx " + r.transactionHash() + ", from the journal)").orElse(" (found on chain)"));
        return id;
      }
      BigInteger bond = minBond();
      BigInteger balance = chain.balance(payerAddress);
      if (balance.compareTo(bond) <= 0) {
        throw new InsufficientBalanceException(payerAddress, bond.add(GAS_RESERVE), balance);
      }
      try {
        id = txs.run(STEP_REGISTER, payerAddress, () -> txs.entry(STEP_REGISTER, payerAddress).machineAddress(machineAddress),
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
      journal.append(txs.entry(STEP_REGISTER, payerAddress).txHash(hash).machineId(id.toString())
          .status(JournalEntry.STATUS_DONE));
      Out.progress("  Registered. machine_id=" + id + " (tx " + hash + ")");
      return id;
    }

    BigInteger mint(BigInteger machineId) {
      BigInteger token = tokenIdOf(machineId);
      if (token.signum() > 0) {
        Out.progress("  Already minted. machine_id=" + machineId + " -> token_id=" + token + " (no transaction)");
        txs.settleWithoutSending(STEP_MINT, payerAddress);
        return token;
      }
      Optional<TxReceipt> reconciled = txs.reconcile(STEP_MINT, payerAddress);
      token = tokenIdOf(machineId);
      if (token.signum() > 0) {
        Out.progress("  Minted NFT for machine_id=" + machineId + " -> token_id=" + token
            + reconciled.map(r -> " (tx " + r.transactionHash() + ", from the journal)").orElse(" (found on chain)"));
        return token;
      }
      NftMint minted = txs.run(STEP_MINT, payerAddress,
          () -> txs.entry(STEP_MINT, payerAddress).machineAddress(machineAddress).machineId(machineId.toString()),
          () -> payer.mintNft(machineId, machineAddress));
      token = minted.tokenId();
      journal.append(txs.entry(STEP_MINT, payerAddress).txHash(minted.txHash()).machineId(machineId.toString())
          .tokenId(token.toString()).status(JournalEntry.STATUS_DONE));
      Out.progress("  Minted NFT for machine_id=" + machineId + " -> token_id=" + token + " (tx " + minted.txHash() + ")");
      return token;
    }

    // ---- DID ------------------------------------------------------------------------------------

    /** The machine's DID as the SDK writes it: the URLs only when given; operator the proxy's DID, else its own. */
    MachineDidAttributes desiredAttributes(BigInteger machineId, BigInteger tokenId) {
      return new MachineDidAttributes(machineId, tokenId, req.proxy() ? "did:peaq:" + payerAddress : null,
          req.documentationUrl().orElse(null), req.dataApi().orElse(null), req.visibility());
    }

    boolean didComplete(BigInteger machineId) {
      BigInteger token = tokenIdOf(machineId);
      return machine.previewMachineDIDAttributes(desiredAttributes(machineId, token)).written() == 0;
    }

    void writeDid(BigInteger machineId, BigInteger tokenId) {
      MachineDidAttributes want = desiredAttributes(machineId, tokenId);
      DidWriteResult plan = machine.previewMachineDIDAttributes(want);
      int total = plan.written() + plan.unchanged().size();
      if (plan.written() == 0) {
        Out.progress("  DID attributes already written (" + total + "/" + total + "); no transaction");
        txs.settleWithoutSending(STEP_DID, machineAddress);
        return;
      }
      Optional<TxReceipt> reconciled = txs.reconcile(STEP_DID, machineAddress);
      DidWriteResult r = txs.run(STEP_DID, machineAddress,
          () -> txs.entry(STEP_DID, machineAddress).machineId(machineId.toString()),
          () -> machine.writeMachineDIDAttributes(want));
      if (r.txHash().isEmpty()) {
        Out.progress(reconciled.map(x -> "  Wrote " + total + " machine DID attributes (tx " + x.transactionHash()
            + ", from the journal)").orElse("  DID attributes already written (" + total + "/" + total + "); no transaction"));
        return;
      }
      Out.progress("  Wrote " + r.written() + " machine DID attribute" + (r.written() == 1 ? "" : "s")
          + " (tx " + r.txHash().get() + ")");
    }

    void writeProxyDid(BigInteger operatorId, BigInteger machineId) {
      List<BigInteger> ids = new ArrayList<>();
      payer.readAttribute(payerAddress, PeaqosClient.ATTR_MACHINES).ifPresent(a -> ids.addAll(parseIds(a.value())));
      if (!ids.contains(machineId)) {
        ids.add(machineId);
      }
      txs.reconcile(STEP_PROXY_DID, payerAddress);
      DidWriteResult r = txs.run(STEP_PROXY_DID, payerAddress,
          () -> txs.entry(STEP_PROXY_DID, payerAddress).machineId(machineId.toString()),
          () -> payer.writeProxyDIDAttributes(operatorId, ids));
      if (r.txHash().isEmpty()) {
        Out.progress("  Operator DID lists machine " + machineId + " already; no transaction");
        return;
      }
      Out.progress("  Wrote the operator's proxy DID attributes (tx " + r.txHash().get() + ")");
    }

    List<BigInteger> parseIds(String json) {
      List<BigInteger> out = new ArrayList<>();
      try {
        for (JsonNode n : Json.MAPPER.readTree(json)) {
          out.add(new BigInteger(n.asText()));
        }
      } catch (IOException | RuntimeException e) {
        Out.debug("operator machines attribute is not a JSON array of ids; rewriting it");
      }
      return out;
    }

    // ---- summary --------------------------------------------------------------------------------

    void summary(BigInteger machineId, BigInteger tokenId) {
      String did = "did:peaq:" + machineAddress;
      Optional<McrResponse> mcr = waitForMcr(did);
      boolean nothingSent = txs.sentCount() == 0;
      if (req.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", nothingSent ? "already_activated" : "activated");
        m.put("network", target.network());
        m.put("machineId", machineId.toString());
        m.put("tokenId", tokenId.toString());
        m.put("machineDid", did);
        m.put("machineAddress", machineAddress);
        if (req.proxy()) {
          m.put("operatorDid", "did:peaq:" + payerAddress);
        }
        m.put("mcr", mcr.map(McrResponse::mcr).orElse(null));
        m.put("mcrScore", mcr.map(McrResponse::mcrScore).orElse(null));
        m.put("transactionsSent", txs.sentCount());
        m.put("journal", journal.file().toString());
        if (mcrFailure != null) {
          m.put("mcrError", mcrFailure);
        }
        Json.print(m);
        failIfMcrUnreachable(did);
        return;
      }
      if (nothingSent) {
        Out.progress("Nothing to do: every step was already complete on chain; no transaction was sent.");
      }
      Out.result("Machine activated successfully.");
      Out.result("  Machine ID : " + machineId);
      Out.result("  Token ID   : " + tokenId);
      Out.result("  Machine DID: " + did);
      if (req.proxy()) {
        Out.result("  Machine Address: " + machineAddress);
        Out.result("  Operator DID   : did:peaq:" + payerAddress);
      }
      Out.result("  MCR rating : " + mcr.map(r -> r.mcr() + " (score " + r.mcrScore() + ")")
          .orElse(mcrFailure != null ? "unknown: the MCR API cannot be reached"
              : "not indexed yet (query later: peaqos qualify mcr " + did + ")"));
      failIfMcrUnreachable(did);
    }

    /**
     * The machine is activated on chain, but the MCR API that should show it does not answer: that
     * is a network failure (exit 2), not a success whose rating is merely "not indexed yet".
     */
    private void failIfMcrUnreachable(String did) {
      if (mcrFailure != null) {
        throw new CliException(ExitCode.NETWORK, "The machine is activated on chain, but the MCR API at "
            + target.mcrUrl() + " cannot be reached (" + mcrFailure + "). Check PEAQOS_MCR_API_URL, then run"
            + " 'peaqos qualify mcr " + did + "' (re-running activate sends no transaction).");
      }
    }

    /** The machine's rating once the MCR API has indexed it; empty after MCR_WAIT or on any MCR failure. */
    Optional<McrResponse> waitForMcr(String did) {
      try {
        return Optional.of(McrClient.create(target.mcrUrl()).awaitMcr(did, r -> true, MCR_WAIT));
      } catch (ApiException e) {
        Out.debug("MCR API: " + e.getMessage());
        if (!"TIMEOUT".equals(e.code())) {
          // No answer, or no usable one: not the same thing as "not indexed yet".
          mcrFailure = e.code() + ": " + e.getMessage();
        }
        return Optional.empty();
      } catch (ValidationException e) {
        Out.debug("MCR API: " + e.getMessage());
        mcrFailure = e.getMessage();
        return Optional.empty();
      }
    }

    /** Why the MCR API gave no rating, when it was not merely "not indexed yet"; null otherwise. */
    String mcrFailure;

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

    void requireCode(String var, String address) {
      if (!chain.hasCode(address)) {
        throw CliException.config(var + " " + address + " has no contract code on " + target.rpc()
            + (target.devnet() ? " (is this devnet folder from another deployment?)" : "; check the address"));
      }
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
    return new BigDecimal(wei).divide(new BigDecimal(PEAQ), 4, RoundingMode.DOWN).stripTrailingZeros().toPlainString();
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
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
          ch.close();
          throw CliException.input("Another 'peaqos activate' is running in this directory; wait for it to finish");
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

  /** How long a step waits for its receipt before ending PENDING (exit 2): {@code PEAQOS_RECEIPT_TIMEOUT_SECONDS}, default 120. */
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
    throw CliException.config("PEAQOS_RECEIPT_TIMEOUT_SECONDS must be a whole number of seconds above 0, got \"" + seconds + "\"");
  }
}
