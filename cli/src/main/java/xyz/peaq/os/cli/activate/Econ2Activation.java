package xyz.peaq.os.cli.activate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.devnet.DevnetWallets;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.cli.util.ExplorerLinks;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.econ2.ActivationException;
import xyz.peaq.os.sdk.econ2.ActivationParams;
import xyz.peaq.os.sdk.econ2.ActivationPreview;
import xyz.peaq.os.sdk.econ2.ActivationResult;
import xyz.peaq.os.sdk.econ2.Econ2Client;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.econ2.Econ2Exception;
import xyz.peaq.os.sdk.econ2.MachineActivationState;
import xyz.peaq.os.sdk.econ2.PendingTransactionException;
import xyz.peaq.os.sdk.econ2.Tier;
import xyz.peaq.os.sdk.econ2.UsdtActivationPreview;
import xyz.peaq.os.sdk.econ2.UsdtActivationResult;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.gasstation.GasStationClient;

/**
 * {@code peaqos activate} in Economics 2.0 mode, in the official CLI 0.1.1's run order: compute the
 * machine id, reconcile the journal ({@code ./peaqos.log}), stop with {@code already_active} when
 * the machine is active, preview the quote, fund the signer (Gas Station with 2FA as in 1.0 mode;
 * on the devnet also the bond), check the native balance covers net bond plus gas, ask for consent,
 * then one {@code activateMachine} bound to the previewed machine id and net amount. Every
 * transaction goes through the SDK's pipeline with {@link Econ2Journal} writing ahead.
 */
public final class Econ2Activation {
  static final int STEPS = 7;

  /** Native balance kept free above the net bond for the activation's gas (the official CLI's). */
  static final BigInteger GAS_HEADROOM = new BigInteger("50000000000000000");

  /** What the command resolved before any I/O. */
  public record Request(
      String deploymentId,
      Path devnetDir,
      Credentials signer,
      String signerSource,
      Optional<String> operator,
      String machineType,
      byte[] credentialSubject,
      String manufacturer,
      Tier tier,
      Optional<Path> didDocument,
      boolean skipFunding,
      boolean dryRun,
      boolean json,
      boolean yes,
      Optional<String> totpCode,
      String payment,
      int slippageBps) {

    /** {@code --payment usdt}: the bond is paid in USDT through the provision pool. */
    boolean usdt() {
      return "usdt".equals(payment);
    }

    boolean machineKeyMode() {
      return operator.isPresent();
    }

    String signerAddress() {
      return Keys.toChecksumAddress(signer.getAddress());
    }

    String controller() {
      return operator.orElse(signerAddress());
    }

    @Override
    public String toString() {
      return "Econ2Activation.Request[" + deploymentId + ", " + signerAddress() + "]";
    }
  }

  private final Target target;
  private final Request req;
  private final Path workDir;

  public Econ2Activation(Target target, Request req, Path workDir) {
    this.target = target;
    this.req = req;
    this.workDir = workDir;
  }

  /** Runs under the folder's activate lock, which the command already holds. */
  public void runHoldingLock() {
    Econ2Deployment deployment;
    try {
      deployment = Econ2Deployment.resolve(req.deploymentId(), req.devnetDir());
    } catch (Econ2Exception e) {
      throw fail(new Econ2Report(), e.code(), e.getMessage(), null);
    }
    String rpc =
        target.rpcUrl() != null && !target.rpcUrl().isBlank()
            ? target.rpcUrl()
            : switch (deployment.deploymentId()) {
              case Econ2Deployment.PEAQ_MAINNET -> PeaqosConfig.MAINNET_RPC_URL;
              case Econ2Deployment.AGUNG -> PeaqosConfig.AGUNG_RPC_URL;
              default -> target.rpc();
            };
    try (ChainReads chain =
            ChainReads.connect(
                rpc,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                RetryPolicy.defaults(),
                Activation.receiptTimeout());
        Journal journal = Journal.open(workDir)) {
      new Run(chain, journal, deployment).execute();
    }
  }

  private final class Run {
    final ChainReads chain;
    final Journal journal;
    final Econ2Deployment deployment;
    final String signer = req.signerAddress();
    final Econ2Report report = new Econ2Report();
    Econ2Journal observer;
    JournaledTx txs;

    Run(ChainReads chain, Journal journal, Econ2Deployment deployment) {
      this.chain = chain;
      this.journal = journal;
      this.deployment = deployment;
    }

    void execute() {
      boolean devnet = Econ2Deployment.DEVNET.equals(deployment.deploymentId());
      report
          .put("status", "preview")
          .put("mode", req.machineKeyMode() ? "machine-owned/operator-controlled" : "self-owned")
          .put("deployment_id", deployment.deploymentId())
          .put("chain_id", deployment.chainId())
          .put("machine_state_and_sync", deployment.machineStateAndSync())
          .put("machine_type", req.machineType())
          .put("manufacturer", req.manufacturer())
          .put("tier", req.tier().id())
          .put("owner", signer)
          .put("controller", req.controller());
      Out.progress(
          "Activating (Economics 2.0, deployment "
              + deployment.deploymentId()
              + ") as "
              + signer
              + " (key from "
              + req.signerSource()
              + ")"
              + req.operator().map(o -> ", operator " + o + " as DID controller").orElse(""));

      // [1] The deterministic identity, before anything else.
      Out.step(1, STEPS, "Compute machine identity");
      BigInteger machineId =
          Econ2Client.computeMachineId(req.machineType(), req.credentialSubject());
      report.put("machine_id", machineId);
      Out.progress("  machine_id=" + machineId + " (did:peaq:" + machineId + ")");

      // [2] Nothing outstanding, and not already active.
      Out.step(2, STEPS, "Reconcile previous submissions");
      String genesis = read(() -> chain.block(BigInteger.ZERO).map(b -> b.hash()).orElse(""));
      txs =
          new JournaledTx(
              chain,
              journal,
              target.network(),
              deployment.chainId(),
              genesis,
              Activation.receiptTimeout());
      observer = new Econ2Journal(txs, journal, signer, machineId.toString());
      Econ2Client econ2 =
          Econ2Client.create(chain, deployment, chain.signer(req.signer()), observer);
      Optional<TxReceipt> activation;
      try {
        econ2.preflight();
        txs.reconcile(Econ2Journal.STEP_APPROVAL, signer);
        // Only an activation this folder sent and never saw the outcome of counts as "activated
        // now"; a confirmed one from an earlier run is an already active machine.
        boolean open = hasOpenSubmission(Econ2Journal.STEP_ACTIVATION);
        activation = txs.reconcile(Econ2Journal.STEP_ACTIVATION, signer).filter(r -> open);
      } catch (Econ2Exception e) {
        throw fail(report, e.code(), e.getMessage(), null);
      } catch (CliException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("PENDING")) {
          throw fail(report, "PENDING_TRANSACTION", e.getMessage(), null);
        }
        throw e;
      }
      Optional<MachineActivationState> state = stateOf(econ2, machineId);
      if (state.isPresent() && state.get().subscription().activated()) {
        MachineActivationState s = state.get();
        if (!s.owner().equalsIgnoreCase(signer)
            || !s.controller().equalsIgnoreCase(req.controller())) {
          report.put("owner", s.owner()).put("controller", s.controller());
          throw failWith(
              report,
              "STATE_CONFLICT",
              ExitCode.NETWORK,
              "machine "
                  + machineId
                  + " is active with owner "
                  + s.owner()
                  + " and controller "
                  + s.controller()
                  + ", not as this request asks",
              "No repair or duplicate activation was attempted. Resolve the differences before re-running.",
              null);
        }
        txs.settleWithoutSending(Econ2Journal.STEP_APPROVAL, signer);
        report
            .put("status", activation.isPresent() ? "activated" : "already_active")
            .put("tier", s.subscription().tier().id())
            .put("bond_amount", s.subscription().bondedAmount())
            .put("transaction_hash", activation.map(TxReceipt::transactionHash).orElse(null))
            .put("period_start", s.subscription().periodStart())
            .put("period_end", s.subscription().periodEnd())
            .put("is_homed_locally", s.homedLocally())
            .put("explorer_url", explorerUrl(devnet, machineId));
        Out.progress(
            activation.isPresent()
                ? "  Activated by the journaled transaction "
                    + activation.get().transactionHash()
                    + " (reconciled; nothing sent)"
                : "  ALREADY_ACTIVE: machine " + machineId + " is active (no transaction)");
        done(machineId, activation.map(TxReceipt::transactionHash).orElse(null));
        report.print(req.json());
        return;
      }

      // [3] Quote.
      Out.step(3, STEPS, "Quote the activation");
      ActivationParams params = params(machineId);
      ActivationPreview preview = req.usdt() ? null : preview(econ2, params);
      UsdtActivationPreview usdtPreview = req.usdt() ? usdtPreview(econ2, params) : null;

      // [4]-[6] Funding as in 1.0 mode (balance check, 2FA, Gas Station), then the shortfall
      // check. On the USDT rail only gas leaves the wallet in PEAQ.
      if (req.usdt()) {
        fund(BigInteger.ZERO, usdtPreview, devnet);
        usdtPreview = usdtPreview(econ2, params);
      } else {
        fund(preview.netPeaqAmount(), null, devnet);
        preview = preview(econ2, params);
      }
      BigInteger peaqSpend = req.usdt() ? BigInteger.ZERO : preview.netPeaqAmount();
      showQuote();
      BigInteger balance = read(() -> chain.balance(signer));
      BigInteger need = peaqSpend.add(GAS_HEADROOM);
      if (req.usdt() && balance.compareTo(need) < 0) {
        throw failWith(
            report,
            "INSUFFICIENT_PEAQ",
            ExitCode.NETWORK,
            (req.machineKeyMode() ? "The machine wallet " : "The activation signer ")
                + signer
                + " holds "
                + Activation.peaq(balance)
                + " PEAQ, which does not cover "
                + Activation.peaq(GAS_HEADROOM)
                + " PEAQ of gas (the bond is paid in USDT). Nothing was sent",
            "Fund the signer with PEAQ for gas and re-run.",
            null);
      }
      if (req.usdt()
          && usdtPreview.netPeaqAmount().signum() > 0
          && usdtPreview.balance().compareTo(usdtPreview.quotedUsdtAmount()) < 0) {
        // The official CLI prints the SDK's INSUFFICIENT_BALANCE as INSUFFICIENT_PEAQ on both
        // rails; the code is kept for scripts, the message says what is short.
        throw failWith(
            report,
            "INSUFFICIENT_PEAQ",
            ExitCode.NETWORK,
            (req.machineKeyMode() ? "The machine wallet " : "The activation signer ")
                + signer
                + " holds "
                + usdt(usdtPreview.balance())
                + " USDT, which does not cover the quoted "
                + usdt(usdtPreview.quotedUsdtAmount())
                + " USDT for the net bond of "
                + Activation.peaq(usdtPreview.netPeaqAmount())
                + " PEAQ. Nothing was sent",
            "Fund the signer with USDT (token "
                + usdtPreview.usdtToken()
                + ") and re-run, or pay in PEAQ (--payment peaq).",
            null);
      }
      if (balance.compareTo(need) < 0) {
        throw failWith(
            report,
            "INSUFFICIENT_PEAQ",
            ExitCode.NETWORK,
            (req.machineKeyMode() ? "The machine wallet " : "The activation signer ")
                + signer
                + " holds "
                + Activation.peaq(balance)
                + " PEAQ, which does not cover the net bond of "
                + Activation.peaq(preview.netPeaqAmount())
                + " PEAQ plus "
                + Activation.peaq(GAS_HEADROOM)
                + " PEAQ of gas. Nothing was sent",
            req.machineKeyMode()
                ? "Fund the machine wallet (the one behind --machine-key): it signs, owns the machine and pays the bond and the gas."
                : "Fund the activation signer and re-run.",
            null);
      }
      if (req.dryRun()) {
        Out.progress("  --dry-run: nothing was sent.");
        report.print(req.json());
        return;
      }
      consent(devnet);

      // [7] Submit, bounded by exactly what was shown.
      Out.step(STEPS, STEPS, "Activate machine");
      ActivationResult result;
      UsdtActivationResult paid = null;
      try {
        if (req.usdt()) {
          // Bound to the previewed machine id (params) and the previewed USDT maximum.
          paid = econ2.activateMachineWithUsdt(params, usdtPreview.maxUsdtAmount());
          result = paid.activation();
        } else {
          result = econ2.activateMachine(params.boundTo(preview));
        }
      } catch (PendingTransactionException e) {
        report.put("phase", e.phase()).put("transaction_hash", e.transactionHash());
        throw fail(report, e.code(), e.getMessage(), e.transactionHash());
      } catch (ActivationException e) {
        observer.failed(
            e.transactionHash(), e.solidityError() == null ? e.code() : e.solidityError());
        throw fail(report, e.code(), e.getMessage(), e.transactionHash(), e.solidityError());
      } catch (Econ2Exception e) {
        throw fail(report, e.code(), e.getMessage(), null);
      }
      done(machineId, result.transactionHash());
      report
          .put("status", "activated")
          .put("peaq_token", null)
          .put("balance", null)
          .put("approval_required", null)
          .put("bond_amount", result.bondAmount())
          .put("voucher_credit", result.voucherCreditApplied())
          .put("net_peaq_amount", result.netPeaqAmount())
          .put("transaction_hash", result.transactionHash())
          .put("period_start", result.subscription().periodStart())
          .put("period_end", result.subscription().periodEnd())
          .put("is_homed_locally", result.homedLocally())
          .put("explorer_url", explorerUrl(devnet, machineId));
      if (paid != null) {
        report
            .put("usdt_token", paid.usdtToken())
            .put("max_usdt_amount", paid.maxUsdtAmount())
            .put("usdt_amount", paid.usdtAmount())
            .put("quoted_usdt_amount", null)
            .put("slippage_bps", null);
      }
      Out.progress(
          "  Activated. machine_id="
              + machineId
              + " (tx "
              + result.transactionHash()
              + (result.approvalTransactionHash() != null
                  ? ", approval " + result.approvalTransactionHash()
                  : ", no approval needed")
              + ")");
      report.print(req.json());
    }

    /**
     * The machine's page in the explorer our MCR API serves (the devnet's); null elsewhere, where
     * the MCR API may be the official one, which has no explorer. An addition to the official CLI's
     * keys, like 1.0's {@code explorerUrl}.
     */
    String explorerUrl(boolean devnet, BigInteger machineId) {
      return devnet
          ? ExplorerLinks.machine(target.mcrUrl(), Econ2Client.machineDid(machineId))
          : null;
    }

    ActivationParams params(BigInteger machineId) {
      DidDocumentFile doc =
          req.didDocument()
              .map(DidDocumentFile::read)
              .orElseGet(() -> DidDocumentFile.defaultFor(req.signer(), req.controller()));
      return new ActivationParams(
          req.controller(),
          doc.verificationMethods(),
          doc.authentication(),
          doc.serviceEndpoints(),
          req.machineType(),
          req.credentialSubject(),
          req.manufacturer(),
          req.tier(),
          machineId,
          null);
    }

    ActivationPreview preview(Econ2Client econ2, ActivationParams params) {
      try {
        ActivationPreview p = econ2.previewMachineActivation(params);
        report
            .put("peaq_token", p.peaqToken())
            .put("bond_amount", p.bondAmount())
            .put("voucher_credit", p.voucherCredit())
            .put("net_peaq_amount", p.netPeaqAmount())
            .put("balance", p.balance())
            .put("approval_required", p.approvalRequired());
        return p;
      } catch (Econ2Exception e) {
        throw fail(report, e.code(), e.getMessage(), null);
      }
    }

    UsdtActivationPreview usdtPreview(Econ2Client econ2, ActivationParams params) {
      try {
        UsdtActivationPreview p = econ2.previewMachineActivationWithUsdt(params, req.slippageBps());
        report
            .put("bond_amount", p.bondAmount())
            .put("voucher_credit", p.voucherCredit())
            .put("net_peaq_amount", p.netPeaqAmount())
            .put("balance", p.balance())
            .put("approval_required", p.approvalRequired())
            .put("payment", "usdt")
            .put("usdt_token", p.usdtToken())
            .put("quoted_usdt_amount", p.quotedUsdtAmount())
            .put("slippage_bps", p.slippageBps())
            .put("max_usdt_amount", p.maxUsdtAmount());
        return p;
      } catch (Econ2Exception e) {
        throw fail(report, e.code(), e.getMessage(), null);
      }
    }

    void showQuote() {
      Out.progress(report.human());
      if (req.machineKeyMode()) {
        Out.progress(
            "  Ownership and control after activation:\n"
                + "    - The machine wallet owns the NFT and pays gas and the PEAQ bond.\n"
                + "    - The operator controller may perform owner-or-controller lifecycle,"
                + " subscription and DID actions.\n"
                + "    - The operator controller cannot transfer the NFT, nor rotate or clear the"
                + " controller.\n"
                + "    - The machine owner may transfer the NFT and may rotate or clear the"
                + " controller.");
      }
    }

    /**
     * {@code peaqSpend} is the PEAQ that leaves the wallet besides gas (the net bond on the PEAQ
     * rail, zero on the USDT rail); {@code usdt} the USDT rail's preview (null on the PEAQ rail).
     */
    void fund(BigInteger peaqSpend, UsdtActivationPreview usdt, boolean devnet) {
      BigInteger need = peaqSpend.add(GAS_HEADROOM);
      DevnetWallets wallets = devnet ? new DevnetWallets(chain_url()) : null;
      if (req.skipFunding()) {
        Out.step(4, STEPS, "Balance check (skipped: --skip-funding)");
        Out.step(5, STEPS, "2FA enrollment (skipped: --skip-funding)");
        Out.step(6, STEPS, "Fund from Gas Station (skipped: --skip-funding)");
      } else {
        Out.step(4, STEPS, "Balance check");
        BigInteger bal = read(() -> chain.balance(signer));
        boolean ok = bal.compareTo(need) >= 0;
        Out.progress(
            "  Signer "
                + Activation.shortAddress(signer)
                + ": "
                + Activation.peaq(bal)
                + " PEAQ ("
                + (ok ? "sufficient" : "insufficient, needs " + Activation.peaq(need) + " PEAQ")
                + ")");
        if (ok) {
          Out.step(5, STEPS, "2FA enrollment (skipped: wallet funded)");
          Out.step(6, STEPS, "Fund from Gas Station (skipped: wallet funded)");
        } else {
          Optional<String> url = target.gasStation();
          if (url.isEmpty()) {
            Out.step(5, STEPS, "2FA enrollment (skipped: no Gas Station configured)");
            Out.step(6, STEPS, "Fund from Gas Station (skipped: no Gas Station configured)");
          } else {
            GasStationClient station = GasStationClient.create(url.get());
            TwoFactorCodes codes = new TwoFactorCodes(req.totpCode());
            Out.step(5, STEPS, "2FA enrollment");
            GasStationFunding funding =
                new GasStationFunding(target, workDir, chain, journal, txs, signer);
            String code = funding.enrol(station, codes);
            Out.step(6, STEPS, "Fund from Gas Station");
            funding.fund(station, codes, code, signer);
          }
          if (devnet) {
            // The Gas Station pays gas, not a bond; on the devnet the devnet itself adds the rest.
            BigInteger added = wallets.topUpTo(signer, need);
            if (added.signum() > 0) {
              Out.progress(
                  "  Devnet: added "
                      + Activation.peaq(added)
                      + " PEAQ for the bond (devnet only; on agung and mainnet the wallet must hold"
                      + " the bond).");
            }
          }
        }
      }
      if (devnet && !req.skipFunding() && usdt != null && usdt.netPeaqAmount().signum() > 0) {
        // As the devnet adds the PEAQ bond on the PEAQ rail, it mints the test USDT the bound
        // needs on the USDT rail (devnet only).
        BigInteger minted = wallets.topUpUsdtTo(usdt.usdtToken(), signer, usdt.maxUsdtAmount());
        if (minted.signum() > 0) {
          Out.progress(
              "  Devnet: minted "
                  + usdt(minted)
                  + " test USDT to "
                  + Activation.shortAddress(signer)
                  + " for the bond (devnet only; on agung and mainnet the wallet must hold it).");
        }
      }
      if (devnet && peaqSpend.signum() > 0 && wallets.delegateNativePull(signer)) {
        Out.progress(
            "  Devnet: gave "
                + Activation.shortAddress(signer)
                + " the native-balance delegation the PEAQ token at 0x…0809 pays through"
                + " (peaq's precompile needs none).");
      }
    }

    /** USDT units (6 decimals) as a decimal USDT amount. */
    String usdt(BigInteger units) {
      return new java.math.BigDecimal(units, 6).stripTrailingZeros().toPlainString();
    }

    String chain_url() {
      return target.rpcUrl() != null ? target.rpcUrl() : target.rpc();
    }

    void consent(boolean devnet) {
      if (req.yes()) {
        return;
      }
      if (devnet && System.console() == null) {
        // Scripts and tests on the devnet spend devnet PEAQ only; a terminal is still asked.
        Out.progress("  Devnet: consent implied (no terminal; devnet PEAQ only).");
        return;
      }
      if (System.console() == null) {
        throw CliException.input(
            "Activation needs your consent to spend the amounts above: re-run with --yes"
                + " (--json never implies it), or run it in a terminal to answer the prompt.");
      }
      Out.progress("Activate this machine? [y/N] ");
      try {
        String answer =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.strip().toLowerCase().startsWith("y")) {
          throw CliException.input("Activation declined; nothing was sent.");
        }
      } catch (IOException e) {
        throw CliException.input("Cannot read the answer: " + e.getMessage());
      }
    }

    Optional<MachineActivationState> stateOf(Econ2Client econ2, BigInteger machineId) {
      try {
        return Optional.of(econ2.getMachineActivationState(machineId));
      } catch (ActivationException e) {
        if ("MACHINE_NOT_FOUND".equals(e.code())) {
          return Optional.empty();
        }
        throw fail(report, e.code(), e.getMessage(), null);
      }
    }

    void done(BigInteger machineId, String hash) {
      journal.append(
          txs.entry(Econ2Journal.STEP_ACTIVATION, signer)
              .txHash(hash)
              .machineId(machineId.toString())
              .status(JournalEntry.STATUS_DONE));
    }

    /** A journaled transaction of {@code step} by the signer whose last line is "submitted". */
    boolean hasOpenSubmission(String step) {
      java.util.Map<String, String> last = new java.util.HashMap<>();
      for (JournalEntry e : journal.entries()) {
        if (step.equals(e.step())
            && e.txHash() != null
            && signer.equalsIgnoreCase(e.wallet())
            && e.chainId() != null
            && e.chainId() == deployment.chainId()) {
          last.put(e.txHash(), e.status());
        }
      }
      return last.containsValue(JournalEntry.STATUS_SUBMITTED);
    }

    <T> T read(java.util.function.Supplier<T> s) {
      try {
        return s.get();
      } catch (RpcException e) {
        throw fail(report, "READ_FAILED", e.getMessage(), null);
      }
    }

    CliException fail(Econ2Report r, String sdkCode, String message, String txHash) {
      return fail(r, sdkCode, message, txHash, null);
    }

    CliException fail(
        Econ2Report r, String sdkCode, String message, String txHash, String solidityError) {
      Econ2ErrorCodes.Mapped m = Econ2ErrorCodes.of(sdkCode);
      return failWith(r, m.errorCode(), m.exitCode(), message, m.guidance(), txHash);
    }

    CliException failWith(
        Econ2Report r, String errorCode, int exit, String message, String guidance, String txHash) {
      return Econ2Activation.this.failWith(
          r, errorCode, exit, message, guidance, txHash, req.json());
    }
  }

  CliException fail(Econ2Report r, String sdkCode, String message, String txHash) {
    Econ2ErrorCodes.Mapped m = Econ2ErrorCodes.of(sdkCode);
    return failWith(r, m.errorCode(), m.exitCode(), message, m.guidance(), txHash, req.json());
  }

  /** Prints the report with the failure and returns the exception that ends the process. */
  CliException failWith(
      Econ2Report r,
      String errorCode,
      int exit,
      String message,
      String guidance,
      String txHash,
      boolean json) {
    r.put("status", "PENDING".equals(errorCode) ? "pending" : "error")
        .put("transaction_hash", txHash == null ? r.get("transaction_hash") : txHash)
        .put("error_code", errorCode)
        .put("message", message)
        .put("guidance", guidance);
    if (json) {
      r.print(true);
    }
    return new CliException(exit, errorCode + ": " + message + ". " + guidance);
  }
}
