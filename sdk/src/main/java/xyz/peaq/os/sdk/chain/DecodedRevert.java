package xyz.peaq.os.sdk.chain;

import java.util.List;
import java.util.stream.Collectors;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * A decoded revert. {@code name} is the custom error's name, {@code Error} for {@code
 * Error(string)}, {@code Panic} for {@code Panic(uint256)}, or {@code unknown}; {@code arguments}
 * are Java values (address → checksummed String, uintN/intN → BigInteger, bool → Boolean, bytes →
 * 0x-hex String, string → String). {@code data} is the raw revert data or null when the node sent
 * none.
 */
public record DecodedRevert(String name, String signature, List<Object> arguments, String data) {
  public DecodedRevert {
    arguments = Immutables.copyOf(arguments);
  }

  /** {@code Name(arg, ...)}, or the reason text for {@code Error(string)}. */
  public String describe() {
    if ("Error".equals(name) && arguments.size() == 1) {
      return "reverted with reason \"" + arguments.get(0) + "\"";
    }
    if ("unknown".equals(name)) {
      return data == null || data.equals("0x")
          ? "reverted without data"
          : "reverted with unrecognised data " + abbreviate(data);
    }
    return name
        + "("
        + arguments.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + ")";
  }

  private static String abbreviate(String data) {
    return data.length() > 74 ? data.substring(0, 74) + "…" : data;
  }
}
