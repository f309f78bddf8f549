package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every exit code and the bad-input paths, with the CLI run as a process; no devnet needed. */
class ExitCodesTest {
  @TempDir static Path home;
  @TempDir Path wd;

  CliProcess cli() {
    return new CliProcess(home);
  }

  @Test
  void helpAndVersionExitZero() {
    CliProcess.Result help = cli().run(wd, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.stdout())
        .contains(
            "activate",
            "devnet",
            "keys",
            "qualify",
            "show",
            "whoami",
            "init",
            "completion",
            "Exit codes:");
    CliProcess.Result sub = cli().run(wd, "activate", "--help");
    assertThat(sub.exit()).isZero();
    assertThat(sub.stdout())
        .contains(
            "--for",
            "--machine-key",
            "--doc-url",
            "--data-api",
            "--visibility",
            "--skip-funding",
            "--totp-code",
            "--devnet-dir",
            "--json",
            "--verbose",
            "--quiet");
    CliProcess.Result deep = cli().run(wd, "show", "operator", "machines", "--help");
    assertThat(deep.exit()).isZero();
    CliProcess.Result version = cli().run(wd, "--version");
    assertThat(version.exit()).isZero();
    assertThat(version.stdout()).startsWith("peaqos ").contains("sdk");
    CliProcess.Result completion = cli().run(wd, "completion");
    assertThat(completion.exit()).isZero();
    assertThat(completion.stdout()).contains("complete -F").contains("activate");
  }

  @Test
  void badFlagsAndArgumentsExitOne() {
    assertInput(cli().run(wd, "activate", "--bogus"), "Unknown option: '--bogus'");
    assertInput(cli().run(wd, "activate", "--visibility", "secret"), "--visibility");
    assertInput(cli().run(wd, "frobnicate"), "Unmatched argument");
    assertInput(cli().run(wd, "-v", "-q", "keys", "address"), "mutually exclusive");
    assertInput(cli().run(wd, "qualify", "mcr", "did:peaq:nope"), "Invalid DID");
    assertInput(cli().run(wd, "show", "machine", "0x1234"), "Invalid DID");
    assertInput(cli().run(wd, "activate", "--network", "moon"), "Unknown network");
    assertInput(
        cli().run(wd, "activate", "--network", "devnet", "--for", "0xnope", "--machine-key", "k"),
        "Invalid --for address");
    assertInput(
        cli().run(wd, "activate", "--network", "devnet", "--doc-url", " "),
        "--doc-url must not be empty");
    assertInput(
        cli()
            .run(
                wd,
                "qualify",
                "event",
                "--machine-id",
                "1",
                "--type",
                "revenue",
                "--value",
                "-1",
                "--ts",
                "1"),
        "--value must be greater than or equal to 0");
    assertInput(
        cli()
            .run(
                wd,
                "qualify",
                "event",
                "--machine-id",
                "1",
                "--type",
                "revenue",
                "--value",
                "1",
                "--ts",
                "yesterday"),
        "--ts");
    assertInput(
        cli()
            .run(
                wd,
                "qualify",
                "event",
                "--machine-id",
                "1",
                "--type",
                "revenue",
                "--value",
                "1",
                "--ts",
                "1",
                "--trust",
                "onchain"),
        "--source-tx is required when --trust is 'onchain'");
    assertInput(
        cli()
            .run(
                wd,
                "qualify",
                "event",
                "--machine-id",
                "1",
                "--type",
                "activity",
                "--value",
                "1",
                "--ts",
                "1",
                "--currency",
                "USD"),
        "--currency");
    assertInput(cli().run(wd, "qualify"), "Missing subcommand");
    assertInput(cli().run(wd, "devnet"), "Missing subcommand");
    // Nothing was written by any of them.
    assertThat(wd.toFile().list()).isEmpty();
  }

  private static void assertInput(CliProcess.Result r, String message) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INPUT);
    assertThat(r.stderr()).contains(message);
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void missingConfigurationExitsThreeWithTheSdkMessage() throws Exception {
    CliProcess.Result r = cli().run(wd, "activate");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.stderr().strip()).isEqualTo("ValidationError: PEAQOS_NETWORK is required");

    CliProcess.Result who = cli().env("PEAQOS_RPC_URL", "http://127.0.0.1:1").run(wd, "whoami");
    assertThat(who.exit()).isEqualTo(ExitCode.CONFIG);
    assertThat(who.stderr().strip()).isEqualTo("ValidationError: PEAQOS_PRIVATE_KEY is required");

    CliProcess.Result badKey = cli().env("PEAQOS_PRIVATE_KEY", "0x1234").run(wd, "whoami");
    assertThat(badKey.exit()).isEqualTo(ExitCode.CONFIG);
    assertThat(badKey.stderr())
        .contains("PEAQOS_PRIVATE_KEY must be 0x followed by 64 hex digits")
        .doesNotContain("0x1234");

    CliProcess.Result noAddr =
        cli()
            .env("PEAQOS_PRIVATE_KEY", "0x" + "11".repeat(32))
            .env("PEAQOS_RPC_URL", "http://127.0.0.1:1")
            .run(wd, "whoami");
    assertThat(noAddr.exit()).isEqualTo(ExitCode.CONFIG);
    assertThat(noAddr.stderr().strip())
        .isEqualTo("ValidationError: IDENTITY_REGISTRY_ADDRESS is required");

    Files.writeString(wd.resolve(".env"), "PEAQOS_PRIVATE_KEY=0xzz\n");
    CliProcess.Result dotEnv = cli().run(wd, "keys", "address");
    assertThat(dotEnv.exit()).isEqualTo(ExitCode.CONFIG);
    Files.delete(wd.resolve(".env"));

    Files.createDirectories(wd.resolve(".peaqos"));
    Files.writeString(wd.resolve(".peaqos/machine-key.json"), "{not json");
    CliProcess.Result broken = cli().run(wd, "keys", "show");
    assertThat(broken.exit()).isEqualTo(ExitCode.CONFIG);
    assertThat(broken.stderr()).contains("Invalid key file");
  }

  @Test
  void unreachableRpcExitsTwo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    CliProcess.Result r =
        cli()
            .env("PEAQOS_PRIVATE_KEY", "0x" + "22".repeat(32))
            .env("PEAQOS_RPC_URL", "http://127.0.0.1:" + port)
            .env("PEAQOS_NETWORK", "mainnet")
            .run(wd, "whoami");
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.NETWORK);
    CliProcess.Result mcr =
        cli()
            .env("PEAQOS_MCR_API_URL", "http://127.0.0.1:" + port)
            .run(wd, "qualify", "mcr", "did:peaq:0x000000000000000000000000000000000000dEaD");
    assertThat(mcr.exit()).as(mcr.toString()).isEqualTo(ExitCode.NETWORK);
  }

  @Test
  void keysGenerateImportAddressAndShow() throws Exception {
    CliProcess.Result gen = cli().run(wd, "keys", "generate", "--json");
    assertThat(gen.exit()).as(gen.toString()).isZero();
    String address = ActivateDevnetTest.JSON.readTree(gen.stdout()).get("address").asText();
    assertThat(cli().run(wd, "keys", "address").stdout().strip()).isEqualTo(address);
    CliProcess.Result again = cli().run(wd, "keys", "generate");
    assertThat(again.exit()).isEqualTo(ExitCode.INPUT);
    assertThat(again.stderr()).contains("already exists");
    CliProcess.Result show = cli().run(wd, "keys", "show");
    assertThat(show.exit()).isZero();
    assertThat(show.stdout()).contains(address).doesNotContain("Private key");

    Path other = Files.createDirectories(wd.resolve("other"));
    String key = "0x" + "3c".repeat(32);
    Files.writeString(other.resolve("k.hex"), key + "\n");
    CliProcess.Result imp =
        cli()
            .env("PEAQOS_KEY_PASSPHRASE", "correct horse")
            .run(other, "keys", "import", "--private-key-file", "k.hex", "--network", "mainnet");
    assertThat(imp.exit()).as(imp.toString()).isZero();
    assertThat(Files.readString(other.resolve(".peaqos/machine-key.json")))
        .doesNotContain("3c3c3c");
    CliProcess.Result wrongPass =
        cli().env("PEAQOS_KEY_PASSPHRASE", "wrong").run(other, "keys", "show", "--reveal");
    assertThat(wrongPass.exit()).isEqualTo(ExitCode.CONFIG);
    assertThat(wrongPass.stderr()).contains("wrong passphrase");
    CliProcess.Result noPass = cli().run(other, "keys", "show", "--reveal");
    assertThat(noPass.exit()).as(noPass.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(noPass.stderr().strip())
        .isEqualTo("ValidationError: PEAQOS_KEY_PASSPHRASE is required");
    CliProcess.Result reveal =
        cli().env("PEAQOS_KEY_PASSPHRASE", "correct horse").run(other, "keys", "show", "--reveal");
    assertThat(reveal.stdout()).contains(key);
  }

  @Test
  void devnetUpRefusesATakenMcrPortClearly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      CliProcess.Result r =
          cli()
              .run(
                  wd,
                  "devnet",
                  "up",
                  "--devnet-dir",
                  wd.resolve("d").toString(),
                  "--mcr-port",
                  Integer.toString(port));
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.CONFIG);
      assertThat(r.stderr())
          .contains("Port " + port + " on 127.0.0.1 is already in use", "--mcr-port");
    }
    CliProcess.Result noAnvil =
        cli()
            .env("PEAQOS_ANVIL", wd.resolve("no-such-anvil").toString())
            .run(wd, "devnet", "up", "--detach", "--devnet-dir", wd.resolve("d").toString());
    assertThat(noAnvil.exit()).as(noAnvil.toString()).isEqualTo(ExitCode.CONFIG);
    assertThat(noAnvil.stderr()).contains("The devnet did not start", "anvil binary", "npm ci");
    CliProcess.Result status =
        cli().run(wd, "devnet", "status", "--devnet-dir", wd.resolve("d").toString());
    assertThat(status.exit()).isZero();
    assertThat(status.stdout()).contains("not running");
  }
}
