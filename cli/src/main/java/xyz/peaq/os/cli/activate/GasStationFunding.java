package xyz.peaq.os.cli.activate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;
import xyz.peaq.os.cli.util.TerminalQr;
import xyz.peaq.os.foundation.SecureFiles;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.gasstation.QrFormat;
import xyz.peaq.os.sdk.otp.OtpauthUri;

/**
 * Steps 2 and 3 of {@code activate}: the payer's 2FA enrolment at the Gas Station and the funding
 * of each wallet short of gas, every request journaled so that a re-run replays the same {@code
 * requestId} (never a second transfer).
 */
final class GasStationFunding {
  private final Target target;
  private final Path workDir;
  private final ChainReads chain;
  private final Journal journal;
  private final JournaledTx txs;
  private final String payerAddress;

  GasStationFunding(
      Target target,
      Path workDir,
      ChainReads chain,
      Journal journal,
      JournaledTx txs,
      String payerAddress) {
    this.target = target;
    this.workDir = workDir;
    this.chain = chain;
    this.journal = journal;
    this.txs = txs;
    this.payerAddress = payerAddress;
  }

  String enrol(GasStationClient station, TwoFactorCodes codes) {
    Path secretFile =
        workDir.resolve(".peaqos").resolve("devnet-2fa-" + payerAddress.toLowerCase() + ".uri");
    FaucetSetup setup;
    try {
      setup = station.setup(payerAddress, QrFormat.PNG);
    } catch (ApiException e) {
      if (!"2FA_ALREADY_CONFIGURED".equals(e.code())) {
        throw e;
      }
      Out.progress(
          "  2FA already enrolled for "
              + Activation.shortAddress(payerAddress)
              + ". Skipping setup.");
      if (target.devnet()) {
        codes.useDevnetSecret(otpauth(readDevnetSecret(secretFile)), stepFile(secretFile));
        Out.progress(
            "  Devnet: the CLI answers the 2FA prompt itself with a code computed from the enrolment"
                + " secret kept in "
                + workDir.relativize(secretFile)
                + " (never on agung or mainnet).");
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
        SecureFiles.writeAtomically(secretFile, setup.otpauthUri() + "\n");
      } catch (IOException e) {
        Out.debug("could not keep the devnet 2FA secret: " + e.getMessage());
      }
      codes.useDevnetSecret(otpauth(setup.otpauthUri()), stepFile(secretFile));
      Out.progress(
          "  Devnet: the CLI answers the 2FA prompt itself with a code computed from the enrolment secret"
              + " (on agung and mainnet the code comes from you: --totp-code, PEAQOS_TOTP_CODE or the prompt).");
    }
    String code = codes.next("2FA enrolment");
    station.confirm(payerAddress, code);
    Out.progress("  2FA enrolled for " + Activation.shortAddress(payerAddress) + ".");
    return codes.automatic() ? null : code;
  }

  private OtpauthUri otpauth(String uri) {
    try {
      return OtpauthUri.parse(uri);
    } catch (IllegalArgumentException e) {
      throw CliException.network(
          "The Gas Station's 2FA enrolment cannot be used: " + e.getMessage());
    }
  }

  private Path stepFile(Path secretFile) {
    return secretFile.resolveSibling(secretFile.getFileName().toString().replace(".uri", ".step"));
  }

  private String readDevnetSecret(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw CliException.input(
          "2FA is already enrolled for "
              + payerAddress
              + " on this devnet, but its secret is not in "
              + workDir.relativize(file)
              + " (it was enrolled from another folder). Run activate from that folder, or"
              + " pass --totp-code with a code from the authenticator that holds it.");
    }
  }

  String fund(GasStationClient station, TwoFactorCodes codes, String lastCode, String wallet) {
    String requestId = openFundRequest(wallet).orElseGet(() -> UUID.randomUUID().toString());
    String code =
        lastCode != null ? lastCode : codes.next("funding " + Activation.shortAddress(wallet));
    FundResult result = null;
    for (int attempt = 1; result == null; attempt++) {
      journal.append(
          txs.entry(Activation.STEP_FUND, wallet)
              .requestId(requestId)
              .status(JournalEntry.STATUS_SUBMITTED));
      try {
        result =
            station.fund(
                FundRequest.builder()
                    .ownerAddress(payerAddress)
                    .targetWalletAddress(wallet)
                    .twoFactorCode(code)
                    .requestId(requestId)
                    .build());
      } catch (ApiException e) {
        journal.append(
            txs.entry(Activation.STEP_FUND, wallet)
                .requestId(requestId)
                .status(
                    Activation.definiteRefusal(e)
                        ? JournalEntry.STATUS_FAILED
                        : JournalEntry.STATUS_UNKNOWN)
                .detail(e.code()));
        if (!"INVALID_2FA".equals(e.code()) || !codes.automatic() || attempt >= 3) {
          throw e;
        }
        // The station saw this code's step already (an earlier run): take a later one.
        codes.rejected();
        code = codes.next("funding " + Activation.shortAddress(wallet));
        requestId = UUID.randomUUID().toString();
      }
    }
    if (result instanceof FundResult.Funded f) {
      Out.progress(
          "  Funded "
              + Activation.shortAddress(wallet)
              + " with "
              + Activation.peaq(f.fundedAmount())
              + " PEAQ (tx "
              + f.txHash()
              + ")");
      TxReceipt r;
      try {
        r = chain.awaitReceipt(f.txHash(), Activation.receiptTimeout());
      } catch (ReceiptTimeoutException e) {
        throw JournaledTx.pending(f.txHash());
      }
      journal.append(
          txs.entry(Activation.STEP_FUND, wallet)
              .requestId(requestId)
              .txHash(f.txHash())
              .fundedAmount(f.fundedAmount().toString())
              .blockNumber(r.blockNumber().longValue())
              .status(JournalEntry.STATUS_CONFIRMED));
    } else if (result instanceof FundResult.Skipped s) {
      Out.progress(
          "  Gas Station skipped "
              + Activation.shortAddress(wallet)
              + ": it holds "
              + Activation.peaq(s.currentBalance())
              + " PEAQ, at least the minimum of "
              + Activation.peaq(s.minGasBalance())
              + " PEAQ.");
      journal.append(
          txs.entry(Activation.STEP_FUND, wallet)
              .requestId(requestId)
              .status(JournalEntry.STATUS_SKIPPED));
    }
    return null;
  }

  /**
   * A funding request of an earlier run with no outcome: replay the same id, never a second
   * transfer.
   */
  Optional<String> openFundRequest(String wallet) {
    Map<String, String> status = new LinkedHashMap<>();
    for (JournalEntry e : journal.entries()) {
      if (Activation.STEP_FUND.equals(e.step())
          && e.requestId() != null
          && e.wallet() != null
          && e.wallet().equalsIgnoreCase(wallet)
          && e.chainId() != null
          && target.expectedChainId() != null
          && e.chainId().equals(target.expectedChainId())) {
        status.put(e.requestId(), e.status());
      }
    }
    return status.entrySet().stream()
        .filter(
            en ->
                JournalEntry.STATUS_SUBMITTED.equals(en.getValue())
                    || JournalEntry.STATUS_UNKNOWN.equals(en.getValue()))
        .map(Map.Entry::getKey)
        .reduce((a, b) -> b);
  }
}
