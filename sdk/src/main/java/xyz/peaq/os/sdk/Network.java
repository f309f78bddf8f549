package xyz.peaq.os.sdk;

import java.util.Locale;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The networks with presets. {@code PEAQOS_NETWORK} takes their names; {@code testnet} means agung.
 */
public enum Network {
  /** peaq mainnet, chain id 3338. */
  MAINNET(3338),
  /** agung testnet, chain id 9990. */
  AGUNG(9990),
  /**
   * The local devnet of {@code peaqos devnet up}; chain id 33380 unless {@code PEAQOS_CHAIN_ID}
   * says otherwise.
   */
  DEVNET(33380);

  /** The devnet's default chain id: neither mainnet's nor agung's. */
  public static final long DEVNET_DEFAULT_CHAIN_ID = 33380;

  private final long defaultChainId;

  Network(long defaultChainId) {
    this.defaultChainId = defaultChainId;
  }

  public long defaultChainId() {
    return defaultChainId;
  }

  /** The lowercase name used in {@code PEAQOS_NETWORK}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code mainnet}, {@code agung}, {@code testnet} or {@code devnet} (any case).
   *
   * @throws ValidationException naming {@code PEAQOS_NETWORK} for anything else
   */
  public static Network parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "mainnet", "peaq" -> MAINNET;
      case "agung", "testnet" -> AGUNG;
      case "devnet", "local" -> DEVNET;
      default ->
          throw new ValidationException(
              "PEAQOS_NETWORK",
              "PEAQOS_NETWORK must be one of mainnet, agung (or testnet), devnet; got \""
                  + value
                  + "\"");
    };
  }
}
