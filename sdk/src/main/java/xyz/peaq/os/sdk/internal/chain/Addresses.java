package xyz.peaq.os.sdk.internal.chain;

import java.math.BigInteger;
import java.util.Locale;
import org.web3j.crypto.Keys;
import xyz.peaq.os.sdk.errors.ValidationException;

/** EVM address checks and EIP-55 checksums. */
public final class Addresses {
  private static final BigInteger PRECOMPILE_LIMIT = BigInteger.valueOf(0x10000);

  private Addresses() {}

  /**
   * True for {@code 0x} plus 40 hex digits; a mixed-case address must carry a valid EIP-55
   * checksum.
   */
  public static boolean isValid(String address) {
    if (!Hex.isHexOfLength(address, 20)) {
      return false;
    }
    String body = address.substring(2);
    boolean mixed =
        !body.equals(body.toLowerCase(Locale.ROOT)) && !body.equals(body.toUpperCase(Locale.ROOT));
    return !mixed || Keys.toChecksumAddress(address).equals(address);
  }

  /** The EIP-55 form of a valid address. */
  public static String checksum(String address) {
    return Keys.toChecksumAddress(require("address", address));
  }

  /**
   * Checks and checksums an address.
   *
   * @param field the parameter or variable name put in the error
   * @throws ValidationException naming {@code field}: missing, not 0x + 40 hex, or a wrong EIP-55
   *     checksum
   */
  public static String require(String field, String address) {
    if (address == null || address.trim().isEmpty()) {
      throw ValidationException.required(field);
    }
    String trimmed = address.trim();
    if (!Hex.isHexOfLength(trimmed, 20)) {
      throw new ValidationException(
          field,
          field
              + " must be an EVM address: 0x followed by 40 hex characters (got "
              + describe(trimmed)
              + ")");
    }
    if (!isValid(trimmed)) {
      throw new ValidationException(
          field,
          field
              + " has an invalid EIP-55 checksum; use all-lowercase or the checksummed form "
              + Keys.toChecksumAddress(trimmed));
    }
    return Keys.toChecksumAddress(trimmed);
  }

  /** Case-insensitive equality of two addresses. */
  public static boolean same(String a, String b) {
    return a != null && b != null && a.equalsIgnoreCase(b);
  }

  /**
   * True for the low addresses where chains put precompiles (below {@code 0x10000}); peaq's DID
   * ({@code 0x…0800}) and batch ({@code 0x…0805}) precompiles are among them.
   */
  public static boolean isPrecompile(String address) {
    if (!Hex.isHexOfLength(address, 20)) {
      return false;
    }
    BigInteger value = new BigInteger(address.substring(2), 16);
    return value.signum() > 0 && value.compareTo(PRECOMPILE_LIMIT) < 0;
  }

  /** The 20-byte address held in a 32-byte topic or word. */
  public static String fromWord(String word) {
    String body = Hex.strip0x(word);
    return Keys.toChecksumAddress("0x" + body.substring(body.length() - 40));
  }

  private static String describe(String value) {
    // Addresses are public, but a caller might paste a key here: never echo 64-hex material.
    if (value.length() > 44) {
      return value.length() + " characters";
    }
    return "\"" + value + "\"";
  }
}
