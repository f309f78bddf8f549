package xyz.peaq.os.cli.activate;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * Calldata of the handful of contract functions activation needs, with the signatures of the
 * official ABIs (IdentityRegistry, MachineNFT, the DID and batch precompiles).
 */
final class Contracts {
  private Contracts() {}

  static String register() {
    return encode("register");
  }

  static String registerFor(String machine) {
    return encode("registerFor", new Address(machine));
  }

  static String minBond() {
    return encode("minBond");
  }

  static String machineIdOf(String wallet) {
    return encode("machineIdOf", new Address(wallet));
  }

  static String tokenIdOf(BigInteger machineId) {
    return encode("tokenIdOf", new Uint256(machineId));
  }

  static String balanceOf(String owner) {
    return encode("balanceOf", new Address(owner));
  }

  static String mint(BigInteger machineId, String recipient) {
    return encode("mint", new Uint256(machineId), new Address(recipient));
  }

  static String readAttribute(String didAccount, String name) {
    return encode("readAttribute", new Address(didAccount), bytes(name));
  }

  static String addAttribute(String didAccount, String name, String value) {
    return encode("addAttribute", new Address(didAccount), bytes(name), bytes(value), new Uint32(0));
  }

  static String updateAttribute(String didAccount, String name, String value) {
    return encode("updateAttribute", new Address(didAccount), bytes(name), bytes(value), new Uint32(0));
  }

  /** {@code batchAll(address[],uint256[],bytes[],uint64[])}: all or nothing, signed once. */
  static String batchAll(List<String> to, List<String> callData) {
    List<Address> t = new ArrayList<>();
    List<Uint256> v = new ArrayList<>();
    List<DynamicBytes> d = new ArrayList<>();
    List<Uint64> g = new ArrayList<>();
    for (int i = 0; i < to.size(); i++) {
      t.add(new Address(to.get(i)));
      v.add(new Uint256(BigInteger.ZERO));
      d.add(new DynamicBytes(org.web3j.utils.Numeric.hexStringToByteArray(callData.get(i))));
      g.add(new Uint64(BigInteger.ZERO));
    }
    return FunctionEncoder.encode(new Function("batchAll", List.of(
        new DynamicArray<>(Address.class, t), new DynamicArray<>(Uint256.class, v),
        new DynamicArray<>(DynamicBytes.class, d), new DynamicArray<>(Uint64.class, g)), List.of()));
  }

  static BigInteger decodeUint(String hex) {
    if (hex == null || hex.length() <= 2) {
      return BigInteger.ZERO;
    }
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> out = FunctionReturnDecoder.decode(hex, (List) List.of(new TypeReference<Uint256>() {}));
    return out.isEmpty() ? BigInteger.ZERO : (BigInteger) out.get(0).getValue();
  }

  static boolean decodeBool(String hex) {
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> out = FunctionReturnDecoder.decode(hex, (List) List.of(new TypeReference<Bool>() {}));
    return !out.isEmpty() && (Boolean) out.get(0).getValue();
  }

  /** The value of {@code readAttribute}'s {@code (bytes name, bytes value, uint32 validity, uint256 created)}. */
  static String decodeAttributeValue(String hex) {
    byte[] raw = org.web3j.utils.Numeric.hexStringToByteArray(hex);
    // Return data: offset to the tuple (dynamic), then the tuple's head: name offset, value offset, ...
    int tuple = new BigInteger(1, slice(raw, 0, 32)).intValueExact();
    int valueOffset = new BigInteger(1, slice(raw, tuple + 32, 32)).intValueExact();
    int at = tuple + valueOffset;
    int len = new BigInteger(1, slice(raw, at, 32)).intValueExact();
    return new String(slice(raw, at + 32, len), StandardCharsets.UTF_8);
  }

  private static byte[] slice(byte[] raw, int from, int len) {
    byte[] out = new byte[len];
    System.arraycopy(raw, from, out, 0, len);
    return out;
  }

  private static DynamicBytes bytes(String utf8) {
    return new DynamicBytes(utf8.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String name, Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }
}
