package xyz.peaq.os.sdk;

import xyz.peaq.os.sdk.chain.Abi;

/** Event topics of the peaqOS contracts (hand-written signatures; the SDK carries no ABI files). */
final class PeaqosAbi {
  private PeaqosAbi() {}

  /** IdentityRegistry of the real deployments. */
  static final String REGISTERED = Abi.eventTopic("Registered(uint256,string,address)");

  /** IdentityRegistry of SPEC §5 (the devnet may emit both). */
  static final String MACHINE_REGISTERED =
      Abi.eventTopic("MachineRegistered(uint256,address,address,uint256)");

  static final String TRANSFER = Abi.eventTopic("Transfer(address,address,uint256)");
  static final String MACHINE_MINTED = Abi.eventTopic("MachineMinted(uint256,uint256,address)");
  static final String EVENT_SUBMITTED =
      Abi.eventTopic("EventSubmitted(uint256,uint256,uint8,uint256,string)");
}
