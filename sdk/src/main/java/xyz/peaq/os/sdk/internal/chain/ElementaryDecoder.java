package xyz.peaq.os.sdk.internal.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes ABI return and error data made of elementary types ({@code uintN}, {@code intN}, {@code
 * address}, {@code bool}, {@code bytesN}, {@code bytes}, {@code string}) exactly as web3j's {@code
 * FunctionReturnDecoder} does, into the Java values of {@code Abi.decode}.
 *
 * <p>Why not web3j's: its {@code TypeDecoder.decodeNumeric} (every integer and address) calls the
 * Java 9 constructors {@code BigInteger(int, byte[], int, int)}, which Android has only from API
 * 33; on Android 8.0 it throws {@code NoSuchMethodError}. Arrays and tuples still go to web3j (the
 * SDK's own calls never decode them).
 */
public final class ElementaryDecoder {
  private static final Pattern SIZED = Pattern.compile("(uint|int|bytes)([0-9]+)");

  private ElementaryDecoder() {}

  /** True when every type is elementary (this decoder handles the list). */
  public static boolean handles(String... types) {
    for (String t : types) {
      if (!isElementary(t.trim())) {
        return false;
      }
    }
    return true;
  }

  static boolean isElementary(String t) {
    if (t.equals("address")
        || t.equals("bool")
        || t.equals("bytes")
        || t.equals("string")
        || t.equals("uint")
        || t.equals("int")) {
      return true;
    }
    Matcher m = SIZED.matcher(t);
    if (!m.matches() || m.group(2).startsWith("0")) {
      return false;
    }
    int n = Integer.parseInt(m.group(2));
    return m.group(1).equals("bytes") ? n >= 1 && n <= 32 : n >= 8 && n <= 256 && n % 8 == 0;
  }

  /**
   * The values of {@code types} in {@code hex} (with or without {@code 0x}): address → checksummed
   * String, integers → BigInteger, bool → Boolean, bytes/bytesN → 0x-hex, string → String.
   *
   * @throws IllegalArgumentException when the data is too short or an offset/length is out of range
   */
  public static List<Object> decode(String hex, String... types) {
    String body = Hex.strip0x(hex);
    List<Object> out = new ArrayList<>(types.length);
    for (int i = 0; i < types.length; i++) {
      String t = types[i].trim();
      int head = i * 64;
      if (t.equals("bytes") || t.equals("string")) {
        int at = checkedInt(word(body, head), "offset") * 2;
        int length = checkedInt(word(body, at), "length");
        int from = at + 64;
        if ((long) from + 2L * length > body.length()) {
          throw new IllegalArgumentException(
              "ABI data too short for a " + t + " of " + length + " bytes");
        }
        byte[] bytes = Hex.decode(body.substring(from, from + 2 * length));
        out.add(t.equals("string") ? new String(bytes, StandardCharsets.UTF_8) : Hex.encode(bytes));
      } else {
        out.add(elementary(t, word(body, head)));
      }
    }
    return out;
  }

  private static Object elementary(String t, String word) {
    byte[] w = Hex.decode(word);
    if (t.equals("address")) {
      return Addresses.checksum(Hex.encode(slice(w, 12, 20)));
    }
    if (t.equals("bool")) {
      return new BigInteger(1, w).equals(BigInteger.ONE);
    }
    if (t.startsWith("bytes")) {
      return Hex.encode(slice(w, 0, Integer.parseInt(t.substring(5))));
    }
    boolean signed = t.startsWith("int");
    String digits = t.substring(signed ? 3 : 4);
    int size = digits.isEmpty() ? 32 : Integer.parseInt(digits) / 8;
    byte[] low = slice(w, 32 - size, size);
    return signed ? new BigInteger(low) : new BigInteger(1, low);
  }

  private static String word(String body, int at) {
    if (at < 0 || (long) at + 64 > body.length()) {
      throw new IllegalArgumentException(
          "ABI data too short: " + body.length() / 2 + " bytes, a word at byte " + at / 2);
    }
    return body.substring(at, at + 64);
  }

  private static int checkedInt(String word, String what) {
    BigInteger v = new BigInteger(word, 16);
    if (v.bitLength() > 30) {
      throw new IllegalArgumentException("ABI " + what + " " + v + " is out of range");
    }
    return v.intValue();
  }

  private static byte[] slice(byte[] b, int from, int length) {
    byte[] out = new byte[length];
    System.arraycopy(b, from, out, 0, length);
    return out;
  }
}
