package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * A DID attribute as the precompile stores it. {@code value} is the UTF-8 text; {@code validity} is
 * in blocks (0 = no expiry); {@code created} the precompile's creation stamp.
 */
public record DidAttribute(String name, byte[] rawValue, long validity, BigInteger created) {
  public DidAttribute {
    rawValue = rawValue.clone();
  }

  /** The value as UTF-8 text (the encoding every peaqOS attribute uses). */
  public String value() {
    return new String(rawValue, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] rawValue() {
    return rawValue.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DidAttribute d
        && d.name.equals(name)
        && java.util.Arrays.equals(d.rawValue, rawValue)
        && d.validity == validity
        && d.created.equals(created);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(rawValue);
  }

  @Override
  public String toString() {
    return "DidAttribute[name="
        + name
        + ", value="
        + value()
        + ", validity="
        + validity
        + ", created="
        + created
        + ", rawValue="
        + Hex.encode(rawValue)
        + "]";
  }
}
