package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second {@code peaqos activate} in a folder where one is already running must not touch the
 * machine key: the key is generated only under {@code .peaqos/activate.lock}. The running one is
 * played by this test holding the lock (an OS file lock, as a real CLI process would); no devnet is
 * needed because the loser must stop before any network access.
 */
class ActivateLockTest {
  @TempDir static Path home;
  @TempDir Path wd;

  @Test
  void aSecondActivateWaitsForNothingAndGeneratesNoKey() throws Exception {
    Path lockFile = Files.createDirectories(wd.resolve(".peaqos")).resolve("activate.lock");
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      CliProcess.Result r =
          new CliProcess(home)
              .env("PEAQOS_RPC_URL", "http://127.0.0.1:9")
              .env("PEAQOS_KEY_PASSPHRASE", "a passphrase of this test")
              .run(wd, "activate", "--skip-funding");
      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.stderr()).contains("Another 'peaqos activate' is running in this directory");
      assertThat(wd.resolve(".peaqos/machine-key.json"))
          .as("no key generated outside the lock")
          .doesNotExist();
      try (var files = Files.list(wd.resolve(".peaqos"))) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("activate.lock");
      }
    }
  }

  @Test
  void anExistingKeyFileIsNeverReplacedByAGeneratedOne() throws Exception {
    // keys generate refuses to replace; the activate path creates with create-new semantics too.
    CliProcess cli = new CliProcess(home);
    CliProcess.Result first = cli.run(wd, "keys", "generate");
    assertThat(first.exit()).as(first.toString()).isZero();
    String before = Files.readString(wd.resolve(".peaqos/machine-key.json"));
    CliProcess.Result second = cli.run(wd, "keys", "generate");
    assertThat(second.exit()).as(second.toString()).isEqualTo(1);
    assertThat(Files.readString(wd.resolve(".peaqos/machine-key.json"))).isEqualTo(before);
  }
}
