package xyz.peaq.os.cli.activate;

import java.util.Map;
import xyz.peaq.os.cli.ExitCode;

/**
 * The SDK's 2.0 codes as the official CLI 0.1.1 prints them ({@code error_code}) with their exit
 * codes: the stable unit a script branches on, the exit code being coarse (1 input, 2 chain or
 * pending, 3 configuration).
 */
final class Econ2ErrorCodes {
  record Mapped(String errorCode, int exitCode, String guidance) {}

  private static final Map<String, Mapped> BY_SDK_CODE =
      Map.ofEntries(
          e(
              "DEPLOYMENT_UNKNOWN",
              "DEPLOYMENT_UNKNOWN",
              ExitCode.CONFIG,
              "Set PEAQOS_DEPLOYMENT_ID to peaq-mainnet, agung-2026-08-28 or devnet."),
          e(
              "DEPLOYMENT_UNAVAILABLE",
              "ADDRESSES_UNSET",
              ExitCode.CONFIG,
              "The deployment's contracts are not available here; start the devnet (peaqos devnet up) or pick another deployment."),
          e(
              "CHAIN_MISMATCH",
              "CHAIN_MISMATCH",
              ExitCode.CONFIG,
              "PEAQOS_RPC_URL points at another chain than PEAQOS_DEPLOYMENT_ID expects; correct one of them."),
          e(
              "CONTRACT_NOT_DEPLOYED",
              "CONTRACT_NOT_DEPLOYED",
              ExitCode.CONFIG,
              "No contract at one of the deployment's addresses: the RPC endpoint is probably on the wrong network."),
          e(
              "PEER_MISMATCH",
              "PEER_MISMATCH",
              ExitCode.CONFIG,
              "InfoDesk disagrees with the deployment record; the record is stale or describes another deployment."),
          e(
              "PEER_UNSET",
              "PEER_UNSET",
              ExitCode.CONFIG,
              "InfoDesk has no peer for a role the activation needs; nothing local fixes it."),
          e(
              "SIGNER_UNAVAILABLE",
              "SIGNER_UNAVAILABLE",
              ExitCode.CONFIG,
              "Set PEAQOS_PRIVATE_KEY or keep a key in ./.peaqos/machine-key.json."),
          e(
              "PRICE_NOT_AVAILABLE",
              "ORACLE_UNPRICED",
              ExitCode.NETWORK,
              "No PEAQ price is committed to the oracle, so no bond can be quoted; a chain-side condition."),
          e(
              "NOT_ECONOMIC_AUTHORITY",
              "NOT_ECONOMIC_AUTHORITY",
              ExitCode.CONFIG,
              "Select the deployment whose MachineSubscription is the economic authority."),
          e(
              "TECHNICALLY_PAUSED",
              "TECHNICALLY_PAUSED",
              ExitCode.NETWORK,
              "Activations are paused on this deployment; retry once the pause is lifted."),
          e("INVALID_TIER", "INVALID_TIER", ExitCode.INPUT, "Use one of: entry, basic, pro."),
          e(
              "MACHINE_ID_MISMATCH",
              "MACHINE_ID_MISMATCH",
              ExitCode.INPUT,
              "--machine-type or --credential-subject-hex changed between preview and submission."),
          e(
              "MAX_NET_PEAQ_EXCEEDED",
              "QUOTE_MOVED",
              ExitCode.NETWORK,
              "The net PEAQ cost rose above the previewed amount; nothing was sent. Re-run to see the current quote."),
          e(
              "INSUFFICIENT_BALANCE",
              "INSUFFICIENT_PEAQ",
              ExitCode.NETWORK,
              "Fund the activation signer (in machine-key mode the machine wallet) and re-run."),
          e(
              "APPROVAL_FAILED",
              "APPROVAL_FAILED",
              ExitCode.NETWORK,
              "The PEAQ approval failed, so no activation was submitted; re-run once the cause is resolved."),
          e(
              "ALLOWANCE_INSUFFICIENT",
              "ALLOWANCE_INSUFFICIENT",
              ExitCode.NETWORK,
              "The allowance no longer covers the net bond after the approval; no second approval was sent. Investigate before re-running."),
          e(
              "MACHINE_NOT_FOUND",
              "MACHINE_NOT_FOUND",
              ExitCode.NETWORK,
              "No machine exists with that ID on this chain."),
          e(
              "EVENT_MISMATCH",
              "EVENT_MISMATCH",
              ExitCode.NETWORK,
              "The transaction mined but its events do not describe this activation. Re-run to reconcile; do not submit a second activation."),
          e(
              "STATE_MISMATCH",
              "STATE_MISMATCH",
              ExitCode.NETWORK,
              "The transaction mined but the on-chain state does not match the request. Re-run to reconcile; do not submit a second activation."),
          e(
              "READ_FAILED",
              "RPC_FAILED",
              ExitCode.NETWORK,
              "A read from the chain failed. Check PEAQOS_RPC_URL and re-run."),
          e(
              "CONTRACT_REVERTED",
              "TX_REVERTED",
              ExitCode.NETWORK,
              "The contract rejected the activation. No machine was activated."),
          e(
              "ALREADY_ACTIVATED",
              "ALREADY_ACTIVATED_RACE",
              ExitCode.NETWORK,
              "The machine was activated by another transaction; check 'peaqos machine status'."),
          e(
              "NOT_OWNER_OR_CONTROLLER",
              "NOT_OWNER_OR_CONTROLLER",
              ExitCode.NETWORK,
              "Sign with the machine's owner or its DID controller."),
          e(
              "SUBSCRIPTION_NOT_ELIGIBLE",
              "SUBSCRIPTION_NOT_ELIGIBLE",
              ExitCode.INPUT,
              "Events need an Active or Grace subscription: activate or renew first."),
          e("NOT_ACTIVE", "NOT_ACTIVE", ExitCode.NETWORK, "The machine is already suspended."),
          e("NOT_SUSPENDED", "NOT_SUSPENDED", ExitCode.NETWORK, "The machine is not suspended."),
          e(
              "NOT_MACHINE_OWNER",
              "NOT_MACHINE_OWNER",
              ExitCode.NETWORK,
              "Only the machine's owner can do this."),
          e(
              "NOT_ACTIVATED",
              "NOT_ACTIVATED",
              ExitCode.NETWORK,
              "The machine has no subscription yet: activate it first."),
          e(
              "ALREADY_TERMINATED",
              "ALREADY_TERMINATED",
              ExitCode.NETWORK,
              "The subscription is terminated."),
          e(
              "PENDING_TRANSACTION",
              "PENDING",
              ExitCode.NETWORK,
              "The transaction is on the network but its outcome is not yet known. Re-run this command in the same folder to reconcile it; do not submit another activation."),
          e(
              "LEGACY_REGISTRATION_UNSUPPORTED",
              "LEGACY_REGISTRATION_UNSUPPORTED",
              ExitCode.INPUT,
              "Unset PEAQOS_DEPLOYMENT_ID (and drop --tokenomics 2.0) for the 1.0 flow."),
          e(
              "SPONSORED_ACTIVATION_UNSUPPORTED",
              "SPONSORED_ACTIVATION_UNSUPPORTED",
              ExitCode.INPUT,
              "In 2.0 the machine key signs: --for ADDRESS --machine-key FILE."),
          e(
              "PROVISION_POOL_NOT_CONFIGURED",
              "PROVISION_POOL_NOT_CONFIGURED",
              ExitCode.NETWORK,
              "This deployment has no USDT provision pool; pay in PEAQ."),
          e(
              "SLIPPAGE_EXCEEDED",
              "SLIPPAGE_EXCEEDED",
              ExitCode.NETWORK,
              "The USDT quote moved outside the accepted slippage. Re-run the preview and explicitly accept a new spend bound; no automatic retry occurred."),
          e(
              "MAX_USDT_EXCEEDED",
              "MAX_USDT_EXCEEDED",
              ExitCode.NETWORK,
              "The current USDT cost exceeds the accepted maximum. Re-run the preview (or raise --slippage-bps) to accept a new bound; the CLI will not increase it automatically."),
          e(
              "INSUFFICIENT_RESERVE",
              "INSUFFICIENT_RESERVE",
              ExitCode.NETWORK,
              "The provision pool cannot cover the quoted PEAQ amount. Wait for its reserve to be replenished or use the PEAQ payment rail."),
          e(
              "INSUFFICIENT_USDT_RECEIVED",
              "INSUFFICIENT_USDT_RECEIVED",
              ExitCode.NETWORK,
              "The provision pool received less USDT than required. Verify the token and balance, then obtain a fresh preview before retrying."));

  private static Map.Entry<String, Mapped> e(String sdk, String cli, int exit, String guidance) {
    return Map.entry(sdk, new Mapped(cli, exit, guidance));
  }

  private Econ2ErrorCodes() {}

  static Mapped of(String sdkCode) {
    Mapped m = BY_SDK_CODE.get(sdkCode);
    return m != null
        ? m
        : new Mapped(
            "ACTIVATION_FAILED",
            ExitCode.NETWORK,
            "Unexpected failure " + sdkCode + "; re-run with --verbose for details.");
  }
}
