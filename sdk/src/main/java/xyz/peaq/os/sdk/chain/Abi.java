package xyz.peaq.os.sdk.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.BytesType;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.NumericType;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Hash;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.ElementaryDecoder;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * The ABI coding of peaqOS: small helpers over web3j's encoder and decoder, for hand-written
 * function and event signatures (the SDK carries no generated contract wrappers). Public so that
 * services decode logs and call results the same way the SDK does (the MCR API's indexer).
 *
 * <pre>{@code
 * String data = Abi.encodeCall("tokenIdOf", new Uint256(machineId));
 * BigInteger tokenId = (BigInteger) Abi.decode(chain.call(nft, data), "uint256").get(0);
 * }</pre>
 */
public final class Abi {
  private Abi() {}

  /** Calldata: the selector of {@code name(<types of args>)} followed by the encoded arguments. */
  public static String encodeCall(String name, Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, Arrays.asList(args), Collections.emptyList()));
  }

  /**
   * keccak256 of an event signature such as {@code "Transfer(address,address,uint256)"}: its topic
   * 0.
   */
  public static String eventTopic(String signature) {
    return Hash.sha3String(signature);
  }

  /** The 4-byte selector of a function signature such as {@code "minBond()"}. */
  public static String selector(String signature) {
    return Hash.sha3String(signature).substring(0, 10);
  }

  /**
   * Decodes return data of the given Solidity types into Java values (address → checksummed String,
   * integers → BigInteger, bool → Boolean, bytes/bytesN → 0x-hex, string → String).
   *
   * @throws IllegalArgumentException when the data is too short for the types
   */
  public static List<Object> decode(String data, String... solidityTypes) {
    if (data == null || Hex.strip0x(data).isEmpty()) {
      throw new IllegalArgumentException(
          "empty return data: the address has no contract or no such function");
    }
    if (ElementaryDecoder.handles(solidityTypes)) {
      // web3j's numeric decoding does not run on Android 8.0: ElementaryDecoder says why.
      try {
        return ElementaryDecoder.decode(data, solidityTypes);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "ABI data does not hold " + String.join(",", solidityTypes) + ": " + e.getMessage(), e);
      }
    }
    List<TypeReference<Type>> refs = refs(solidityTypes);
    List<Type> out;
    try {
      out = FunctionReturnDecoder.decode(data, refs);
    } catch (RuntimeException e) {
      // web3j reads past the end or misparses a length as it goes: one clear error instead.
      throw new IllegalArgumentException(
          "ABI data does not hold " + String.join(",", solidityTypes) + ": " + e.getMessage(), e);
    }
    if (out.size() != refs.size()) {
      throw new IllegalArgumentException(
          "return data does not hold " + String.join(",", solidityTypes));
    }
    List<Object> values = new ArrayList<>();
    for (Type t : out) {
      values.add(toJava(t));
    }
    return values;
  }

  /**
   * Decodes return data or log data that is one dynamic tuple (a struct with a {@code bytes} or
   * {@code string} field, as {@code getEventAt} returns): its offset word is followed by fields
   * encoded like top-level values.
   *
   * @throws IllegalArgumentException when the data is too short or its offset is out of range
   */
  public static List<Object> decodeTuple(String data, String... solidityTypes) {
    String body = Hex.strip0x(data == null ? "" : data);
    if (body.length() < 64) {
      throw new IllegalArgumentException(
          "ABI data too short for a tuple: " + body.length() / 2 + " bytes");
    }
    BigInteger offset = new BigInteger(body.substring(0, 64), 16);
    if (offset.bitLength() > 31 || offset.intValue() * 2L > body.length()) {
      throw new IllegalArgumentException("ABI tuple offset " + offset + " is out of range");
    }
    return decode("0x" + body.substring(offset.intValue() * 2), solidityTypes);
  }

  /** 0x-hex (or bare hex) as bytes. @throws IllegalArgumentException when it is not hex */
  public static byte[] bytes(String hex) {
    return Hex.decode(hex);
  }

  /** Decodes a single value. */
  public static Object decodeOne(String data, String solidityType) {
    return decode(data, solidityType).get(0);
  }

  /** A 32-byte word (topic or data slot) as an unsigned integer. */
  public static BigInteger word(String hex, int index) {
    String body = Hex.strip0x(hex);
    return new BigInteger(body.substring(index * 64, index * 64 + 64), 16);
  }

  /** A decoded web3j value as the Java value {@link #decode} returns. */
  public static Object toJava(Type<?> t) {
    if (t instanceof Address a) {
      return Addresses.checksum(a.getValue());
    }
    if (t instanceof NumericType n) {
      return (BigInteger) n.getValue();
    }
    if (t instanceof Bool b) {
      return b.getValue();
    }
    if (t instanceof BytesType b) {
      return Hex.encode(b.getValue());
    }
    if (t instanceof Utf8String s) {
      return s.getValue();
    }
    return t.getValue();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  /** web3j type references of Solidity type names. */
  public static List<TypeReference<Type>> refs(String... solidityTypes) {
    List<TypeReference<Type>> out = new ArrayList<>();
    for (String s : solidityTypes) {
      try {
        out.add((TypeReference) TypeReference.makeTypeReference(s.trim()));
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("unsupported ABI type " + s, e);
      }
    }
    return out;
  }
}
