package xyz.peaq.os.cli.config;

import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.VerificationReport;

/**
 * The SDK's configuration check (chain id, code at each address, each contract answering as its
 * kind, the EventRegistry's links to the registry and staking) on a key-less client.
 */
public final class SdkVerification {
  private SdkVerification() {}

  /** @throws xyz.peaq.os.sdk.errors.ValidationException naming the variable that is wrong (exit 3) */
  public static VerificationReport verify(String rpcUrl, Long expectedChainId, java.util.Map<String, String> addresses) {
    try (PeaqosClient client = PeaqosClient.create(config(rpcUrl, expectedChainId, addresses))) {
      return client.verify();
    }
  }

  /** A key-less SDK configuration for the target's RPC, chain id and contract addresses. */
  public static PeaqosConfig config(String rpcUrl, Long expectedChainId, java.util.Map<String, String> addresses) {
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
