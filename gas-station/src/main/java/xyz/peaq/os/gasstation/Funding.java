package xyz.peaq.os.gasstation;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.peaq.os.gasstation.Store.OwnerRow;
import xyz.peaq.os.gasstation.Store.RequestRow;
import xyz.peaq.os.gasstation.Store.State;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.errors.PeaqosException;
import xyz.peaq.os.sdk.errors.RpcException;

/**
 * {@code POST /faucet/fund}. Exactly once per {@code requestId}: the request is claimed in the
 * database (unique key, with the 2FA code's step and the daily caps in the same transaction), the
 * transfer is signed and its hash and raw bytes recorded (compare-and-set from CLAIMED) before it
 * is broadcast, and every later state change is a compare-and-set on the recorded hash. A second
 * request with the same id gets the first one's result (or {@code DUPLICATE_REQUEST} while it
 * runs).
 */
final class Funding {
  private static final Logger LOG = LoggerFactory.getLogger(Funding.class);

  /** The SDK's one transaction lifecycle, with its default limits. */
  private static final TransactionPipeline PIPELINE = TransactionPipeline.defaults();

  record FundInput(
      String owner,
      String target,
      String targetChecksum,
      String chainName,
      String code,
      String requestId,
      String client) {
    @Override
    public String toString() {
      return "FundInput["
          + owner
          + " -> "
          + target
          + " on "
          + chainName
          + ", requestId="
          + requestId
          + ", code=<redacted>]";
    }
  }

  sealed interface Outcome permits Funded, Skipped {
    String requestId();
  }

  record Funded(String requestId, String txHash, BigInteger amount) implements Outcome {}

  record Skipped(String requestId, BigInteger currentBalance, BigInteger minGasBalance)
      implements Outcome {}

  private sealed interface Claim permits Claimed, Existing {}

  private record Claimed(RequestRow row) implements Claim {}

  private record Existing(RequestRow row) implements Claim {}

  /** Thrown inside the claim transaction when the code's step was used already; rolls it back. */
  private static final class ReplayedCode extends RuntimeException {
    ReplayedCode() {
      super(null, null, false, false);
    }
  }

  private final GasStationConfig cfg;
  private final Store store;
  private final TwoFactor twoFactor;
  private final RateLimiter rateLimiter;
  private final FaucetChain chain;
  private final FundingLimits limits;
  private final FaucetNonces nonces;

  Funding(
      GasStationConfig cfg,
      Store store,
      TwoFactor twoFactor,
      RateLimiter rateLimiter,
      FaucetChain chain,
      FundingLimits limits,
      FaucetNonces nonces) {
    this.limits = limits;
    this.cfg = cfg;
    this.store = store;
    this.twoFactor = twoFactor;
    this.rateLimiter = rateLimiter;
    this.chain = chain;
    this.nonces = nonces;
  }

  Outcome fund(FundInput in) {
    if (!cfg.chainNames.contains(in.chainName())) {
      throw new GasStationException(
          ErrorCode.UNSUPPORTED_CHAIN,
          "This Gas Station funds "
              + String.join(", ", cfg.chainNames)
              + " only, not \""
              + in.chainName()
              + "\"");
    }
    long now = cfg.clock.millis();
    OwnerRow owner = twoFactor.requireActive(in.owner(), in.client(), now);
    Optional<RequestRow> prior = store.request(in.requestId());
    if (prior.isPresent()) {
      RequestRow r = prior.get();
      if (!r.sameParams(in.owner(), in.target(), in.chainName())) {
        throw r.inFlight()
            ? new GasStationException(ErrorCode.DUPLICATE_REQUEST)
            : new GasStationException(ErrorCode.REQUEST_ALREADY_PROCESSED);
      }
      if (r.state() != State.FAILED) {
        // A replay moves nothing, so the code must be valid but may have been used (by this very
        // request).
        if (twoFactor.match(owner, in.code(), now).isEmpty()) {
          throw twoFactor.badCode(in.owner(), in.client(), now);
        }
        return replay(r);
      }
    }
    // A wrong code is refused before it can spend the owner's rate limit (the claim checks it
    // again).
    if (twoFactor.match(owner, in.code(), now).isEmpty()) {
      throw twoFactor.badCode(in.owner(), in.client(), now);
    }
    rateLimiter.acquire(in.owner());
    // Read before the balance: a transfer to the target that lands after this makes the balance
    // stale.
    Store.WalletState wallet = store.walletState(in.target());
    if (wallet.inFlight()) {
      rateLimiter.refund(in.owner());
      return replayOrBusy(in);
    }
    BigInteger balance = balanceOf(in.targetChecksum());
    boolean skip = balance.compareTo(cfg.minGasBalance) >= 0;
    if (!skip) {
      BigInteger faucet = balanceOf(chain.faucetAddress());
      if (faucet.compareTo(cfg.fundAmount) < 0) {
        rateLimiter.refund(in.owner());
        throw new GasStationException(ErrorCode.FAUCET_EMPTY);
      }
    }
    Claim claim;
    try {
      claim = claim(in, owner, balance, skip, now, wallet);
    } catch (GasStationException e) {
      if (e.code == ErrorCode.WALLET_FUNDING_IN_PROGRESS) {
        rateLimiter.refund(in.owner());
        return replayOrBusy(in);
      }
      throw e;
    }
    if (claim instanceof Existing e) {
      rateLimiter.refund(in.owner());
      return replay(e.row());
    }
    RequestRow row = ((Claimed) claim).row();
    if (skip) {
      return new Skipped(row.requestId(), balance, cfg.minGasBalance);
    }
    return transfer(row, in.targetChecksum());
  }

  private BigInteger balanceOf(String address) {
    try {
      return chain.balance(address);
    } catch (RpcException e) {
      throw new GasStationException(ErrorCode.CHAIN_UNAVAILABLE);
    }
  }

  private Claim claim(
      FundInput in,
      OwnerRow owner,
      BigInteger balance,
      boolean skip,
      long now,
      Store.WalletState wallet) {
    OptionalLong step = twoFactor.match(owner, in.code(), now);
    if (step.isEmpty()) {
      throw twoFactor.badCode(in.owner(), in.client(), now);
    }
    String day = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC).toString();
    try {
      return store.tx(
          c -> {
            store.lock(c, "owner:" + in.owner());
            store.lock(c, "wallet:" + in.target());
            Optional<OwnerRow> fresh = store.owner(c, in.owner(), true);
            if (fresh.isPresent() && fresh.get().lockedAt(now)) {
              throw TwoFactor.locked(fresh.get().lockedUntil(), now);
            }
            Optional<RequestRow> ex = store.request(c, in.requestId());
            boolean retry =
                ex.isPresent()
                    && ex.get().state() == State.FAILED
                    && ex.get().sameParams(in.owner(), in.target(), in.chainName());
            if (ex.isPresent() && !retry) {
              return new Existing(ex.get());
            }
            if (!store.useCode(c, in.owner(), TwoFactor.PURPOSE_FUND, step.getAsLong(), now)) {
              throw new ReplayedCode();
            }
            if (!skip) {
              BigInteger ownerSum =
                  store.committedOn(c, "owner_address", in.owner(), day).add(cfg.fundAmount);
              if (ownerSum.compareTo(cfg.ownerDailyCap) > 0) {
                throw new GasStationException(
                    ErrorCode.CAP_EXCEEDED_OWNER,
                    "Owner daily funding cap exceeded: " + cfg.ownerDailyCap + " wei per UTC day");
              }
              BigInteger walletSum =
                  store.committedOn(c, "target_address", in.target(), day).add(cfg.fundAmount);
              if (walletSum.compareTo(cfg.walletDailyCap) > 0) {
                throw new GasStationException(
                    ErrorCode.CAP_EXCEEDED_WALLET,
                    "Wallet daily funding cap exceeded: "
                        + cfg.walletDailyCap
                        + " wei per UTC day");
              }
              limits.checkInClaim(c, in.client(), in.target(), day, wallet);
            }
            RequestRow row =
                new RequestRow(
                    in.requestId(),
                    in.owner(),
                    in.target(),
                    in.chainName(),
                    skip ? State.SKIPPED : State.CLAIMED,
                    day,
                    skip ? null : cfg.fundAmount.toString(),
                    null,
                    null,
                    null,
                    balance.toString(),
                    cfg.minGasBalance.toString(),
                    null,
                    null,
                    1,
                    now,
                    now);
            if (retry) {
              store.restartFailed(c, row);
            } else {
              store.insertRequest(c, row);
            }
            store.tagClient(c, in.requestId(), in.client());
            store.resetFailures(c, in.owner(), now);
            twoFactor.recordSuccess(c, in.owner(), in.client(), now);
            return new Claimed(row);
          });
    } catch (ReplayedCode e) {
      throw twoFactor.badCode(in.owner(), in.client(), now);
    } catch (Store.StoreException e) {
      if (!Store.isUniqueViolation(e)) {
        throw e;
      }
      // A concurrent request won the insert (PostgreSQL); it is the one that runs.
      Optional<RequestRow> winner = store.request(in.requestId());
      if (winner.isPresent()) {
        return new Existing(winner.get());
      }
      // Not the request id: the one-transfer-in-flight-per-wallet index refused it.
      throw FundingLimits.walletBusy();
    }
  }

  /**
   * The transfer through the SDK's {@link TransactionPipeline}: the {@link Ledger} observer records
   * each signature (compare-and-set) before it is broadcast; a refused nonce or fee leads to a new
   * signature, recorded over the previous one, within the pipeline's one limit.
   */
  private Outcome transfer(RequestRow row, String targetChecksum) {
    BigInteger amount = new BigInteger(row.amountWei());
    Ledger ledger = new Ledger(row.requestId(), targetChecksum, amount);
    TxReceipt receipt;
    try {
      receipt =
          PIPELINE.send(
              "fund",
              new TransferSteps(row, ledger, targetChecksum, amount),
              ledger,
              cfg.receiptTimeout);
    } catch (LostRace e) {
      return replayCurrent(row.requestId());
    } catch (BroadcastRejectedException e) {
      ErrorCode code =
          e.reason() == BroadcastRejectedException.Reason.INSUFFICIENT_FUNDS
              ? ErrorCode.FAUCET_EMPTY
              : ErrorCode.TRANSFER_FAILED;
      store.markFailed(row.requestId(), e.txHash(), code, e.getMessage(), cfg.clock.millis());
      LOG.warn("fund {}: node refused {}: {}", row.requestId(), e.txHash(), e.getMessage());
      throw new GasStationException(code);
    } catch (RpcException e) {
      // The broadcast may or may not have reached the node (the reconciler rebroadcasts the
      // recorded
      // bytes), or the receipt could not be read.
      LOG.warn("fund {}: {} uncertain: {}", row.requestId(), ledger.current, e.getMessage());
      throw new GasStationException(ErrorCode.TRANSFER_PENDING);
    } catch (ReceiptTimeoutException e) {
      throw new GasStationException(ErrorCode.TRANSFER_PENDING);
    }
    return settle(row.requestId(), ledger.current, amount, receipt);
  }

  /**
   * Another handler or instance moved the request on between signing and recording: this signature
   * is never sent.
   */
  private static final class LostRace extends RuntimeException {
    LostRace() {
      super(null, null, false, false);
    }
  }

  /**
   * The write-ahead record of one request's transfer: each signature is in the database before its
   * broadcast.
   */
  private final class Ledger implements TransactionObserver {
    private final String requestId;
    private final String to;
    private final BigInteger amount;

    /**
     * The hash recorded last (null before the first signature); the compare-and-set key of the
     * next.
     */
    private String current;

    /** The nonce the node last said is used by another transaction: sign above it. */
    private BigInteger spentNonce;

    Ledger(String requestId, String to, BigInteger amount) {
      this.requestId = requestId;
      this.to = to;
      this.amount = amount;
    }

    @Override
    public void beforeBroadcast(String operation, SignedTransaction tx) {
      if (!store.recordSigned(
          requestId,
          current,
          tx.hash(),
          tx.rawHex(),
          tx.nonce().longValueExact(),
          cfg.clock.millis())) {
        throw new LostRace();
      }
      if (current == null) {
        LOG.info(
            "fund {}: recorded {} (nonce {}) for {} wei to {}",
            requestId,
            tx.hash(),
            tx.nonce(),
            amount,
            to);
      }
      current = tx.hash();
    }

    @Override
    public void onRefused(
        String operation, SignedTransaction tx, BroadcastRejectedException refusal) {
      // The refused transaction is in no pool and its nonce belongs to someone else: sign anew.
      if (refusal.reason() == BroadcastRejectedException.Reason.NONCE_TOO_LOW) {
        spentNonce = tx.nonce();
      }
      LOG.info("fund {}: {} refused ({}); signing again", requestId, tx.hash(), refusal.reason());
    }
  }

  /** The pipeline's steps over the {@link FaucetChain} (the seam where tests inject faults). */
  private final class TransferSteps implements TransactionPipeline.Steps {
    private final RequestRow row;
    private final Ledger ledger;
    private final String to;
    private final BigInteger amount;

    TransferSteps(RequestRow row, Ledger ledger, String to, BigInteger amount) {
      this.row = row;
      this.ledger = ledger;
      this.to = to;
      this.amount = amount;
    }

    @Override
    public SignedTransaction sign() {
      return Funding.this.sign(row, ledger, to, amount);
    }

    @Override
    public void broadcast(SignedTransaction tx) {
      chain.broadcast(tx);
    }

    @Override
    public void abandon(SignedTransaction tx) {
      chain.abandon(tx);
    }

    @Override
    public TxReceipt await(SignedTransaction tx, java.time.Duration timeout) {
      return chain.awaitReceipt(tx.hash(), timeout);
    }
  }

  /** Records a receipt's verdict and answers from the stored state. */
  Outcome settle(String requestId, String hash, BigInteger amount, TxReceipt receipt) {
    long now = cfg.clock.millis();
    if (receipt.success()) {
      if (store.markDone(requestId, hash, now)) {
        LOG.info("fund {}: {} mined in block {}", requestId, hash, receipt.blockNumber());
        return new Funded(requestId, hash, amount);
      }
      return replayCurrent(requestId);
    }
    store.markFailed(
        requestId,
        hash,
        ErrorCode.TRANSFER_FAILED,
        "reverted in block " + receipt.blockNumber(),
        now);
    throw new GasStationException(ErrorCode.TRANSFER_FAILED);
  }

  private SignedTransaction sign(RequestRow row, Ledger ledger, String to, BigInteger amount) {
    String currentHash = ledger.current;
    try {
      // The nonce comes from the database, shared by every instance on it (FaucetNonces).
      BigInteger nonce =
          nonces
              .allocate(row.requestId(), Optional.ofNullable(ledger.spentNonce))
              .orElseThrow(LostRace::new);
      return chain.signTransfer(to, amount, nonce);
    } catch (RpcException e) {
      if (currentHash == null) {
        store.markFailed(
            row.requestId(), null, ErrorCode.CHAIN_UNAVAILABLE, e.getMessage(), cfg.clock.millis());
      }
      throw new GasStationException(ErrorCode.CHAIN_UNAVAILABLE);
    } catch (PeaqosException e) {
      String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      ErrorCode code =
          m.contains("insufficient") ? ErrorCode.FAUCET_EMPTY : ErrorCode.TRANSFER_FAILED;
      store.markFailed(row.requestId(), currentHash, code, e.getMessage(), cfg.clock.millis());
      throw new GasStationException(code);
    }
  }

  /** The answer for a request that already exists with the same parameters. */
  private Outcome replay(RequestRow r) {
    return switch (r.state()) {
      case DONE -> new Funded(r.requestId(), r.txHash(), new BigInteger(r.amountWei()));
      case SKIPPED ->
          new Skipped(
              r.requestId(), new BigInteger(r.currentBalance()), new BigInteger(r.minGasBalance()));
      case CLAIMED, SIGNED -> throw new GasStationException(ErrorCode.DUPLICATE_REQUEST);
      case FAILED -> throw failedError(r);
    };
  }

  /**
   * The target is busy: a concurrent copy of this very request is the one in flight, or another one
   * is.
   */
  private Outcome replayOrBusy(FundInput in) {
    Optional<RequestRow> mine = store.request(in.requestId());
    if (mine.isPresent() && mine.get().sameParams(in.owner(), in.target(), in.chainName())) {
      return replay(mine.get());
    }
    throw FundingLimits.walletBusy();
  }

  private Outcome replayCurrent(String requestId) {
    return replay(
        store
            .request(requestId)
            .orElseThrow(() -> new GasStationException(ErrorCode.INTERNAL_ERROR)));
  }

  private static GasStationException failedError(RequestRow r) {
    ErrorCode code = ErrorCode.TRANSFER_FAILED;
    for (ErrorCode c : ErrorCode.values()) {
      if (c.wire().equals(r.errorCode())) {
        code = c;
      }
    }
    return new GasStationException(code);
  }
}
