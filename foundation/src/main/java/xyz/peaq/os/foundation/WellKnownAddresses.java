package xyz.peaq.os.foundation;

/**
 * Addresses fixed by the peaq chain itself, the same on mainnet, agung and the devnet (whose
 * emulations are installed at them). Lowercase hex; the SDK checksums where it shows them.
 */
public final class WellKnownAddresses {
  /** The zero address. */
  public static final String ZERO = "0x0000000000000000000000000000000000000000";

  /** peaq's DID precompile ({@code DID_REGISTRY_ADDRESS}). */
  public static final String DID_PRECOMPILE = "0x0000000000000000000000000000000000000800";

  /** peaq's batch precompile ({@code BATCH_PRECOMPILE_ADDRESS}). */
  public static final String BATCH_PRECOMPILE = "0x0000000000000000000000000000000000000805";

  private WellKnownAddresses() {}
}
