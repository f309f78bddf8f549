package xyz.peaq.os.devnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * Raw calldata of the Economics 2.0 calls the tests make (selectors from the official signatures).
 */
final class Econ2Calls {
  static final String DOC =
      "(string,address,(string,string,address,string)[],uint256[],(string,string,string)[])";
  static final String ACTIVATE_MACHINE = "activateMachine(" + DOC + ",string,bytes,address,uint8)";

  private Econ2Calls() {}

  /** A DID document with one verification method (authentication [0]) and one service endpoint. */
  static DynamicStruct document(String controller, String methodController) {
    DynamicStruct method =
        new DynamicStruct(
            new Utf8String("#key-1"),
            new Utf8String("EcdsaSecp256k1RecoveryMethod2020"),
            new Address(methodController),
            new Utf8String("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"));
    DynamicStruct endpoint =
        new DynamicStruct(
            new Utf8String("#api"),
            new Utf8String("MachineApi"),
            new Utf8String("https://machine.example/api"));
    return new DynamicStruct(
        new Utf8String(""),
        new Address(controller),
        new DynamicArray<>(DynamicStruct.class, List.of(method)),
        new DynamicArray<>(Uint256.class, List.of(new Uint256(0))),
        new DynamicArray<>(DynamicStruct.class, List.of(endpoint)));
  }

  static String activateMachine(
      DynamicStruct doc,
      String machineType,
      byte[] credentialSubject,
      String manufacturer,
      int tier) {
    return encode(
        ACTIVATE_MACHINE,
        doc,
        new Utf8String(machineType),
        new DynamicBytes(credentialSubject),
        new Address(manufacturer),
        new Uint8(tier));
  }

  static String setServiceEndpoints(BigInteger id, String endpointUrl) {
    DynamicStruct endpoint =
        new DynamicStruct(
            new Utf8String("#api"), new Utf8String("MachineApi"), new Utf8String(endpointUrl));
    return encode(
        "setServiceEndpoints(uint256,(string,string,string)[])",
        new Uint256(id),
        new DynamicArray<>(DynamicStruct.class, List.of(endpoint)));
  }

  /** selector(signature) followed by the ABI encoding of {@code args}. */
  static String encode(String signature, Type<?>... args) {
    List<Type> list = new ArrayList<>(List.of(args));
    return TestClient.selector(signature)
        + (list.isEmpty() ? "" : FunctionEncoder.encodeConstructor(list));
  }
}
