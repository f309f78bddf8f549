package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.utils.Numeric;

/** Signs and sends transactions, makes calls and decodes reverts for the devnet tests. */
final class TestClient {
  static final BigInteger ONE_PEAQ = BigInteger.TEN.pow(18);
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(8_000_000);
  static final BigInteger GAS_PRICE = BigInteger.valueOf(5_000_000_000L);

  final DevnetChain chain;
  final Web3j web3j;

  TestClient(DevnetChain chain) {
    this.chain = chain;
    this.web3j = chain.web3j();
  }

  /** A new key with {@code peaq} PEAQ on it. */
  Credentials newFundedWallet(long peaq) throws Exception {
    ECKeyPair pair = Keys.createEcKeyPair();
    Credentials c = Credentials.create(pair);
    chain.setBalance(c.getAddress(), ONE_PEAQ.multiply(BigInteger.valueOf(peaq)));
    return c;
  }

  Credentials dev(int i) {
    return Credentials.create(DevAccount.of(i).privateKey());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  /**
   * A signed plain transfer of 1 wei with 21,000 gas, as {@code eth_sendRawTransaction} takes it.
   * {@code to} must not be a dev account: those carry the EIP-7702 delegation of the PEAQ token
   * emulation, and a transfer to a delegated account needs a little more gas.
   */
  static String signedTransfer(DevnetChain chain, Credentials from, long nonce, String to) {
    org.web3j.crypto.RawTransaction tx =
        org.web3j.crypto.RawTransaction.createEtherTransaction(
            BigInteger.valueOf(nonce), GAS_PRICE, BigInteger.valueOf(21_000), to, BigInteger.ONE);
    return Numeric.toHexString(
        org.web3j.crypto.TransactionEncoder.signMessage(tx, chain.chainId(), from));
  }

  static String encode(String name, Type... args) {
    return FunctionEncoder.encode(new Function(name, (List) Arrays.asList(args), List.of()));
  }

  /** Sends a signed transaction and returns its receipt, failing the test if it reverted. */
  TransactionReceipt send(Credentials from, String to, String data, BigInteger value)
      throws Exception {
    TransactionReceipt r = sendRaw(from, to, data, value);
    if (!r.isStatusOK()) {
      fail(
          "transaction to "
              + to
              + " reverted: "
              + revertOf(from.getAddress(), to, data, value).orElse("?"));
    }
    return r;
  }

  TransactionReceipt send(Credentials from, String to, String data) throws Exception {
    return send(from, to, data, BigInteger.ZERO);
  }

  /** Sends a signed transaction with a fixed gas limit, whatever its outcome. */
  TransactionReceipt sendRaw(Credentials from, String to, String data, BigInteger value)
      throws Exception {
    RawTransactionManager tm = new RawTransactionManager(web3j, from, chain.chainId());
    EthSendTransaction sent = tm.sendTransaction(GAS_PRICE, GAS_LIMIT, to, data, value);
    if (sent.hasError())
      throw new IllegalStateException("send failed: " + sent.getError().getMessage());
    return awaitReceipt(sent.getTransactionHash());
  }

  /**
   * Deploys creation code (constructor arguments appended) and returns the new contract's address.
   */
  String deploy(Credentials from, String creationCode) throws Exception {
    RawTransactionManager tm = new RawTransactionManager(web3j, from, chain.chainId());
    EthSendTransaction sent =
        tm.sendTransaction(GAS_PRICE, GAS_LIMIT, "", creationCode, BigInteger.ZERO, true);
    if (sent.hasError())
      throw new IllegalStateException("deploy failed: " + sent.getError().getMessage());
    TransactionReceipt r = awaitReceipt(sent.getTransactionHash());
    assertThat(r.isStatusOK()).as("deployment").isTrue();
    return r.getContractAddress();
  }

  /**
   * Deploys {@code implementation} behind a new ERC-1967 proxy initialised with {@code initData}.
   */
  String deployProxy(
      Credentials from, xyz.peaq.os.contracts.ContractArtifact implementation, String initData)
      throws Exception {
    String impl = deploy(from, implementation.bytecode());
    String args =
        FunctionEncoder.encodeConstructor(
            List.of(
                new org.web3j.abi.datatypes.Address(impl),
                new org.web3j.abi.datatypes.DynamicBytes(Numeric.hexStringToByteArray(initData))));
    return deploy(from, xyz.peaq.os.contracts.ContractArtifacts.proxy().bytecode() + args);
  }

  TransactionReceipt awaitReceipt(String hash) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<TransactionReceipt> r =
          web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
      if (r.isPresent()) return r.get();
      Thread.sleep(20);
    }
    throw new IllegalStateException("no receipt for " + hash);
  }

  /** eth_call returning the raw result hex; throws with the revert data when it reverts. */
  String call(String from, String to, String data, BigInteger value) throws IOException {
    EthCall r =
        web3j
            .ethCall(
                Transaction.createFunctionCallTransaction(
                    from, null, null, GAS_LIMIT, to, value, data),
                DefaultBlockParameterName.LATEST)
            .send();
    if (r.hasError() || r.isReverted()) {
      throw new IllegalStateException("call reverted: " + revertData(r));
    }
    return r.getValue();
  }

  String call(String to, String data) throws IOException {
    return call(DevAccount.of(0).address(), to, data, BigInteger.ZERO);
  }

  BigInteger callUint(String to, String data) throws IOException {
    return Numeric.toBigInt(call(to, data));
  }

  String callAddress(String to, String data) throws IOException {
    String hex = Numeric.cleanHexPrefix(call(to, data));
    return "0x" + hex.substring(24, 64).toLowerCase(java.util.Locale.ROOT);
  }

  boolean callBool(String to, String data) throws IOException {
    return callUint(to, data).signum() != 0;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  List<Type> callDecode(String to, String data, List<TypeReference<?>> outputs) throws IOException {
    return FunctionReturnDecoder.decode(call(to, data), (List) outputs);
  }

  /** The revert data of a call, empty when it succeeds. */
  Optional<String> revertOf(String from, String to, String data, BigInteger value)
      throws IOException {
    EthCall r =
        web3j
            .ethCall(
                Transaction.createFunctionCallTransaction(
                    from, null, null, GAS_LIMIT, to, value, data),
                DefaultBlockParameterName.LATEST)
            .send();
    if (!r.hasError() && !r.isReverted()) return Optional.empty();
    return Optional.of(revertData(r));
  }

  /**
   * Asserts that the call reverts with custom error {@code signature}, e.g. "AlreadyRegistered()";
   * returns the data.
   */
  String expectError(Credentials from, String to, String data, BigInteger value, String signature)
      throws Exception {
    String revert =
        revertOf(from.getAddress(), to, data, value)
            .orElseThrow(
                () ->
                    new AssertionError("expected revert " + signature + " but the call succeeded"));
    assertThat(Numeric.cleanHexPrefix(revert))
        .as("revert data %s, expected %s", revert, signature)
        .startsWith(Numeric.cleanHexPrefix(selector(signature)));
    // and the mined transaction fails the same way, changing nothing
    TransactionReceipt receipt = sendRaw(from, to, data, value);
    assertThat(receipt.isStatusOK()).as("mined transaction of %s", signature).isFalse();
    return revert;
  }

  String expectError(Credentials from, String to, String data, String signature) throws Exception {
    return expectError(from, to, data, BigInteger.ZERO, signature);
  }

  /** Asserts that the call reverts with Error(string) {@code message}. */
  void expectMessage(Credentials from, String to, String data, String message) throws Exception {
    String revert =
        revertOf(from.getAddress(), to, data, BigInteger.ZERO)
            .orElseThrow(
                () ->
                    new AssertionError("expected revert '" + message + "' but the call succeeded"));
    assertThat(decodeErrorString(revert)).isEqualTo(message);
    assertThat(sendRaw(from, to, data, BigInteger.ZERO).isStatusOK()).isFalse();
  }

  static String selector(String signature) {
    return Hash.sha3String(signature).substring(0, 10);
  }

  static String topic(String signature) {
    return Hash.sha3String(signature);
  }

  /** Decodes Error(string) revert data (selector 0x08c379a0). */
  static String decodeErrorString(String revert) {
    String hex = Numeric.cleanHexPrefix(revert);
    assertThat(hex).as("Error(string) revert data").startsWith("08c379a0");
    byte[] body = Numeric.hexStringToByteArray(hex.substring(8));
    int len = new BigInteger(1, Arrays.copyOfRange(body, 32, 64)).intValueExact();
    return new String(
        Arrays.copyOfRange(body, 64, 64 + len), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String revertData(EthCall r) {
    if (r.getValue() != null && r.getValue().length() > 2) return r.getValue();
    if (r.hasError() && r.getError().getData() != null) {
      return r.getError().getData().replace("\"", "");
    }
    return r.hasError() ? r.getError().getMessage() : "0x";
  }

  /** Logs of a receipt emitted by {@code address} whose topic0 is {@code topic0}. */
  static List<Log> logs(TransactionReceipt r, String address, String topic0) {
    List<Log> out = new ArrayList<>();
    for (Log l : r.getLogs()) {
      if (l.getAddress().equalsIgnoreCase(address)
          && !l.getTopics().isEmpty()
          && l.getTopics().get(0).equalsIgnoreCase(topic0)) {
        out.add(l);
      }
    }
    return out;
  }

  static BigInteger word(String hex, int index) {
    String h = Numeric.cleanHexPrefix(hex);
    return new BigInteger(h.substring(index * 64, index * 64 + 64), 16);
  }

  static String topicAddress(String topic) {
    return "0x" + Numeric.cleanHexPrefix(topic).substring(24).toLowerCase(java.util.Locale.ROOT);
  }

  static void printGas(String what, TransactionReceipt r) {
    System.out.println("GAS " + what + ": " + r.getGasUsed());
  }
}
