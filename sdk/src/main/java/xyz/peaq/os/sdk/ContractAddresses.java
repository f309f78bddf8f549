package xyz.peaq.os.sdk;

import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/**
 * The six addresses the SDK talks to, checksummed. Built through {@link PeaqosConfig}, which names
 * the variable of a missing or malformed one.
 */
public record ContractAddresses(
    String identityRegistry,
    String identityStaking,
    String eventRegistry,
    String machineNft,
    String didRegistry,
    String batchPrecompile) {
  public ContractAddresses {
    identityRegistry = Addresses.require(PeaqosConfig.IDENTITY_REGISTRY_ADDRESS, identityRegistry);
    identityStaking = Addresses.require(PeaqosConfig.IDENTITY_STAKING_ADDRESS, identityStaking);
    eventRegistry = Addresses.require(PeaqosConfig.EVENT_REGISTRY_ADDRESS, eventRegistry);
    machineNft = Addresses.require(PeaqosConfig.MACHINE_NFT_ADDRESS, machineNft);
    didRegistry = Addresses.require(PeaqosConfig.DID_REGISTRY_ADDRESS, didRegistry);
    batchPrecompile = Addresses.require(PeaqosConfig.BATCH_PRECOMPILE_ADDRESS, batchPrecompile);
  }

  /**
   * peaq mainnet (reference §1.6). The docs list three EventRegistry addresses; this is the 1.0
   * registry of the current docs and skills ({@code 0x43c6AF2E…}); {@code 0x43c6c12e…} of older
   * snapshots is probably the pre-currency registry and {@code 0xA1e7F1d7…} is Tokenomics 2.0's.
   */
  public static ContractAddresses mainnet() {
    return new ContractAddresses(
        "0xb53Af985765031936311273599389b5B68aC9956",
        "0x11c05A650704136786253e8685f56879A202b1C7",
        "0x43c6AF2E14dc1327dc3cc6c7117D1CD72fffEcbA",
        "0x2943F80e9DdB11B9Dd275499C661Df78F5F691F9",
        WellKnownAddresses.DID_PRECOMPILE,
        WellKnownAddresses.BATCH_PRECOMPILE);
  }

  /** agung testnet (reference §1.6). */
  public static ContractAddresses agung() {
    return new ContractAddresses(
        "0x9E9463a65c7B74623b3b6Cdc39F71be7274e5971",
        "0x55f336714aDb0749DbFE33b057a1702405564E3d",
        "0x2DAD8905380993940e340C5cE6d313d5c2780040",
        "0xB41C2A4f1c19b6B06beaAce0F5CD8439e77C4b1c",
        WellKnownAddresses.DID_PRECOMPILE,
        WellKnownAddresses.BATCH_PRECOMPILE);
  }
}
