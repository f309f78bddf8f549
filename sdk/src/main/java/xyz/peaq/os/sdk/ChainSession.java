package xyz.peaq.os.sdk;

import java.math.BigInteger;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.internal.chain.TransactionSender;

/**
 * What every capability of one {@link PeaqosClient} shares: the configuration, the chain
 * connection, the signer, the transaction observer and the once-per-client configuration check
 * before the first write. Every transaction goes through the {@link TransactionPipeline}.
 */
final class ChainSession {
  final PeaqosConfig config;
  final ChainClient chain;
  private final TransactionSender sender;
  private final TransactionObserver observer;
  private final boolean verifyBeforeWrite;
  private volatile boolean verified;

  ChainSession(
      PeaqosConfig config,
      ChainClient chain,
      TransactionSender sender,
      TransactionObserver observer,
      boolean verifyBeforeWrite,
      boolean verified) {
    this.config = config;
    this.chain = chain;
    this.sender = sender;
    this.observer = observer;
    this.verifyBeforeWrite = verifyBeforeWrite;
    this.verified = verified;
  }

  /** The same connection, configuration and verification state, signing with {@code other}. */
  ChainSession withSender(PeaqosConfig config, TransactionSender other) {
    return new ChainSession(config, chain, other, observer, verifyBeforeWrite, verified);
  }

  boolean hasSigner() {
    return sender != null;
  }

  TransactionSender signer() {
    if (sender == null) {
      throw ValidationException.required(PeaqosConfig.PEAQOS_PRIVATE_KEY);
    }
    return sender;
  }

  /**
   * The configuration checked against the chain; the first write runs it unless it passed already.
   */
  ConfigurationCheck.Report check() {
    ConfigurationCheck.Report report = ConfigurationCheck.run(chain, config);
    if (report.ok()) {
      verified = true;
    }
    return report;
  }

  void beforeWrite() {
    if (verifyBeforeWrite && !verified) {
      synchronized (this) {
        if (!verified) {
          check().orThrow();
        }
      }
    }
  }

  /** Through the one pipeline, the observer seeing each signature before it is broadcast. */
  TxReceipt send(String operation, TxRequest req) {
    return chain
        .pipeline()
        .send(
            operation, TransactionPipeline.steps(signer(), req), observer, chain.receiptTimeout());
  }

  BigInteger uint(String to, String data) {
    return (BigInteger) Abi.decodeOne(chain.call(to, data), "uint256");
  }

  boolean bool(String to, String data) {
    return (Boolean) Abi.decodeOne(chain.call(to, data), "bool");
  }

  String address(String to, String data) {
    return (String) Abi.decodeOne(chain.call(to, data), "address");
  }
}
