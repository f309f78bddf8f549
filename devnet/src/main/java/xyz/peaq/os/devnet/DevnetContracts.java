package xyz.peaq.os.devnet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the devnet's contracts live (checksummed addresses). The four peaqOS contracts are ERC-1967
 * proxies; the DID and batch emulations sit at the precompile addresses of a real peaq node.
 */
public record DevnetContracts(
    String identityRegistry,
    String identityStaking,
    String eventRegistry,
    String machineNft,
    String didRegistry,
    String batchPrecompile) {

  public DevnetContracts {
    Objects.requireNonNull(identityRegistry, "identityRegistry");
    Objects.requireNonNull(identityStaking, "identityStaking");
    Objects.requireNonNull(eventRegistry, "eventRegistry");
    Objects.requireNonNull(machineNft, "machineNft");
    Objects.requireNonNull(didRegistry, "didRegistry");
    Objects.requireNonNull(batchPrecompile, "batchPrecompile");
  }

  /** The SPEC section 3 variable names mapped to the addresses, in devnet.env order. */
  public Map<String, String> asEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("IDENTITY_REGISTRY_ADDRESS", identityRegistry);
    env.put("IDENTITY_STAKING_ADDRESS", identityStaking);
    env.put("EVENT_REGISTRY_ADDRESS", eventRegistry);
    env.put("MACHINE_NFT_ADDRESS", machineNft);
    env.put("DID_REGISTRY_ADDRESS", didRegistry);
    env.put("BATCH_PRECOMPILE_ADDRESS", batchPrecompile);
    return env;
  }
}
