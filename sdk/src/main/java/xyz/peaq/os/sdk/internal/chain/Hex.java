package xyz.peaq.os.sdk.internal.chain;

import java.math.BigInteger;
import xyz.peaq.os.sdk.errors.ValidationException;

/** Hex helpers for JSON-RPC quantities and data. Data is always {@code 0x}-prefixed lowercase. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private static final String ZERO_HASH =
      "0x0000000000000000000000000000000000000000000000000000000000000000";

  private Hex() {}

  /** {@code 0x}-prefixed lowercase hex of {@code bytes} ({@code "0x"} for none). */
  public static String encode(byte[] bytes) {
    // java.util.HexFormat is Java 17 (not on Android).
    char[] out = new char[2 + bytes.length * 2];
    out[0] = '0';
    out[1] = 'x';
    for (int i = 0; i < bytes.length; i++) {
      out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[3 + 2 * i] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Bytes of a hex string, with or without {@code 0x}.
   *
   * @throws ValidationException (field "hex") when the text is not even-length hex
   */
  public static byte[] decode(String hex) {
    return decode("hex", hex);
  }

  /** Like {@link #decode(String)} but a failure names {@code field}. */
  public static byte[] decode(String field, String hex) {
    if (hex == null) {
      throw ValidationException.required(field);
    }
    String body = strip0x(hex);
    if (body.length() % 2 != 0 || !isHexBody(body)) {
      throw new ValidationException(
          field, field + " must be 0x-prefixed hex with an even number of digits");
    }
    byte[] out = new byte[body.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          (byte)
              ((Character.digit(body.charAt(2 * i), 16) << 4)
                  | Character.digit(body.charAt(2 * i + 1), 16));
    }
    return out;
  }

  /** A JSON-RPC quantity ({@code 0x1a}, no leading zeros). */
  public static String quantity(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("quantity must not be negative: " + value);
    }
    return "0x" + value.toString(16);
  }

  /** A JSON-RPC quantity. */
  public static String quantity(long value) {
    return quantity(BigInteger.valueOf(value));
  }

  /** Parses a JSON-RPC quantity; {@code null} or {@code "0x"} give zero. */
  public static BigInteger toBigInteger(String quantity) {
    if (quantity == null) {
      return BigInteger.ZERO;
    }
    String body = strip0x(quantity);
    return body.isEmpty() ? BigInteger.ZERO : new BigInteger(body, 16);
  }

  /** The text without a leading {@code 0x}/{@code 0X}. */
  public static String strip0x(String hex) {
    return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
  }

  /** True for {@code 0x} followed by exactly {@code bytes * 2} hex digits. */
  public static boolean isHexOfLength(String value, int bytes) {
    return value != null
        && value.startsWith("0x")
        && value.length() == 2 + bytes * 2
        && isHexBody(value.substring(2));
  }

  /** 32 zero bytes as hex. */
  public static String zeroHash() {
    return ZERO_HASH;
  }

  static boolean isHexBody(String body) {
    for (int i = 0; i < body.length(); i++) {
      if (Character.digit(body.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
