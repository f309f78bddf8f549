package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/**
 * An MCR database that outlives its chain: the devnet is reset (a new chain, same contract
 * addresses) and the MCR API starts again on the old database. The index must notice that the
 * chain's block at its cursor is not the one it indexed, drop the old facts and re-index.
 */
class McrChainResetDevnetTest {
  static final Duration INDEXED = Duration.ofSeconds(30);
  @TempDir Path dir;

  @Test
  void aResetChainIsReindexedFromScratchAndSaysSo() throws Exception {
    Path db = dir.resolve("mcr.db");
    String oldDid;
    String secondOldDid;
    long oldCursor;
    try (DevnetChain first =
            DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("a")).build());
        DevnetOps ops = new DevnetOps(first)) {
      DevnetOps.Key k = ops.newKey();
      ops.register(k);
      oldDid = DevnetOps.did(k);
      DevnetOps.Key k1 = ops.newKey();
      ops.register(k1);
      secondOldDid = DevnetOps.did(k1);
      try (McrApiServer s = McrApiServer.start(ops.config().databaseFile(db).build())) {
        Await.until(
            INDEXED,
            "the first chain's machines indexed",
            () -> Http.get(s.url(), "/mcr/" + secondOldDid).status() == 200);
        oldCursor = s.indexedBlock();
      }
    }
    // A new chain in another folder: same deployer, same contract addresses, other blocks.
    try (DevnetChain second =
            DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("b")).build());
        DevnetOps ops = new DevnetOps(second)) {
      ops.client.request("anvil_mine", "0x" + Long.toHexString(oldCursor + 5));
      DevnetOps.Key k2 = ops.newKey();
      BigInteger id2 = ops.register(k2);
      String newDid = DevnetOps.did(k2);
      try (McrApiServer s = McrApiServer.start(ops.config().databaseFile(db).build())) {
        Await.until(
            INDEXED,
            "the new chain's machine indexed",
            () -> Http.get(s.url(), "/mcr/" + newDid).status() == 200);
        assertThat(Http.get(s.url(), "/mcr/" + oldDid).status())
            .as("a machine of the old chain only")
            .isEqualTo(404);
        // Machine id 2 exists on the old chain only: a stale index would still serve it.
        assertThat(Http.get(s.url(), "/mcr/" + secondOldDid).status())
            .as("machine 2 of the old chain")
            .isEqualTo(404);
        assertThat(Http.get(s.url(), "/machine/" + newDid).body().toString())
            .contains(id2.toString());
        Http.Answer ready = Http.get(s.url(), "/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("reindexed").asText())
            .contains("block " + oldCursor)
            .contains("a different or reset chain");
        assertThat(ready.body().get("indexed_block").asLong())
            .isLessThanOrEqualTo(ops.client.blockNumber().longValueExact());
      }
    }
  }
}
