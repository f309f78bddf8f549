package xyz.peaq.os.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the wall time of {@code peaqos activate --network devnet} (a process each time, fresh
 * working folder, so a full activation): on a running devnet and on a cold start (a new devnet
 * folder that the command starts itself). Median of {@code peaqos.bench.runs} (default 5) each.
 * Measured, never asserted on time.
 */
class ActivateBenchmarkTest {
  @TempDir static Path home;
  @TempDir static Path work;

  @Test
  void activateWallTimeOnARunningDevnetAndOnAColdStart() throws Exception {
    int runs = Integer.getInteger("peaqos.bench.runs", 5);
    CliProcess cli = new CliProcess(home);
    List<Long> cold = new ArrayList<>();
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Path dir = work.resolve("devnet-" + i);
      CliProcess c = new CliProcess(home).env("PEAQOS_DEVNET_DIR", dir.toString());
      Path w = Files.createDirectories(work.resolve("cold-" + i));
      long t0 = System.nanoTime();
      CliProcess.Result r = c.run(w, "activate", "--network", "devnet");
      cold.add((System.nanoTime() - t0) / 1_000_000);
      assertThat(r.exit()).as(r.toString()).isZero();
      if (i == 0) {
        // The first cold devnet stays up for the warm runs.
        for (int k = 0; k < runs; k++) {
          Path ww = Files.createDirectories(work.resolve("warm-" + k));
          long t1 = System.nanoTime();
          CliProcess.Result rr = c.run(ww, "activate", "--network", "devnet");
          warm.add((System.nanoTime() - t1) / 1_000_000);
          assertThat(rr.exit()).as(rr.toString()).isZero();
          assertThat(rr.stdout()).contains("Machine activated successfully.");
        }
      }
      assertThat(c.run(w, "devnet", "down").exit()).isZero();
    }
    System.out.println(
        "BENCHMARK activate --network devnet, running devnet: median "
            + median(warm)
            + " ms of "
            + warm);
    System.out.println(
        "BENCHMARK activate --network devnet, cold start:     median "
            + median(cold)
            + " ms of "
            + cold);
  }

  static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
