package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.peaq.os.devnet.TestClient.ONE_PEAQ;
import static xyz.peaq.os.devnet.TestClient.encode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;

/**
 * The files a kill can leave behind: a torn or a complete exit dump, a half-written or a cut
 * snapshot.
 */
class DevnetStateFilesTest {
  @TempDir Path dir;

  private DevnetChain start() {
    return DevnetChain.start(DevnetOptions.builder().dataDir(dir).build());
  }

  @Test
  void aCompleteExitDumpIsNewerThanTheSnapshotAndIsPromoted() throws Exception {
    try (DevnetChain chain = start()) {
      assertThat(chain.freshlyDeployed()).isTrue();
    }
    byte[] before = Files.readAllBytes(dir.resolve(StateFiles.SNAPSHOT));
    String machine;
    try (DevnetChain chain = start()) {
      Credentials wallet = new TestClient(chain).newFundedWallet(3);
      machine = wallet.getAddress();
      new TestClient(chain)
          .send(wallet, chain.contracts().identityRegistry(), encode("register"), ONE_PEAQ);
    }
    // as if anvil had dumped on its way out after the last snapshot, and then everything was killed
    Files.move(dir.resolve(StateFiles.SNAPSHOT), dir.resolve(StateFiles.EXIT_DUMP));
    Files.write(dir.resolve(StateFiles.SNAPSHOT), before);
    Files.writeString(dir.resolve(StateFiles.SNAPSHOT + ".tmp"), "{\"half");
    try (DevnetChain chain = start()) {
      assertThat(
              new TestClient(chain)
                  .callUint(
                      chain.contracts().identityRegistry(),
                      encode("machineIdOf", new Address(machine))))
          .isEqualTo(1);
      assertThat(dir.resolve(StateFiles.EXIT_DUMP)).doesNotExist();
    }
    // checked once the chain is closed: while it runs, the snapshotter may be writing a new .tmp
    assertThat(dir.resolve(StateFiles.SNAPSHOT + ".tmp")).doesNotExist();
  }

  @Test
  void aTornExitDumpIsDroppedAndTheSnapshotUsed() throws Exception {
    try (DevnetChain chain = start()) {
      assertThat(chain.freshlyDeployed()).isTrue();
    }
    byte[] snapshot = Files.readAllBytes(dir.resolve(StateFiles.SNAPSHOT));
    Files.write(dir.resolve(StateFiles.EXIT_DUMP), Arrays.copyOf(snapshot, snapshot.length / 2));
    try (DevnetChain chain = start()) {
      assertThat(chain.freshlyDeployed()).as("the contracts came from state.json").isFalse();
      assertThat(dir.resolve(StateFiles.EXIT_DUMP)).doesNotExist();
    }
  }

  @Test
  void aCutSnapshotStopsTheStartWithAClearMessageAndIsLeftAlone() throws Exception {
    try (DevnetChain chain = start()) {
      assertThat(chain.freshlyDeployed()).isTrue();
    }
    byte[] snapshot = Files.readAllBytes(dir.resolve(StateFiles.SNAPSHOT));
    byte[] cut = Arrays.copyOf(snapshot, snapshot.length - 10);
    Files.write(dir.resolve(StateFiles.SNAPSHOT), cut);
    assertThatThrownBy(this::start)
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining("state.json")
        .hasMessageContaining("not a complete")
        .hasMessageContaining("Move it away");
    assertThat(Files.readAllBytes(dir.resolve(StateFiles.SNAPSHOT))).isEqualTo(cut);
    assertThat(DevnetChain.inspect(dir))
        .hasValueSatisfying(info -> assertThat(info.running()).isFalse());
  }

  @Test
  void snapshotsAreCompleteJsonAndFollowTheChain() throws Exception {
    try (DevnetChain chain = start()) {
      Credentials wallet = new TestClient(chain).newFundedWallet(3);
      new TestClient(chain)
          .send(wallet, chain.contracts().identityRegistry(), encode("register"), ONE_PEAQ);
      long snapshots = chain.snapshotter().snapshots();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (chain.snapshotter().snapshots() == snapshots) {
        assertThat(System.nanoTime()).as("a snapshot after the registration").isLessThan(deadline);
        Thread.onSpinWait();
      }
      assertThat(StateFiles.isComplete(dir.resolve(StateFiles.SNAPSHOT))).isTrue();
      assertThat(chain.snapshotter().lastError()).isNull();
    }
  }
}
