package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.web3j.crypto.Hash;

/** The little ABI codec the indexer needs: topic hashes, uint call encoding, head/tail decoding. */
final class Abi {
  private static final HexFormat HEX = HexFormat.of();

  private Abi() {}

  /** keccak256 of an event or function signature, 0x-hex lowercase. */
  static String topic(String signature) {
    return Hash.sha3String(signature).toLowerCase();
  }

  static String selector(String signature) {
    return topic(signature).substring(0, 10);
  }

  /** Calldata for a function whose arguments are all static words (uint256 here). */
  static String encodeCall(String signature, BigInteger... args) {
    StringBuilder sb = new StringBuilder(selector(signature));
    for (BigInteger a : args) {
      sb.append(word(a));
    }
    return sb.toString();
  }

  static String word(BigInteger v) {
    String h = v.toString(16);
    return "0".repeat(64 - h.length()) + h;
  }

  static byte[] bytes(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    return HEX.parseHex(h);
  }

  static String hex(byte[] b) {
    return "0x" + HEX.formatHex(b);
  }

  /** A decoded ABI buffer addressed by byte offsets. */
  static final class Reader {
    private final byte[] data;

    Reader(String hex) {
      this.data = bytes(hex);
    }

    Reader(byte[] data) {
      this.data = data;
    }

    int length() {
      return data.length;
    }

    BigInteger uint(int offset) {
      check(offset, 32);
      byte[] w = new byte[32];
      System.arraycopy(data, offset, w, 0, 32);
      return new BigInteger(1, w);
    }

    /** Word at {@code offset} as an int offset or length, rejecting absurd values. */
    int intAt(int offset) {
      BigInteger v = uint(offset);
      if (v.bitLength() > 31) {
        throw new IllegalArgumentException("ABI offset/length out of range at " + offset);
      }
      return v.intValue();
    }

    String address(int offset) {
      check(offset, 32);
      byte[] a = new byte[20];
      System.arraycopy(data, offset + 12, a, 0, 20);
      return hex(a);
    }

    String bytes32(int offset) {
      check(offset, 32);
      byte[] a = new byte[32];
      System.arraycopy(data, offset, a, 0, 32);
      return hex(a);
    }

    /** Dynamic {@code bytes} whose head word sits at {@code headOffset}, tail relative to {@code base}. */
    byte[] dynamicBytes(int base, int headOffset) {
      int start = base + intAt(headOffset);
      int len = intAt(start);
      check(start + 32, len);
      byte[] out = new byte[len];
      System.arraycopy(data, start + 32, out, 0, len);
      return out;
    }

    String dynamicString(int base, int headOffset) {
      return new String(dynamicBytes(base, headOffset), StandardCharsets.UTF_8);
    }

    private void check(int offset, int len) {
      if (offset < 0 || len < 0 || offset + len > data.length) {
        throw new IllegalArgumentException("ABI data too short: need " + (offset + len) + " bytes, have " + data.length);
      }
    }
  }
}
