package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;

/** The empty origin chain a new devnet forks, so that its blocks rebuild no state trie. */
class DevnetOriginTest {
  private static final String ZERO_ROOT = "0x" + "0".repeat(64);

  @TempDir Path dir;

  private static EthBlock.Block block(DevnetChain chain, DefaultBlockParameter which)
      throws Exception {
    return chain.web3j().ethGetBlockByNumber(which, false).send().getBlock();
  }

  private static EthBlock.Block latest(DevnetChain chain) throws Exception {
    return block(chain, DefaultBlockParameterName.LATEST);
  }

  private static EthBlock.Block genesis(DevnetChain chain) throws Exception {
    return block(chain, DefaultBlockParameter.valueOf(BigInteger.ZERO));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aNewChainForksItsOriginKeepsBlockZeroAcrossRestartsAndItsClockNeverGoesBack()
      throws Exception {
    DevnetOptions options = DevnetOptions.builder().dataDir(dir).build();
    String genesisHash;
    BigInteger headTime;
    long originPid;
    Credentials wallet;
    try (DevnetChain chain = DevnetChain.start(options)) {
      assertThat(dir.resolve(ChainOrigin.FILE)).exists();
      originPid = Long.parseLong(Files.readString(dir.resolve(ChainOrigin.PID_FILE)).trim());
      assertThat(alive(originPid)).as("the origin anvil runs beside the devnet's").isTrue();
      TestClient client = new TestClient(chain);
      wallet = client.newFundedWallet(2);
      client.send(wallet, Credentials.create("0x01").getAddress(), "0x", BigInteger.ONE);
      EthBlock.Block head = latest(chain);
      assertThat(head.getNumber()).isPositive();
      assertThat(head.getStateRoot())
          .as("a forked chain computes no state root")
          .isEqualTo(ZERO_ROOT);
      genesisHash = genesis(chain).getHash();
      headTime = head.getTimestamp();
    }
    assertThat(alive(originPid)).as("the origin stops with the devnet").isFalse();

    long restartedAt = System.currentTimeMillis() / 1000;
    try (DevnetChain chain = DevnetChain.start(options)) {
      assertThat(genesis(chain).getHash()).as("block 0 after a restart").isEqualTo(genesisHash);
      TestClient client = new TestClient(chain);
      client.send(wallet, Credentials.create("0x02").getAddress(), "0x", BigInteger.ONE);
      EthBlock.Block head = latest(chain);
      assertThat(head.getTimestamp())
          .as("a block after the restart follows the wall clock, never the origin's genesis time")
          .isGreaterThanOrEqualTo(headTime)
          .isGreaterThanOrEqualTo(BigInteger.valueOf(restartedAt));
      assertThat(
              chain
                  .web3j()
                  .ethGetBalance(
                      Credentials.create("0x01").getAddress(), DefaultBlockParameterName.LATEST)
                  .send()
                  .getBalance())
          .as("the first run's transfer is kept")
          .isEqualTo(BigInteger.ONE);
    }
  }

  @Test
  void aChainMadeWithStateRootsKeepsThemAndGetsNoOrigin() throws Exception {
    String genesisHash;
    try (DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(dir).stateRoots(true).build())) {
      assertThat(latest(chain).getStateRoot()).isNotEqualTo(ZERO_ROOT);
      genesisHash = genesis(chain).getHash();
    }
    assertThat(dir.resolve(ChainOrigin.FILE)).doesNotExist();
    // the same folder started with the defaults, as a folder made before origins existed
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(dir.resolve(ChainOrigin.FILE)).doesNotExist();
      assertThat(genesis(chain).getHash()).isEqualTo(genesisHash);
      TestClient client = new TestClient(chain);
      Credentials wallet = client.newFundedWallet(2);
      client.send(wallet, Credentials.create("0x03").getAddress(), "0x", BigInteger.ONE);
      assertThat(latest(chain).getStateRoot()).isNotEqualTo(ZERO_ROOT);
    }
  }

  @Test
  void anUnreadableOriginRecordIsReportedAndTheChainIsLeftAsItWas() throws Exception {
    DevnetOptions options = DevnetOptions.builder().dataDir(dir).build();
    try (DevnetChain chain = DevnetChain.start(options)) {
      assertThat(chain.freshlyDeployed()).isTrue();
    }
    Files.writeString(dir.resolve(ChainOrigin.FILE), "{\"genesisTi");
    byte[] snapshot = Files.readAllBytes(dir.resolve(StateFiles.SNAPSHOT));
    assertThatThrownBy(() -> DevnetChain.start(options))
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining(ChainOrigin.FILE)
        .hasMessageContaining("cannot be read")
        .hasMessageContaining("restore it from a copy");
    assertThat(Files.readAllBytes(dir.resolve(StateFiles.SNAPSHOT))).isEqualTo(snapshot);
    assertThat(Files.readString(dir.resolve(ChainOrigin.FILE))).isEqualTo("{\"genesisTi");
  }
}
