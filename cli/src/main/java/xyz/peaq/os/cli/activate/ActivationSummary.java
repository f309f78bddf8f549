package xyz.peaq.os.cli.activate;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.util.ExplorerLinks;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.Did;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.McrResponse;

/**
 * The end of {@code activate}: the machine's ids, DIDs and MCR rating, as text or {@code --json}.
 */
final class ActivationSummary {
  private final Target target;
  private final ActivationRequest req;
  private final Journal journal;
  private final JournaledTx txs;
  private final String payerAddress;
  private final String machineAddress;

  ActivationSummary(
      Target target,
      ActivationRequest req,
      Journal journal,
      JournaledTx txs,
      String payerAddress,
      String machineAddress) {
    this.target = target;
    this.req = req;
    this.journal = journal;
    this.txs = txs;
    this.payerAddress = payerAddress;
    this.machineAddress = machineAddress;
  }

  /** The MCR wait started early by {@link #startMcrWait}, if it was. */
  private java.util.concurrent.CompletableFuture<Optional<McrResponse>> mcrWait;

  /**
   * Starts waiting for the MCR API to index the machine as soon as it is registered (the {@code
   * Registered} event is what the indexer picks up), on a daemon thread, so the indexer's lag
   * passes while the mint and the DID write run instead of after them.
   */
  void startMcrWait() {
    String did = Did.PREFIX + machineAddress;
    mcrWait = new java.util.concurrent.CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                mcrWait.complete(waitForMcr(did));
              } catch (RuntimeException e) {
                mcrWait.completeExceptionally(e);
              }
            },
            "peaqos-mcr-wait");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The rating to print: once the early wait saw the machine indexed, one fresh read gives the
   * rating as of now (the mint and DID write came after); without an early wait, the wait itself.
   */
  private Optional<McrResponse> mcr(String did) {
    if (mcrWait == null) {
      return waitForMcr(did);
    }
    Optional<McrResponse> early = mcrWait.join();
    return early.isPresent() ? waitForMcr(did) : early;
  }

  void print(BigInteger machineId, BigInteger tokenId) {
    String did = Did.PREFIX + machineAddress;
    Optional<McrResponse> mcr = mcr(did);
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
        m.put("operatorDid", Did.PREFIX + payerAddress);
      }
      m.put("mcr", mcr.map(McrResponse::mcr).orElse(null));
      m.put("mcrScore", mcr.map(McrResponse::mcrScore).orElse(null));
      m.put("explorerUrl", explorerUrl(did));
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
      Out.progress(
          "Nothing to do: every step was already complete on chain; no transaction was sent.");
    }
    Out.result("Machine activated successfully.");
    Out.result("  Machine ID : " + machineId);
    Out.result("  Token ID   : " + tokenId);
    Out.result("  Machine DID: " + did);
    if (req.proxy()) {
      Out.result("  Machine Address: " + machineAddress);
      Out.result("  Operator DID   : did:peaq:" + payerAddress);
    }
    Out.result(
        "  MCR rating : "
            + mcr.map(r -> r.mcr() + " (score " + r.mcrScore() + ")")
                .orElse(
                    mcrFailure != null
                        ? "unknown: the MCR API cannot be reached"
                        : "not indexed yet (query later: peaqos qualify mcr " + did + ")"));
    if (explorerUrl(did) != null) {
      Out.result("  Explorer   : " + explorerUrl(did));
    }
    failIfMcrUnreachable(did);
  }

  /**
   * The machine's page in the explorer our MCR API serves (the devnet's); null for another network,
   * whose MCR API may be the official one, which has no explorer.
   */
  private String explorerUrl(String did) {
    return target.devnet() ? ExplorerLinks.machine(target.mcrUrl(), did) : null;
  }

  /**
   * The machine is activated on chain, but the MCR API that should show it does not answer: that is
   * a network failure (exit 2), not a success whose rating is merely "not indexed yet".
   */
  private void failIfMcrUnreachable(String did) {
    if (mcrFailure != null) {
      throw new CliException(
          ExitCode.NETWORK,
          "The machine is activated on chain, but the MCR API at "
              + target.mcrUrl()
              + " cannot be reached ("
              + mcrFailure
              + "). Check PEAQOS_MCR_API_URL, then run"
              + " 'peaqos qualify mcr "
              + did
              + "' (re-running activate sends no transaction).");
    }
  }

  /** Why the MCR API gave no rating, when it was not merely "not indexed yet"; null otherwise. */
  private volatile String mcrFailure;

  /**
   * The machine's rating once the MCR API has indexed it; empty after Activation.MCR_WAIT or on any
   * MCR failure.
   */
  Optional<McrResponse> waitForMcr(String did) {
    try {
      McrClient mcr = McrClient.create(target.mcrUrl());
      // The indexer follows the chain every ~200 ms. A fixed short step first, so the wait ends
      // within one step of the indexing instead of on a doubling back-off (100, 200, 400 ms...);
      // then the SDK's backing-off wait, so a long one stays within the production rate limit
      // (90 a minute; the fast window sends at most 30).
      long fastUntil = System.nanoTime() + FAST_WINDOW.toNanos();
      while (System.nanoTime() < fastUntil) {
        try {
          return Optional.of(mcr.queryMcr(did));
        } catch (ApiException e) {
          if (!"NOT_FOUND".equals(e.code())) {
            throw e;
          }
        }
        try {
          Thread.sleep(FAST_STEP.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
      return Optional.of(mcr.awaitMcr(did, r -> true, Activation.MCR_WAIT.minus(FAST_WINDOW)));
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

  static final java.time.Duration FAST_STEP = java.time.Duration.ofMillis(50);
  static final java.time.Duration FAST_WINDOW = java.time.Duration.ofMillis(1500);
}
