package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.foundation.DotEnv;

/**
 * {@code devnet up} in the foreground, stopped the way a user stops it, and the launcher script.
 */
class DevnetLifecycleTest {
  @TempDir static Path home;
  @TempDir Path wd;

  @Test
  void foregroundDevnetStopsOnCtrlCAndLeavesNoProcess() throws Exception {
    Path dir = wd.resolve("fg-devnet");
    CliProcess cli = new CliProcess(home).env("PEAQOS_DEVNET_DIR", dir.toString());
    Process p = cli.builder(wd, "devnet", "up").redirectErrorStream(true).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean ready = false;
      StringBuilder printed = new StringBuilder();
      while ((line = out.readLine()) != null) {
        printed.append(line).append('\n');
        if (line.startsWith("devnet.env: ")) {
          assertThat(line).isEqualTo("devnet.env: " + dir.resolve("devnet.env"));
          ready = true;
          break;
        }
      }
      assertThat(ready).as("devnet up printed where devnet.env is").isTrue();
      // What the devnet relaxes is said where the user reads, with the production defaults.
      assertThat(printed.toString())
          .contains(
              "Devnet settings, relaxed for local use (production defaults in brackets):",
              "1000 fund requests per owner per minute [5]",
              "100000 requests per client address per minute [30]",
              "daily budget 1000000 PEAQ (the whole faucet) [10, 4, 20, 200 PEAQ]",
              "MCR API    : 100000 requests per client per minute [90]");
      Map<String, String> env = DotEnv.readIfPresent(dir.resolve("devnet.env"));
      assertThat(env)
          .containsKeys(
              "PEAQOS_RPC_URL",
              "PEAQOS_GAS_STATION_URL",
              "PEAQOS_MCR_API_URL",
              "IDENTITY_REGISTRY_ADDRESS",
              "EVENT_REGISTRY_ADDRESS");
      assertThat(env.get("PEAQOS_DEVNET_READY")).isEqualTo("1");
      long anvil = Long.parseLong(Files.readString(dir.resolve("anvil.pid")).strip());
      assertThat(ProcessHandle.of(anvil).map(ProcessHandle::isAlive)).contains(true);

      CliProcess.Result status = cli.run(wd, "devnet", "status");
      assertThat(status.stdout()).contains("running (pid " + p.pid() + ")", "Chain ID   : 33380");
      assertThat(status.stdout()).contains("Explorer   : " + env.get("PEAQOS_MCR_API_URL") + "/");
      // A second stack on the same folder is refused, not started beside it.
      CliProcess.Result second = cli.run(wd, "devnet", "up");
      assertThat(second.exit()).isZero();
      assertThat(second.stderr()).contains("already running");

      // Ctrl-C: SIGINT to the foreground JVM.
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(ProcessHandle.of(anvil).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(DotEnv.readIfPresent(dir.resolve("devnet.env")).get("PEAQOS_DEVNET_READY"))
          .isEqualTo("0");
      assertThat(cli.run(wd, "devnet", "status").stdout()).contains("not running");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void launcherRunsFromAnyWorkingDirectoryAndKeepsIt() throws Exception {
    Path launcher = CliProcess.REPO.resolve("peaqos");
    ProcessBuilder pb =
        new ProcessBuilder("bash", launcher.toString(), "keys", "generate", "--json")
            .directory(wd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("HOME", home.toString());
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("PEAQOS_") && !k.equals("PEAQOS_LAUNCHER_QUIET"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out + err).isZero();
    assertThat(out).contains("\"address\"");
    assertThat(wd.resolve(".peaqos/machine-key.json")).exists();
  }
}
