package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the wall time of a full activation on a warm devnet in Economics 2.0 mode ({@code activate
 * --network devnet --tokenomics 2.0}: Gas Station funding, approval, activateMachine) beside the
 * 1.0 flow (register, mint, DID), each a CLI process in a fresh folder, the two interleaved on one
 * running devnet; median of {@code peaqos.bench.runs} (default 5) each and their ratio. Measured,
 * never asserted on time.
 */
class Econ2ActivateBenchmarkTest {
  @TempDir static Path home;
  @TempDir static Path work;

  @Test
  void activationWallTimeOfEconomics20BesideEconomics10() throws Exception {
    int runs = Integer.getInteger("peaqos.bench.runs", 5);
    CliProcess cli = new CliProcess(home);
    assertThat(cli.run(work, "devnet", "up", "--detach", "--mcr-port", "0").exit()).isZero();
    try {
      // One of each first, untimed: class loading and the devnet's first blocks.
      assertThat(
              cli.run(
                      Files.createDirectories(work.resolve("w1")),
                      "activate",
                      "--network",
                      "devnet")
                  .exit())
          .isZero();
      assertThat(
              cli.run(
                      Files.createDirectories(work.resolve("w2")),
                      "activate",
                      "--network",
                      "devnet",
                      "--tokenomics",
                      "2.0")
                  .exit())
          .isZero();
      List<Long> v1 = new ArrayList<>();
      List<Long> v2 = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        Path a = Files.createDirectories(work.resolve("v1-" + i));
        long t0 = System.nanoTime();
        CliProcess.Result r1 = cli.run(a, "activate", "--network", "devnet");
        v1.add((System.nanoTime() - t0) / 1_000_000);
        assertThat(r1.exit()).as(r1.toString()).isZero();
        Path b = Files.createDirectories(work.resolve("v2-" + i));
        long t1 = System.nanoTime();
        CliProcess.Result r2 = cli.run(b, "activate", "--network", "devnet", "--tokenomics", "2.0");
        v2.add((System.nanoTime() - t1) / 1_000_000);
        assertThat(r2.exit()).as(r2.toString()).isZero();
        assertThat(r2.stdout()).contains("activated");
      }
      long m1 = ActivateBenchmarkTest.median(v1);
      long m2 = ActivateBenchmarkTest.median(v2);
      System.out.println(
          "BENCHMARK activate, warm devnet, interleaved: 2.0 median "
              + m2
              + " ms of "
              + v2
              + "; 1.0 median "
              + m1
              + " ms of "
              + v1
              + "; ratio 2.0/1.0 = "
              + String.format("%.2f", (double) m2 / m1));
    } finally {
      assertThat(cli.run(work, "devnet", "down").exit()).isZero();
    }
  }
}
