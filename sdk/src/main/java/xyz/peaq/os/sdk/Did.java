package xyz.peaq.os.sdk;

import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.Hex;
import xyz.peaq.os.sdk.errors.ValidationException;

/** A peaqOS 1.0 DID, {@code did:peaq:0x<40 hex>}: the machine's EVM address under the peaq method. */
public record Did(String address) {
  public static final String PREFIX = "did:peaq:";

  public Did {
    address = Addresses.require("did", address);
  }

  /** The DID of an address. */
  public static Did of(String address) {
    return new Did(address);
  }

  /**
   * Parses {@code did:peaq:0x…} (40 hex digits after {@code 0x}); a bare {@code 0x…} address is
   * accepted as the MCR API does.
   *
   * @throws ValidationException (field "did") for anything else
   */
  public static Did parse(String did) {
    if (did == null || did.isBlank()) {
      throw ValidationException.required("did");
    }
    String s = did.trim();
    String addr = s.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? s.substring(PREFIX.length()) : s;
    if (!Hex.isHexOfLength(addr, 20) && !(addr.startsWith("0X") && Hex.isHexOfLength("0x" + addr.substring(2), 20))) {
      throw new ValidationException("did", "did must be did:peaq:0x followed by 40 hex characters (got \"" + abbreviate(s) + "\")");
    }
    return new Did(addr.startsWith("0X") ? "0x" + addr.substring(2) : addr);
  }

  @Override
  public String toString() {
    return PREFIX + address;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
