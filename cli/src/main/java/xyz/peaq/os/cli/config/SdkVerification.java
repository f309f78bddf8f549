package xyz.peaq.os.cli.config;

import xyz.peaq.os.sdk.PeaqosConfig;

/**
 * The target as an SDK configuration, for the SDK's one configuration check ({@link
 * xyz.peaq.os.sdk.ConfigurationCheck}) and the clients {@code activate} signs with.
 */
public final class SdkVerification {
  private SdkVerification() {}

  /** A key-less SDK configuration for the target's RPC, chain id and contract addresses. */
  public static PeaqosConfig config(
      String rpcUrl, Long expectedChainId, java.util.Map<String, String> addresses) {
    return PeaqosConfig.builder()
        .rpcUrl(rpcUrl)
        .chainId(expectedChainId)
        .identityRegistry(addresses.get(Target.IDENTITY_REGISTRY))
        .identityStaking(addresses.get(Target.IDENTITY_STAKING))
        .eventRegistry(addresses.get(Target.EVENT_REGISTRY))
        .machineNft(addresses.get(Target.MACHINE_NFT))
        .didRegistry(addresses.get(Target.DID_REGISTRY))
        .batchPrecompile(addresses.get(Target.BATCH_PRECOMPILE))
        .build();
  }
}
