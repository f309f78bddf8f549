package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.DecodedRevert;
import xyz.peaq.os.sdk.internal.chain.Hex;
import xyz.peaq.os.sdk.internal.chain.RevertDecoder;

class RevertDecoderTest {
  final RevertDecoder decoder = RevertDecoder.standard();

  @Test
  void knowsThePeaqosErrorsBySelector() {
    assertThat(decoder.signatures())
        .contains(
            "AlreadyRegistered()",
            "MachineNotBonded()",
            "OperatorNotRegistered(address)",
            "EntryNotFound(address,bytes)",
            "ERC721NonexistentToken(uint256)",
            "FutureTimestamp()",
            "InvalidCurrencyShape()",
            "IdentityNFTSoulbound()",
            "AlreadyMinted()");
    DecodedRevert d = decoder.decode(RevertDecoder.selector("MachineNotBonded()"));
    assertThat(d.name()).isEqualTo("MachineNotBonded");
    assertThat(d.arguments()).isEmpty();
    // Reference §3.4 gives ERC721NonexistentToken's selector.
    assertThat(RevertDecoder.selector("ERC721NonexistentToken(uint256)")).isEqualTo("0x7e273289");
  }

  @Test
  void decodesArgumentsOfCustomErrors() {
    String who = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    String data =
        RevertDecoder.selector("EntryNotFound(address,bytes)")
            + Hex.strip0x(
                Abi.encodeCall("x", new Address(who), new DynamicBytes("machineId".getBytes()))
                    .substring(10));
    DecodedRevert d = decoder.decode(data);
    assertThat(d.name()).isEqualTo("EntryNotFound");
    assertThat(d.arguments()).containsExactly(who, Hex.encode("machineId".getBytes()));
    assertThat(d.describe()).startsWith("EntryNotFound(" + who);
  }

  @Test
  void unknownAndMalformedDataKeepTheRawBytes() {
    assertThat(decoder.decode("0xdeadbeef").name()).isEqualTo("unknown");
    assertThat(decoder.decode("0xdeadbeef").data()).isEqualTo("0xdeadbeef");
    assertThat(decoder.decode(null).name()).isEqualTo("unknown");
    assertThat(decoder.decode("0x").name()).isEqualTo("unknown");
    // Error(string) selector with a truncated body.
    assertThat(decoder.decode(RevertDecoder.ERROR_SELECTOR + "00").name()).isEqualTo("unknown");
    assertThat(
            decoder
                .with("Custom(uint256)")
                .decode(RevertDecoder.selector("Custom(uint256)") + "0".repeat(63) + "7")
                .arguments())
        .containsExactly(BigInteger.valueOf(7));
  }

  @Test
  void nodeMessageReasonIsUsedWhenThereIsNoData() {
    var e =
        decoder.toException(
            "DID.readAttribute", null, "execution reverted: Cannot find the item", null);
    assertThat(e.revertName()).isEqualTo("Error");
    assertThat(e.arguments()).containsExactly("Cannot find the item");
    assertThat(e.getMessage()).contains("Cannot find the item");
  }

  @Test
  void selectorsMatchThePublishedOnes() {
    assertThat(
            Abi.selector(
                "submitEvent(uint256,uint8,uint256,string,uint256,bytes32,uint8,uint256,bytes32,bytes)"))
        .isEqualTo("0xe58a43ca");
    String call =
        Abi.encodeCall(
            "submitEvent",
            new Uint256(1),
            new Uint8(0),
            new Uint256(100),
            new Utf8String("USD"),
            new Uint256(1),
            new Bytes32(new byte[32]),
            new Uint8(0),
            new Uint256(0),
            new Bytes32(new byte[32]),
            new DynamicBytes(new byte[0]));
    assertThat(call).startsWith("0xe58a43ca");
    String batch =
        Abi.encodeCall(
            "batchAll",
            new DynamicArray<>(Address.class, new Address(WellKnownAddresses.DID_PRECOMPILE)),
            new DynamicArray<>(Uint256.class, new Uint256(0)),
            new DynamicArray<>(DynamicBytes.class, new DynamicBytes(new byte[] {1})),
            new DynamicArray<>(Uint64.class, new Uint64(0)));
    assertThat(batch).startsWith("0x96e292b8");
  }

  @Test
  void knowsEveryCustomErrorOfTheDeployedContracts() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.List<String> missing = new java.util.ArrayList<>();
    int seen = 0;
    for (String name : xyz.peaq.os.contracts.ContractArtifacts.NAMES) {
      for (com.fasterxml.jackson.databind.JsonNode e :
          json.readTree(xyz.peaq.os.contracts.ContractArtifacts.load(name).abiJson())) {
        if (!"error".equals(e.path("type").asText())) {
          continue;
        }
        java.util.List<String> types = new java.util.ArrayList<>();
        e.path("inputs").forEach(i -> types.add(i.path("type").asText()));
        String sig = e.path("name").asText() + "(" + String.join(",", types) + ")";
        seen++;
        if (!decoder.signatures().contains(sig)) {
          missing.add(name + ": " + sig);
        }
      }
    }
    assertThat(seen).isGreaterThan(20);
    assertThat(missing).isEmpty();
  }
}
