package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

class DevnetErrorsTest {
  @TempDir Path dir;

  @Test
  void missingAnvilBinaryTellsToRunNpmCi() {
    DevnetOptions options =
        DevnetOptions.builder().dataDir(dir).anvilBinary(dir.resolve("no-such-anvil")).build();
    assertThatThrownBy(() -> DevnetChain.start(options))
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining("npm ci")
        .hasMessageContaining("no-such-anvil");
    assertThat(dir.resolve("devnet.env")).doesNotExist();
  }

  @Test
  void anvilStartupFailureShowsWhatAnvilSaid() {
    DevnetOptions options = DevnetOptions.builder().dataDir(dir).hardfork("nonsense").build();
    assertThatThrownBy(() -> DevnetChain.start(options))
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining("anvil")
        .hasMessageContaining("nonsense");
    assertThat(dir.resolve("devnet.env")).doesNotExist();
  }

  @Test
  void corruptStateFileShowsWhatAnvilSaid() throws Exception {
    Files.writeString(dir.resolve("state.json"), "garbage");
    assertThatThrownBy(() -> DevnetChain.start(DevnetOptions.builder().dataDir(dir).build()))
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining("state.json");
  }

  @Test
  void optionsAreChecked() {
    assertThatThrownBy(() -> DevnetOptions.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataDir");
    assertThatThrownBy(() -> DevnetOptions.builder().chainId(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chainId");
    assertThatThrownBy(() -> DevnetOptions.builder().hardfork("paris; rm -rf /"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DevnetOptions.builder().stateIntervalSeconds(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DevnetOptions.builder().historyBlocks(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("historyBlocks")
        .hasMessageContaining("keepAllHistory()");
    DevnetOptions defaults = DevnetOptions.builder().dataDir(dir).build();
    assertThat(defaults.chainId()).isEqualTo(33380);
    assertThat(defaults.hardfork()).isEqualTo("prague");
    assertThat(defaults.blockTimeSeconds()).isEmpty();
    assertThat(defaults.historyBlocks()).contains(DevnetOptions.DEFAULT_HISTORY_BLOCKS);
    assertThat(DevnetOptions.builder().dataDir(dir).keepAllHistory().build().historyBlocks())
        .isEmpty();
  }

  @Test
  void devAccountsAreAnvilsAndHideTheirKeys() {
    for (int i = 0; i < DevAccount.COUNT; i++) {
      DevAccount a = DevAccount.of(i);
      assertThat(Keys.toChecksumAddress(Credentials.create(a.privateKey()).getAddress()))
          .isEqualTo(a.address());
      assertThat(a.toString()).doesNotContain(a.privateKey().substring(2));
    }
    assertThatThrownBy(() -> DevAccount.of(10)).isInstanceOf(IllegalArgumentException.class);
  }
}
