package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * SIGKILLs a busy devnet in a loop while a snapshot is being written (the moment {@code
 * state.json.tmp} exists), in three ways: the whole process group (JVM, guard and anvil at once),
 * the JVM alone (anvil then dumps on its way out, and is killed during that dump too), and anvil
 * alone. Every time, what is on disk must be a complete snapshot and the devnet must start again
 * from it, never going back in time, and with every transfer whose receipt the child had seen (the
 * journal replayed on the snapshot).
 */
class DevnetKillLoopTest {
  private static final int KILLS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aKillAtAnyInstantLeavesACompleteSnapshotToStartFrom() throws Exception {
    Path setsid = Path.of("/usr/bin/setsid");
    Assumptions.assumeTrue(Files.isExecutable(setsid), "needs setsid to make a process group");
    StateFiles files = new StateFiles(dir);
    Path tmp = dir.resolve(StateFiles.SNAPSHOT + ".tmp");
    BigInteger lastNonce = BigInteger.ZERO;
    long lastHead = 0;
    int leftHalfWritten = 0;
    int tornExitDumps = 0;
    long maxAcknowledged = 0;
    long replayedBlocks = 0;
    long hashMismatches = 0;
    for (int i = 0; i < KILLS; i++) {
      AtomicLong acknowledged = new AtomicLong();
      Thread reader = null;
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child =
          new ProcessBuilder(
                  setsid.toString(),
                  javaBin,
                  "-cp",
                  System.getProperty("java.class.path"),
                  DevnetBusyChildMain.class.getName(),
                  dir.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      long anvilPid;
      try {
        BufferedReader out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String pidLine = out.readLine();
        assertThat(pidLine).as("child output").startsWith("ANVIL_PID ");
        anvilPid = Long.parseLong(pidLine.substring("ANVIL_PID ".length()).trim());
        reader = new Thread(() -> readMined(out, acknowledged), "child-output");
        reader.setDaemon(true);
        reader.start();
        // the first snapshot of a start is taken at once; wait for one taken under load
        awaitTrue("a snapshot being written", Duration.ofSeconds(30), () -> Files.exists(tmp));
        awaitTrue("the snapshot written", Duration.ofSeconds(30), () -> !Files.exists(tmp));
        awaitTrue(
            "the next snapshot being written", Duration.ofSeconds(30), () -> Files.exists(tmp));
        switch (i % 3) {
          case 0 -> kill("-KILL", "--", "-" + child.pid()); // the whole process group at once
          case 1 -> {
            kill(
                "-KILL", Long.toString(child.pid())); // the JVM: the guard stops anvil, which dumps
            awaitTrue(
                "anvil's exit dump started",
                Duration.ofSeconds(30),
                () -> Files.exists(files.exitDump()) || !alive(anvilPid));
            kill("-KILL", Long.toString(anvilPid)); // and anvil during that dump
          }
          default -> {
            kill("-KILL", Long.toString(anvilPid));
            kill("-KILL", Long.toString(child.pid()));
          }
        }
      } finally {
        child.destroyForcibly();
      }
      assertThat(child.waitFor(15, TimeUnit.SECONDS)).isTrue();
      if (reader != null) reader.join(15_000); // every line the child wrote before it died
      awaitTrue("anvil " + anvilPid + " gone", Duration.ofSeconds(15), () -> !alive(anvilPid));

      if (Files.exists(tmp)) leftHalfWritten++;
      if (Files.exists(files.exitDump()) && !StateFiles.isComplete(files.exitDump()))
        tornExitDumps++;
      assertThat(StateFiles.isComplete(files.snapshot()))
          .as("state.json after kill %d is complete", i)
          .isTrue();
      long snapshotHead = bestBlock(files.snapshot());

      try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
        assertThat(chain.freshlyDeployed()).as("restart %d found the contracts", i).isFalse();
        replayedBlocks += chain.replayed().map(JournalReplay.Result::blocks).orElse(0L);
        hashMismatches += chain.replayed().map(JournalReplay.Result::hashMismatches).orElse(0L);
        long head = chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
        BigInteger nonce =
            chain
                .web3j()
                .ethGetTransactionCount(
                    DevAccount.of(5).address(), DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount();
        assertThat(head)
            .as("restart %d starts from the last complete snapshot or later", i)
            .isGreaterThanOrEqualTo(snapshotHead);
        assertThat(head).as("restart %d never goes back", i).isGreaterThanOrEqualTo(lastHead);
        assertThat(nonce)
            .as("transfers kept across restart %d", i)
            .isGreaterThanOrEqualTo(lastNonce);
        // the journal: nothing whose receipt the child saw is lost, whatever was killed
        assertThat(nonce)
            .as("every transfer mined before kill %d kept", i)
            .isGreaterThanOrEqualTo(BigInteger.valueOf(acknowledged.get()));
        maxAcknowledged = Math.max(maxAcknowledged, acknowledged.get());
        assertThat(
                chain
                    .web3j()
                    .ethGetCode(
                        chain.contracts().identityRegistry(), DefaultBlockParameterName.LATEST)
                    .send()
                    .getCode())
            .hasSizeGreaterThan(2);
        lastHead = head;
        lastNonce = nonce;
      }
      assertThat(Files.exists(tmp)).as("no half-written snapshot left after a start").isFalse();
      assertThat(Files.exists(files.exitDump())).as("exit dump promoted or dropped").isFalse();
    }
    assertThat(lastNonce).as("the busy devnets made progress that survived").isPositive();
    System.out.printf(
        "KILL-LOOP %d SIGKILLs during snapshots: %d left a half-written snapshot beside state.json, "
            + "%d tore anvil's exit dump; every restart started from a complete snapshot (head %d) "
            + "and kept every transfer the child had seen mined (up to nonce %d); %d blocks replayed "
            + "from the journal, %d of them with another hash%n",
        KILLS,
        leftHalfWritten,
        tornExitDumps,
        lastHead,
        maxAcknowledged,
        replayedBlocks,
        hashMismatches);
  }

  /** Records the child's last {@code MINED <nonce>} line until its output ends. */
  private static void readMined(BufferedReader out, AtomicLong acknowledged) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("MINED ")) acknowledged.set(Long.parseLong(line.substring(6).trim()));
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // the child is gone
    }
  }

  private static long bestBlock(Path snapshot) throws Exception {
    JsonNode n = JSON.readTree(snapshot.toFile()).path("best_block_number");
    return n.isNumber() ? n.asLong() : Numeric.decodeQuantity(n.asText()).longValueExact();
  }

  private static void kill(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "kill";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes(); // "no such process" when it is gone already: fine
    p.waitFor(10, TimeUnit.SECONDS);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Polls without sleeping: the moments to catch (a snapshot being written) last milliseconds. */
  private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline)
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      Thread.onSpinWait();
    }
  }
}
