import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.MachineDidAttributes;
import xyz.peaq.os.sdk.NftMint;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * One process, FLOWS self-managed flows through this SDK on a running devnet: for each a new key
 * (funded on the devnet, not timed), then, timed, a client for it, register, mint and the six DID
 * attributes. The first flow warms the JVM up and is not printed. Prints one line per flow, "FLOW
 * <seconds>", for bench/activate_bench.py.
 *
 * <p>Usage: java -cp <peaqos-cli.jar:classpath.txt> bench/InProcessFlow.java DEVNET_DIR FLOWS
 */
public class InProcessFlow {
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int flows = Integer.parseInt(args[1]);
    PeaqosConfig base = PeaqosConfig.builder().devnet(dir).build();
    try (ChainClient admin = ChainClient.connect(base.rpcUrl())) {
      for (int i = 0; i <= flows; i++) {
        Keypair kp = PeaqosClient.generateKeypair();
        admin.request("anvil_setBalance", kp.address(), "0x" + BigInteger.TEN.pow(19).toString(16));
        long t0 = System.nanoTime();
        PeaqosClient c = PeaqosClient.builder().config(base.withPrivateKey(kp.privateKey())).build();
        BigInteger id = c.registerMachine();
        NftMint nft = c.mintNft(id, c.address());
        c.writeMachineDIDAttributes(
            MachineDidAttributes.selfManaged(
                id, nft.tokenId(), "https://example.org/docs", "https://example.org/api"));
        double s = (System.nanoTime() - t0) / 1e9;
        if (i > 0) {
          System.out.printf("FLOW %.4f%n", s);
        }
      }
    }
  }
}
