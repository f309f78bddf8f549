package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The empty local chain that the devnet's anvil forks, so that no block computes a state root.
 *
 * <p>Why: anvil (1.7.1, the newest release) rebuilds the state trie from scratch at every block,
 * hashing every account and every storage slot, so each block costs more as machines are
 * registered; a forked anvil keeps its state in a fork database, which has no root (its blocks
 * carry a zero {@code stateRoot}) and skips that work. Measured on a plain anvil: a lone transfer
 * took 62 ms with 50,000 storage slots against 1.1 ms forked (devnet README, "Flat at any size").
 *
 * <p>The origin is a second anvil with the devnet's chain id and hardfork, no mining, and a genesis
 * time fixed when the folder is made ({@value #FILE}), so that block 0 and its hash are the same at
 * every start (the CLI's activation journal recognises its chain by that hash). It holds nothing
 * else: whatever the devnet writes lives in the fork, its snapshots and its journal; the fork asks
 * the origin only for accounts it has never seen, once each.
 *
 * <p>A folder made before origins existed (a snapshot and no {@value #FILE}) keeps running without
 * one: forking would give it another block 0.
 */
final class ChainOrigin {
  static final String FILE = "origin.json";
  static final String PID_FILE = "origin.pid";
  static final String LOG_FILE = "anvil-origin.log";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDir;
  private final long genesisTime;

  private ChainOrigin(Path dataDir, long genesisTime) {
    this.dataDir = dataDir;
    this.genesisTime = genesisTime;
  }

  /**
   * The origin of the chain in {@code dataDir}: the recorded one; a new one, recorded durably
   * before anything is written to the chain, for a folder without a snapshot; none when the options
   * ask for state roots or the folder's chain was made without an origin.
   */
  static Optional<ChainOrigin> of(DevnetOptions options, StateFiles state) {
    Path dir = options.dataDir();
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      try {
        JsonNode node = JSON.readTree(file.toFile());
        long time = node.path("genesisTime").asLong(-1);
        if (time < 0) throw new IOException("no genesisTime");
        return Optional.of(new ChainOrigin(dir, time));
      } catch (IOException e) {
        throw new DevnetException(
            "the devnet folder's "
                + file
                + " cannot be read ("
                + e.getMessage()
                + "): it records the chain's block 0; restore it from a copy, or start a new"
                + " devnet in an empty folder",
            e);
      }
    }
    if (options.stateRoots() || Files.exists(state.snapshot())) return Optional.empty();
    ChainOrigin made = new ChainOrigin(dir, System.currentTimeMillis() / 1000);
    made.record(file);
    return Optional.of(made);
  }

  /** The origin anvil's arguments (besides host and port). */
  List<String> anvilArguments(DevnetOptions options) {
    return List.of(
        "--chain-id",
        Long.toString(options.chainId()),
        "--hardfork",
        options.hardfork(),
        "--timestamp",
        Long.toString(genesisTime),
        "--no-mining",
        "--prune-history",
        // never written to (nothing is persisted with --prune-history); it names the folder on
        // the origin's command line, which is how a stale origin is recognised and stopped
        "--cache-path",
        dataDir.resolve("state.origin").toString(),
        "-q");
  }

  Path logFile() {
    return dataDir.resolve(LOG_FILE);
  }

  // written aside, fsynced and renamed: a kill leaves either no file (and no snapshot yet, so the
  // next start makes a new origin) or the whole file
  private void record(Path file) {
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try {
      Files.write(
          tmp,
          ("{\"genesisTime\":" + genesisTime + "}\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      StateFiles.fsyncDir(file.getParent());
    } catch (IOException e) {
      throw new DevnetException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
