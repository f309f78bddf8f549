package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.internal.chain.TransactionSender;

/**
 * Test-side writes to the devnet, sent as plain signed transactions through the SDK chain layer:
 * registration, Machine NFT mint, events and DID attributes.
 */
final class DevnetOps implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);
  final DevnetChain chain;
  final ChainClient client;
  final BigInteger minBond;
  private final Map<String, TransactionSender> senders = new ConcurrentHashMap<>();

  /** A funded key of the test. */
  record Key(String address, String privateKey) {}

  DevnetOps(DevnetChain chain) {
    this.chain = chain;
    this.client = ChainClient.connect(chain.rpcUrl());
    this.minBond =
        Numeric.toBigInt(
            client.call(
                chain.contracts().identityRegistry(),
                FunctionEncoder.encode(new Function("minBond", List.of(), List.of()))));
  }

  McrApiConfig.Builder config() {
    var c = chain.contracts();
    return McrApiConfig.builder()
        .port(0)
        .rpcUrl(chain.rpcUrl())
        .identityRegistry(c.identityRegistry())
        .identityStaking(c.identityStaking())
        .eventRegistry(c.eventRegistry())
        .machineNft(c.machineNft())
        .didRegistry(c.didRegistry())
        .econ2(
            new Econ2Addresses(
                chain.econ2().infoDesk(),
                chain.econ2().machineRegistry(),
                chain.econ2().machineStateAndSync(),
                chain.econ2().machineSubscription(),
                chain.econ2().eventRegistry()))
        .pollInterval(Duration.ofMillis(50));
  }

  Key newKey() {
    try {
      Credentials cr = Credentials.create(Keys.createEcKeyPair());
      String pk = Numeric.toHexStringWithPrefixZeroPadded(cr.getEcKeyPair().getPrivateKey(), 64);
      chain.setBalance(cr.getAddress(), BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(1000)));
      return new Key(cr.getAddress().toLowerCase(), pk);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String did(Key k) {
    return "did:peaq:" + Keys.toChecksumAddress(k.address());
  }

  private TransactionSender sender(Key k) {
    return senders.computeIfAbsent(k.address(), a -> client.sender(k.privateKey()));
  }

  TxReceipt send(Key k, String to, BigInteger value, String data) {
    return sender(k).send(TxRequest.builder().to(to).value(value).data(data).build(), WAIT);
  }

  SignedTransaction broadcast(Key k, String to, BigInteger value, String data) {
    return sender(k).signAndBroadcast(TxRequest.builder().to(to).value(value).data(data).build());
  }

  TxReceipt await(Key k, SignedTransaction tx) {
    return sender(k).awaitSuccess(tx, WAIT);
  }

  static String encode(String name, Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }

  /** register() with the bond; returns the machine id. */
  BigInteger register(Key k) {
    return machineIdOf(send(k, chain.contracts().identityRegistry(), minBond, encode("register")));
  }

  /** registerFor(machines...) from the operator, all broadcast first then awaited; ids in order. */
  List<BigInteger> registerFor(Key operator, List<String> machineWallets) {
    List<SignedTransaction> txs = new ArrayList<>();
    for (String w : machineWallets) {
      txs.add(
          broadcast(
              operator,
              chain.contracts().identityRegistry(),
              minBond,
              encode("registerFor", new Address(w))));
    }
    List<BigInteger> ids = new ArrayList<>();
    for (SignedTransaction tx : txs) {
      ids.add(machineIdOf(await(operator, tx)));
    }
    return ids;
  }

  private BigInteger machineIdOf(TxReceipt r) {
    List<LogEntry> logs =
        r.logs(chain.contracts().identityRegistry(), LogDecoder.MACHINE_REGISTERED);
    return logs.get(0).topicAsUint(1);
  }

  /** MachineNFT.mint(machineId, recipient); returns the token id. */
  BigInteger mint(Key k, BigInteger machineId, String recipient) {
    TxReceipt r =
        send(
            k,
            chain.contracts().machineNft(),
            BigInteger.ZERO,
            encode("mint", new Uint256(machineId), new Address(recipient)));
    return r.logs(chain.contracts().machineNft(), LogDecoder.MACHINE_MINTED).get(0).topicAsUint(1);
  }

  static String eventCall(
      BigInteger machineId,
      int type,
      long value,
      String currency,
      long timestamp,
      int trust,
      String metadata) {
    return encode(
        "submitEvent",
        new Uint256(machineId),
        new Uint8(type),
        new Uint256(value),
        new Utf8String(currency),
        new Uint256(timestamp),
        new Bytes32(new byte[32]),
        new Uint8(trust),
        new Uint256(0),
        new Bytes32(new byte[32]),
        new DynamicBytes(metadata.getBytes(StandardCharsets.UTF_8)));
  }

  /** submitEvent with a timestamp a minute in the past (the contract refuses future ones). */
  TxReceipt submitEvent(
      Key k, BigInteger machineId, int type, long value, String currency, int trust) {
    return send(
        k,
        chain.contracts().eventRegistry(),
        BigInteger.ZERO,
        eventCall(
            machineId,
            type,
            value,
            currency,
            System.currentTimeMillis() / 1000 - 60,
            trust,
            "{\"n\":1}"));
  }

  TxReceipt addAttribute(Key k, String name, String value) {
    return send(
        k,
        chain.contracts().didRegistry(),
        BigInteger.ZERO,
        encode(
            "addAttribute",
            new Address(k.address()),
            new DynamicBytes(name.getBytes(StandardCharsets.UTF_8)),
            new DynamicBytes(value.getBytes(StandardCharsets.UTF_8)),
            new Uint32(0)));
  }

  TxReceipt updateAttribute(Key k, String name, String value) {
    return send(
        k,
        chain.contracts().didRegistry(),
        BigInteger.ZERO,
        encode(
            "updateAttribute",
            new Address(k.address()),
            new DynamicBytes(name.getBytes(StandardCharsets.UTF_8)),
            new DynamicBytes(value.getBytes(StandardCharsets.UTF_8)),
            new Uint32(0)));
  }

  TxReceipt removeAttribute(Key k, String name) {
    return send(
        k,
        chain.contracts().didRegistry(),
        BigInteger.ZERO,
        encode(
            "removeAttribute",
            new Address(k.address()),
            new DynamicBytes(name.getBytes(StandardCharsets.UTF_8))));
  }

  @Override
  public void close() {
    client.close();
  }
}
