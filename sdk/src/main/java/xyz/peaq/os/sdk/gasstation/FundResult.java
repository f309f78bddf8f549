package xyz.peaq.os.sdk.gasstation;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The outcome of {@code POST /faucet/fund}: either the station sent a transfer ({@link Funded}) or
 * the target already held the chain's minimum gas balance ({@link Skipped}). Both carry the {@code
 * requestId} that was sent, so a caller can retry with the same id and get the same answer.
 */
public sealed interface FundResult permits FundResult.Funded, FundResult.Skipped {

  /** The idempotency key of the request that produced this result. */
  String requestId();

  /** The station sent {@code fundedAmount} wei to the target in transaction {@code txHash}. */
  record Funded(String requestId, String txHash, BigInteger fundedAmount) implements FundResult {
    public Funded {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(txHash, "txHash");
      Objects.requireNonNull(fundedAmount, "fundedAmount");
    }
  }

  /**
   * Nothing was sent: the target holds {@code currentBalance} wei, at least {@code minGasBalance}.
   */
  record Skipped(String requestId, BigInteger currentBalance, BigInteger minGasBalance)
      implements FundResult {
    public Skipped {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(currentBalance, "currentBalance");
      Objects.requireNonNull(minGasBalance, "minGasBalance");
    }
  }
}
