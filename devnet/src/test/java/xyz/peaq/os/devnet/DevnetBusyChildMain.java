package xyz.peaq.os.devnet;

import java.math.BigInteger;
import java.nio.file.Path;
import org.web3j.protocol.core.methods.request.Transaction;

/**
 * Started as a separate JVM by {@link DevnetKillLoopTest}: runs a devnet and keeps it busy (a
 * transfer after another from dev account 5, each mined in its own block, each printed as {@code
 * MINED <nonce>} once its receipt is there), until it is killed.
 */
public final class DevnetBusyChildMain {
  private DevnetBusyChildMain() {}

  public static void main(String[] args) throws Exception {
    DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(Path.of(args[0])).build());
    System.out.println("ANVIL_PID " + chain.anvilPid());
    System.out.println("RPC_URL " + chain.rpcUrl());
    System.out.flush();
    String from = DevAccount.of(5).address();
    String to = DevAccount.of(6).address();
    long acknowledged =
        chain
            .web3j()
            .ethGetTransactionCount(from, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
            .send()
            .getTransactionCount()
            .longValueExact();
    while (true) {
      var sent =
          chain
              .web3j()
              .ethSendTransaction(
                  Transaction.createEtherTransaction(from, null, null, null, to, BigInteger.ONE))
              .send();
      if (sent.hasError()) throw new IllegalStateException(sent.getError().getMessage());
      while (chain
          .web3j()
          .ethGetTransactionReceipt(sent.getTransactionHash())
          .send()
          .getTransactionReceipt()
          .isEmpty()) {
        Thread.onSpinWait();
      }
      acknowledged++;
      System.out.println("MINED " + acknowledged); // dev account 5's nonce is now at least this
      System.out.flush();
    }
  }
}
