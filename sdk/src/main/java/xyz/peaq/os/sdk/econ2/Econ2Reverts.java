package xyz.peaq.os.sdk.econ2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * Reverts of the 2.0 contracts decoded by selector into the official SDK's codes ({@code
 * PriceNotAvailable} → {@code PRICE_NOT_AVAILABLE}, {@code ERC721NonexistentToken} → {@code
 * MACHINE_NOT_FOUND}, anything else {@code CONTRACT_REVERTED}). The 2.0 errors are matched here
 * because the chain layer's decoder knows the 1.0 ABIs only.
 */
final class Econ2Reverts {
  private static final List<String> SIGNATURES =
      Immutables.list(
          "AlreadyActivated()",
          "AlreadyTerminated()",
          "ERC721NonexistentToken(uint256)",
          "InvalidTier()",
          "InvalidAddress()",
          "InvalidAuthenticationIndex()",
          "MachineRelocating()",
          "NotActivated()",
          "NotActive()",
          "NotMachineOwner()",
          "NotOwnerOrController()",
          "NotSuspended()",
          "ProvisionPoolNotConfigured()",
          "PriceNotAvailable()",
          "TechnicallyPaused()",
          "TierChangeWhileActive()",
          "SubscriptionNotEligible(uint8)",
          "FutureTimestamp()",
          "InvalidCurrencyShape()",
          "InvalidEventType()",
          "InvalidTrustLevel()",
          "MetadataTooLarge()",
          "UsdtTokenNotSet()",
          "SlippageExceeded()",
          "InsufficientBalance()",
          "InsufficientReserve()",
          "InsufficientUsdtReceived()");

  private static final Map<String, String> CODES =
      Immutables.mapOf(
          Immutables.entry("AlreadyActivated", "ALREADY_ACTIVATED"),
          Immutables.entry("AlreadyTerminated", "ALREADY_TERMINATED"),
          Immutables.entry("ERC721NonexistentToken", "MACHINE_NOT_FOUND"),
          Immutables.entry("InvalidTier", "INVALID_TIER"),
          Immutables.entry("MachineRelocating", "MACHINE_RELOCATING"),
          Immutables.entry("NotActivated", "NOT_ACTIVATED"),
          Immutables.entry("NotActive", "NOT_ACTIVE"),
          Immutables.entry("NotMachineOwner", "NOT_MACHINE_OWNER"),
          Immutables.entry("NotOwnerOrController", "NOT_OWNER_OR_CONTROLLER"),
          Immutables.entry("NotSuspended", "NOT_SUSPENDED"),
          Immutables.entry("ProvisionPoolNotConfigured", "PROVISION_POOL_NOT_CONFIGURED"),
          Immutables.entry("PriceNotAvailable", "PRICE_NOT_AVAILABLE"),
          Immutables.entry("TechnicallyPaused", "TECHNICALLY_PAUSED"),
          Immutables.entry("TierChangeWhileActive", "TIER_CHANGE_WHILE_ACTIVE"),
          Immutables.entry("SubscriptionNotEligible", "SUBSCRIPTION_NOT_ELIGIBLE"),
          Immutables.entry("FutureTimestamp", "FUTURE_TIMESTAMP"),
          Immutables.entry("InvalidCurrencyShape", "INVALID_CURRENCY_SHAPE"),
          Immutables.entry("MetadataTooLarge", "METADATA_TOO_LARGE"),
          Immutables.entry("SlippageExceeded", "SLIPPAGE_EXCEEDED"),
          Immutables.entry("InsufficientBalance", "INSUFFICIENT_BALANCE"),
          Immutables.entry("InsufficientReserve", "INSUFFICIENT_RESERVE"),
          Immutables.entry("InsufficientUsdtReceived", "INSUFFICIENT_USDT_RECEIVED"),
          Immutables.entry("UsdtTokenNotSet", "PROVISION_POOL_NOT_CONFIGURED"));

  private static final Map<String, String> BY_SELECTOR = new LinkedHashMap<>();

  static {
    for (String s : SIGNATURES) {
      BY_SELECTOR.put(Abi.selector(s), s.substring(0, s.indexOf('(')));
    }
  }

  private Econ2Reverts() {}

  /** The custom error's name, from the revert data's selector (or the chain layer's decoding). */
  static Optional<String> name(ContractRevertException e) {
    String data = e.revertData();
    if (data != null && data.length() >= 10) {
      String name = BY_SELECTOR.get(data.substring(0, 10).toLowerCase());
      if (name != null) {
        return Optional.of(name);
      }
    }
    String decoded = e.revertName();
    return decoded == null || decoded.equals("unknown") ? Optional.empty() : Optional.of(decoded);
  }

  /** The revert as an activation error of {@code contract} with the official code. */
  static ActivationException toActivationError(
      ContractRevertException e, String contract, String txHash) {
    Optional<String> name = name(e);
    String code =
        name.map(n -> CODES.getOrDefault(n, "CONTRACT_REVERTED")).orElse("CONTRACT_REVERTED");
    return new ActivationException(
        code,
        contract
            + " reverted"
            + name.map(n -> " with " + n).orElse("")
            + (txHash != null ? " (tx " + txHash + ")" : " (simulation; nothing was sent)"),
        contract,
        name.orElse(null),
        e.revertData(),
        txHash != null ? txHash : e.txHash());
  }
}
