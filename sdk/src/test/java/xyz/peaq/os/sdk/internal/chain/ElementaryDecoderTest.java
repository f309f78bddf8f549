package xyz.peaq.os.sdk.internal.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.sdk.chain.Abi;

/**
 * The SDK's elementary ABI decoder (web3j's does not run on Android 8.0) gives what web3j's decoder
 * gives, on random words (high bits set beyond the type's size included) and on encoded dynamic
 * values.
 */
class ElementaryDecoderTest {
  private static final String[] TYPES = {
    "uint256", "uint64", "uint32", "uint8", "int256", "int64", "int8", "uint", "int", "address",
    "bool", "bytes32", "bytes4", "bytes1"
  };

  @Test
  void staticWordsDecodeAsWeb3jDecodesThem() {
    Random random = new Random(19);
    for (int round = 0; round < 2000; round++) {
      String[] types = new String[1 + random.nextInt(4)];
      StringBuilder data = new StringBuilder("0x");
      for (int i = 0; i < types.length; i++) {
        types[i] = TYPES[random.nextInt(TYPES.length)];
        data.append(randomWord(random));
      }
      List<Object> web3j = new ArrayList<>();
      for (Type<?> t : FunctionReturnDecoder.decode(data.toString(), Abi.refs(types))) {
        web3j.add(Abi.toJava(t));
      }
      assertThat(ElementaryDecoder.decode(data.toString(), types))
          .as("%s of %s", Arrays.toString(types), data)
          .isEqualTo(web3j);
    }
  }

  @Test
  void dynamicValuesDecodeAsWeb3jDecodesThem() {
    String data =
        "0x"
            + FunctionEncoder.encodeConstructor(
                Arrays.asList(
                    new Utf8String("did:peaq:0xAbC — ünïcode"),
                    new Uint256(BigInteger.TEN.pow(40)),
                    new DynamicBytes(new byte[] {1, 2, 3, (byte) 0xff}),
                    new Address("0x00000000000000000000000000000000000000ff"),
                    new Utf8String("")));
    String[] types = {"string", "uint256", "bytes", "address", "string"};
    List<Object> web3j = new ArrayList<>();
    for (Type<?> t : FunctionReturnDecoder.decode(data, Abi.refs(types))) {
      web3j.add(Abi.toJava(t));
    }
    assertThat(ElementaryDecoder.decode(data, types)).isEqualTo(web3j);
    assertThat(Abi.decode(data, types)).isEqualTo(web3j);
  }

  @Test
  void truncatedDataAndWildOffsetsAreClearErrors() {
    String word = "00".repeat(31) + "05";
    assertThatThrownBy(() -> Abi.decode("0x" + word, "uint256", "uint256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ABI data does not hold uint256,uint256");
    assertThatThrownBy(() -> Abi.decode("0x" + "ff".repeat(32), "string"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Abi.decode("0x" + "00".repeat(31) + "20" + word, "bytes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too short for a bytes of 5 bytes");
  }

  @Test
  void onlyElementaryTypesAreHandled() {
    assertThat(ElementaryDecoder.handles("uint256", "address", "bytes32", "string", "int8"))
        .isTrue();
    assertThat(ElementaryDecoder.handles("uint256[]")).isFalse();
    assertThat(ElementaryDecoder.handles("bytes33")).isFalse();
    assertThat(ElementaryDecoder.handles("uint7")).isFalse();
    assertThat(ElementaryDecoder.handles("uint264")).isFalse();
    assertThat(ElementaryDecoder.handles("(uint256,bytes)")).isFalse();
  }

  private static String randomWord(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    switch (random.nextInt(4)) {
      case 0 -> Arrays.fill(b, 0, 24, (byte) 0); // a small value
      case 1 -> b[31] = (byte) random.nextInt(2); // bool-like high garbage + 0/1
      case 2 -> Arrays.fill(b, 0, 32, (byte) 0);
      default -> {}
    }
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
