package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.util.Objects;
import xyz.peaq.os.sdk.internal.chain.Hex;

/** A block parameter of JSON-RPC: a tag ({@code latest}, {@code pending}, ...) or a number. */
public record BlockRef(String value) {
  public BlockRef {
    Objects.requireNonNull(value, "value");
  }

  public static BlockRef latest() {
    return new BlockRef("latest");
  }

  /** Includes transactions in the node's pool: the nonce to use next. */
  public static BlockRef pending() {
    return new BlockRef("pending");
  }

  public static BlockRef earliest() {
    return new BlockRef("earliest");
  }

  public static BlockRef number(long number) {
    return new BlockRef(Hex.quantity(number));
  }

  public static BlockRef number(BigInteger number) {
    return new BlockRef(Hex.quantity(number));
  }
}
