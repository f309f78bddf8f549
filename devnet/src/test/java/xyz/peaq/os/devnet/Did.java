package xyz.peaq.os.devnet;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.utils.Numeric;

/** Calldata for the DID precompile and decoding of its Attribute tuple. */
final class Did {
  static final String ADD_TOPIC =
      "0x13aef52bc4a99da04591533072e304017e3fb76f43e7fadd25eb7f514c5ef6e5";
  static final String UPDATE_TOPIC =
      "0x018be4d5e2634aefdb51c4ddd186f33072cfb5f6baf685579c2e214995dc9e4f";

  /** keccak256("RemoveAttribute(address,bytes)"), what the ABI (and reference section 5) names. */
  static final String REMOVE_TOPIC_BY_ABI =
      "0x8d8507f4f79e585e0cbbdeff53c51bfb6ffa6d44fbcc86e46ece2fad02b5d902";

  /**
   * keccak256("RemoveAttribte(address,bytes)"): what the real node's precompile logs (its source
   * has the typo).
   */
  static final String REMOVE_TOPIC = TestClient.topic("RemoveAttribte(address,bytes)");

  record Attribute(String name, byte[] value, long validity, BigInteger created) {
    String text() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  private Did() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String add(String didAccount, String name, byte[] value, long validityFor) {
    return TestClient.encode(
        "addAttribute",
        new Address(didAccount),
        new DynamicBytes(utf8(name)),
        new DynamicBytes(value),
        new Uint32(validityFor));
  }

  static String add(String didAccount, String name, String value) {
    return add(didAccount, name, utf8(value), 0);
  }

  static String update(String didAccount, String name, String value, long validityFor) {
    return TestClient.encode(
        "updateAttribute",
        new Address(didAccount),
        new DynamicBytes(utf8(name)),
        new DynamicBytes(utf8(value)),
        new Uint32(validityFor));
  }

  static String remove(String didAccount, String name) {
    return TestClient.encode(
        "removeAttribute", new Address(didAccount), new DynamicBytes(utf8(name)));
  }

  static String read(String didAccount, String name) {
    return TestClient.encode(
        "readAttribute", new Address(didAccount), new DynamicBytes(utf8(name)));
  }

  /** Decodes abi.encode(Attribute{bytes name; bytes value; uint32 validity; uint256 created}). */
  static Attribute decode(String hex) {
    byte[] data = Numeric.hexStringToByteArray(hex);
    int tuple = uint(data, 0);
    byte[] name = bytesAt(data, tuple + uint(data, tuple));
    byte[] value = bytesAt(data, tuple + uint(data, tuple + 32));
    long validity =
        new BigInteger(1, Arrays.copyOfRange(data, tuple + 64, tuple + 96)).longValueExact();
    BigInteger created = new BigInteger(1, Arrays.copyOfRange(data, tuple + 96, tuple + 128));
    return new Attribute(new String(name, StandardCharsets.UTF_8), value, validity, created);
  }

  static byte[] bytesAt(byte[] data, int at) {
    int len = uint(data, at);
    return Arrays.copyOfRange(data, at + 32, at + 32 + len);
  }

  static int uint(byte[] data, int at) {
    return new BigInteger(1, Arrays.copyOfRange(data, at, at + 32)).intValueExact();
  }
}
