package xyz.peaq.os.cli.commands;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Hash;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.activate.Econ2Machines;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.econ2.Econ2Exception;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * {@code qualify event} in Economics 2.0 mode: the same validated fields, sent to the deployment's
 * 2.0 EventRegistry by the machine's owner or controller (Active or Grace subscription).
 */
final class Econ2Event {
  private Econ2Event() {}

  static void submit(
      CliEnv env,
      Optional<String> net,
      Path devnetDir,
      String deploymentId,
      BigInteger machineId,
      int eventType,
      BigInteger value,
      String currency,
      long timestamp,
      byte[] raw,
      int trust,
      long sourceChain,
      String sourceTx,
      byte[] metadata,
      boolean json,
      String trustLabel,
      String typeName) {
    boolean devnet = Econ2Deployment.DEVNET.equals(deploymentId);
    Target target = Target.resolve(env, devnet ? Optional.of("devnet") : net, devnetDir);
    SignerKeys.Resolved key =
        SignerKeys.find(env, devnet)
            .orElseThrow(() -> ValidationException.required("PEAQOS_PRIVATE_KEY"));
    byte[] dataHash = raw == null ? new byte[32] : Hash.sha3(raw);
    byte[] source = sourceTx == null ? new byte[32] : Abi.bytes(sourceTx);
    TxReceipt r;
    try {
      Econ2Deployment d =
          Econ2Deployment.resolve(deploymentId, devnet ? Target.devnetDir(env, devnetDir) : null);
      try (ChainReads chain =
          ChainReads.connect(
              target.rpc(),
              Duration.ofSeconds(5),
              Duration.ofSeconds(30),
              RetryPolicy.defaults(),
              Duration.ofSeconds(120))) {
        r =
            new Econ2Machines(chain, d, Optional.of(key.credentials()))
                .client()
                .submitEvent(
                    machineId,
                    eventType,
                    value,
                    currency,
                    timestamp,
                    dataHash,
                    trust,
                    BigInteger.valueOf(sourceChain),
                    source,
                    metadata);
      }
    } catch (Econ2Exception e) {
      throw Econ2Machines.failure(e, json);
    }
    String hashHex = "0x" + org.bouncycastle.util.encoders.Hex.toHexString(dataHash);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("machineId", machineId.toString());
      m.put("type", typeName);
      m.put("value", value.toString());
      m.put("currency", currency);
      m.put("timestamp", timestamp);
      m.put("trust", trustLabel);
      m.put("txHash", r.transactionHash());
      m.put("dataHash", hashHex);
      Json.print(m);
      return;
    }
    Out.result("Event submitted.");
    Out.result("  Machine ID: " + machineId);
    Out.result("  Type      : " + typeName);
    Out.result("  Value     : " + value + (currency.isEmpty() ? "" : " " + currency));
    Out.result("  Trust     : " + trustLabel);
    Out.result("  Tx        : " + r.transactionHash());
    Out.result("  Data Hash : " + hashHex);
  }
}
