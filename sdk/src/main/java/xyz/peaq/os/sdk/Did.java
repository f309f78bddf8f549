package xyz.peaq.os.sdk;

import java.util.Optional;
import java.util.regex.Pattern;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/**
 * A peaqOS 1.0 DID, {@code did:peaq:0x<40 hex>}: the machine's EVM address under the peaq method.
 */
public record Did(String address) {
  public static final String PREFIX = "did:peaq:";
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  public Did {
    address = Addresses.require("did", address);
  }

  /** The DID of an address. */
  public static Did of(String address) {
    return new Did(address);
  }

  /**
   * Parses {@code did:peaq:0x…} (40 hex digits after {@code 0x}); a bare {@code 0x…} address is
   * accepted as the MCR API does. The syntax is {@link #addressOf}'s; a mixed-case address must
   * also carry a valid EIP-55 checksum.
   *
   * @throws ValidationException (field "did") for anything else
   */
  public static Did parse(String did) {
    if (did == null || did.trim().isEmpty()) {
      throw ValidationException.required("did");
    }
    String s = did.trim();
    String addr =
        addressOf(s)
            .orElseThrow(
                () ->
                    new ValidationException(
                        "did",
                        "did must be did:peaq:0x followed by 40 hex characters (got \""
                            + abbreviate(s)
                            + "\")"));
    return new Did(addr);
  }

  /**
   * The address a DID names, by syntax alone: {@code did:peaq:} (any case) or nothing, then {@code
   * 0x} and 40 hex digits, surrounding blanks ignored. The address keeps its case and no EIP-55
   * check is made: what the MCR API accepts in a path, as the official one does. Empty for anything
   * else (including null).
   */
  public static Optional<String> addressOf(String didOrAddress) {
    if (didOrAddress == null) {
      return Optional.empty();
    }
    String s = didOrAddress.trim();
    String addr =
        s.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? s.substring(PREFIX.length()) : s;
    return ADDRESS.matcher(addr).matches() ? Optional.of(addr) : Optional.empty();
  }

  @Override
  public String toString() {
    return PREFIX + address;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
