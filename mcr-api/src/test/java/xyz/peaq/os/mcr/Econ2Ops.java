package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;
import xyz.peaq.os.devnet.Econ2Contracts;

/** Test-side Economics 2.0 writes to the devnet (raw calldata from the official signatures). */
final class Econ2Ops {
  static final String DOC =
      "(string,address,(string,string,address,string)[],uint256[],(string,string,string)[])";

  private final DevnetOps ops;
  private final Econ2Contracts e;

  Econ2Ops(DevnetOps ops) {
    this.ops = ops;
    this.e = ops.chain.econ2();
  }

  /** A machine id of (type, subject) as MachineRegistry computes it. */
  BigInteger computeTokenId(String machineType, byte[] subject) {
    return Numeric.toBigInt(
        ops.client.call(
            e.machineRegistry(),
            encode(
                "computeTokenId(string,bytes)",
                new Utf8String(machineType),
                new DynamicBytes(subject))));
  }

  /** A subject whose machine id has exactly {@code digits} decimal digits. */
  byte[] subjectWithIdDigits(String machineType, String seed, int digits) {
    for (int i = 0; ; i++) {
      byte[] subject = (seed + "-" + i).getBytes(StandardCharsets.UTF_8);
      if (computeTokenId(machineType, subject).toString().length() == digits) {
        return subject;
      }
    }
  }

  /**
   * Activates a machine at tier 0 paid by {@code owner} (approve on 0x0809, then activateMachine);
   * {@code controller} is written in the DID document. Returns the machine id.
   */
  BigInteger activate(DevnetOps.Key owner, String controller, String machineType, byte[] subject) {
    BigInteger bond =
        Numeric.toBigInt(
            ops.client.call(
                e.machineSubscription(), encode("requiredPeaqAmount(uint8)", new Uint8(0))));
    ops.send(
        owner,
        Econ2Contracts.PEAQ_TOKEN_ADDRESS,
        BigInteger.ZERO,
        encode(
            "approve(address,uint256)", new Address(e.machineSubscription()), new Uint256(bond)));
    ops.send(
        owner,
        e.machineStateAndSync(),
        BigInteger.ZERO,
        encode(
            "activateMachine(" + DOC + ",string,bytes,address,uint8)",
            document(controller, owner.address()),
            new Utf8String(machineType),
            new DynamicBytes(subject),
            new Address("0x000000000000000000000000000000000000fab1"),
            new Uint8(0)));
    return computeTokenId(machineType, subject);
  }

  /** submitEvent on the 2.0 EventRegistry from {@code sender} (owner or controller). */
  void submitEvent(DevnetOps.Key sender, BigInteger machineId, int type, long value, int trust) {
    long now = ops.client.blockTimestamp(ops.client.blockNumber()).getEpochSecond();
    ops.send(
        sender,
        e.eventRegistry(),
        BigInteger.ZERO,
        encode(
            "submitEvent(uint256,uint8,uint256,string,uint256,bytes32,uint8,uint256,bytes32,bytes)",
            new Uint256(machineId),
            new Uint8(type),
            new Uint256(value),
            new Utf8String(type == 0 ? "USD" : ""),
            new Uint256(now),
            new Bytes32(Hash.sha3(("e" + value + now).getBytes(StandardCharsets.UTF_8))),
            new Uint8(trust),
            new Uint256(0),
            new Bytes32(new byte[32]),
            new DynamicBytes(new byte[0])));
  }

  /** MachineStateAndSync suspend (true) or resume (false), from the owner or controller. */
  void suspend(DevnetOps.Key sender, BigInteger machineId, boolean suspend) {
    ops.send(
        sender,
        e.machineStateAndSync(),
        BigInteger.ZERO,
        encode(suspend ? "suspend(uint256)" : "resume(uint256)", new Uint256(machineId)));
  }

  /** Moves the chain's clock forward and mines a block at the new time. */
  void advanceTime(long seconds) {
    ops.client.request("evm_increaseTime", seconds);
    ops.client.request("evm_mine");
  }

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

  @SuppressWarnings("rawtypes")
  static String encode(String signature, Type<?>... args) {
    List<Type> list = new ArrayList<>(List.of(args));
    String selector =
        Numeric.toHexString(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
    return selector + (list.isEmpty() ? "" : FunctionEncoder.encodeConstructor(list));
  }
}
