package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.cli.journal.Journal;
import xyz.peaq.os.cli.journal.JournalEntry;

/**
 * Prints the wall time of a 2.0 activation paid in USDT ({@code --payment usdt}: devnet USDT mint,
 * approval to the provision pool, activateMachineWithUsdt) beside one paid in PEAQ (approval to
 * MachineSubscription, activateMachine), each a CLI process in a fresh folder, the two interleaved
 * on one running devnet; median of {@code peaqos.bench.runs} (default 5) each, their ratio, and the
 * gas of each rail's approval and activation. Measured, never asserted on time.
 */
class Econ2UsdtActivateBenchmarkTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  @TempDir static Path work;

  static final String[] PEAQ_RAIL = {"activate", "--network", "devnet", "--tokenomics", "2.0"};
  static final String[] USDT_RAIL = {
    "activate",
    "--network",
    "devnet",
    "--tokenomics",
    "2.0",
    "--payment",
    "usdt",
    "--slippage-bps",
    "50"
  };

  @Test
  void activationWallTimeAndGasOfTheUsdtRailBesideThePeaqRail() throws Exception {
    int runs = Integer.getInteger("peaqos.bench.runs", 5);
    CliProcess cli = new CliProcess(home);
    assertThat(cli.run(work, "devnet", "up", "--detach", "--mcr-port", "0").exit()).isZero();
    try {
      // One of each first, untimed: class loading and the devnet's first blocks.
      assertThat(cli.run(Files.createDirectories(work.resolve("w1")), PEAQ_RAIL).exit()).isZero();
      assertThat(cli.run(Files.createDirectories(work.resolve("w2")), USDT_RAIL).exit()).isZero();
      List<Long> peaq = new ArrayList<>();
      List<Long> usdt = new ArrayList<>();
      Path lastPeaq = null;
      Path lastUsdt = null;
      for (int i = 0; i < runs; i++) {
        lastPeaq = Files.createDirectories(work.resolve("peaq-" + i));
        long t0 = System.nanoTime();
        CliProcess.Result r1 = cli.run(lastPeaq, append(PEAQ_RAIL, "--json"));
        peaq.add((System.nanoTime() - t0) / 1_000_000);
        assertThat(r1.exit()).as(r1.toString()).isZero();
        lastUsdt = Files.createDirectories(work.resolve("usdt-" + i));
        long t1 = System.nanoTime();
        CliProcess.Result r2 = cli.run(lastUsdt, append(USDT_RAIL, "--json"));
        usdt.add((System.nanoTime() - t1) / 1_000_000);
        assertThat(r2.exit()).as(r2.toString()).isZero();
        assertThat(JSON.readTree(r2.stdout()).get("usdt_amount").asText()).isEqualTo("1000000");
      }
      long mp = ActivateBenchmarkTest.median(peaq);
      long mu = ActivateBenchmarkTest.median(usdt);
      System.out.println(
          "BENCHMARK activate 2.0, warm devnet, interleaved: USDT rail median "
              + mu
              + " ms of "
              + usdt
              + "; PEAQ rail median "
              + mp
              + " ms of "
              + peaq
              + "; ratio USDT/PEAQ = "
              + String.format("%.2f", (double) mu / mp));
      try (DevnetReads chain = new DevnetReads(home.resolve(".peaqos/devnet"))) {
        System.out.println(
            "BENCHMARK activate 2.0 gas: USDT rail approval "
                + gas(chain, lastUsdt, "approval")
                + " + activateMachineWithUsdt "
                + gas(chain, lastUsdt, "activation")
                + "; PEAQ rail approval "
                + gas(chain, lastPeaq, "approval")
                + " + activateMachine "
                + gas(chain, lastPeaq, "activation"));
      }
    } finally {
      assertThat(cli.run(work, "devnet", "down").exit()).isZero();
    }
  }

  static String[] append(String[] a, String extra) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = extra;
    return out;
  }

  /** Gas used by the one journaled transaction of {@code step} in folder {@code w}. */
  static BigInteger gas(DevnetReads chain, Path w, String step) throws Exception {
    List<JournalEntry> sent =
        Journal.read(w.resolve("peaqos.log")).stream()
            .filter(e -> step.equals(e.step()) && "submitted".equals(e.status()))
            .toList();
    assertThat(sent).hasSize(1);
    JsonNode receipt = chain.chain.request("eth_getTransactionReceipt", sent.get(0).txHash());
    return new BigInteger(receipt.get("gasUsed").asText().substring(2), 16);
  }
}
