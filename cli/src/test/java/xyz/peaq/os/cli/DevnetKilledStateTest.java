package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A devnet killed with SIGKILL leaves its pid file and a devnet.env that says "ready"; by the time
 * the CLI looks, that pid may belong to an unrelated live process. The folder must then read as not
 * running (the stack's lock died with it), not as "already running".
 */
class DevnetKilledStateTest {
  @TempDir static Path home;
  @TempDir Path wd;

  @Test
  void aLivePidThatIsNotTheStackIsNotARunningDevnet() throws Exception {
    Process unrelated = new ProcessBuilder("sleep", "120").start();
    try {
      Path dir = Files.createDirectories(wd.resolve("devnet"));
      long pid = unrelated.pid();
      Files.writeString(dir.resolve("stack.pid"), pid + "\n");
      Files.writeString(
          dir.resolve("devnet.env"),
          "PEAQOS_RPC_URL=http://127.0.0.1:9\nPEAQOS_DEVNET_READY=1\n"
              + "PEAQOS_DEVNET_PID="
              + pid
              + "\n");
      Files.writeString(dir.resolve("stack.lock"), "");
      CliProcess.Result r =
          new CliProcess(home)
              .run(wd, "devnet", "status", "--devnet-dir", dir.toString(), "--json");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.stdout()).contains("\"running\" : false");
    } finally {
      unrelated.destroy();
      unrelated.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
