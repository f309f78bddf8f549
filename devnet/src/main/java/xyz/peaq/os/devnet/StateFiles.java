package xyz.peaq.os.devnet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The chain state files of a data folder, and the rules that keep one complete snapshot on disk
 * whatever instant a process is killed at:
 *
 * <ul>
 *   <li>{@code state.json}: the snapshot anvil loads on start. It is only ever replaced by a rename
 *       of a file already written and fsynced beside it, so it is always complete (the old one or
 *       the new one).
 *   <li>{@code state.json.tmp}: a snapshot being written; a leftover of a kill is deleted.
 *   <li>{@code state.exit.json}: what anvil writes, in place, when it is stopped (SIGTERM). It is
 *       newer than every snapshot (anvil has stopped), so it is promoted to {@code state.json} when
 *       complete and deleted when a kill tore it.
 * </ul>
 */
final class StateFiles {
  static final String SNAPSHOT = "state.json";
  static final String EXIT_DUMP = "state.exit.json";
  private static final String TMP_SUFFIX = ".tmp";
  private static final JsonFactory JSON = new JsonFactory();

  private final Path dir;

  StateFiles(Path dir) {
    this.dir = dir;
  }

  Path snapshot() {
    return dir.resolve(SNAPSHOT);
  }

  Path exitDump() {
    return dir.resolve(EXIT_DUMP);
  }

  private Path tmp() {
    return dir.resolve(SNAPSHOT + TMP_SUFFIX);
  }

  /**
   * Brings the folder to one complete snapshot (or none): drops a half-written snapshot, promotes a
   * complete exit dump, drops a torn one.
   *
   * @throws DevnetException when {@code state.json} itself is not a complete snapshot (only a
   *     devnet from before atomic snapshots could leave one), saying how to recover
   */
  void recover() {
    try {
      Files.deleteIfExists(tmp());
      if (Files.exists(exitDump())) {
        if (isComplete(exitDump())) {
          fsync(exitDump());
          replace(exitDump(), snapshot());
        } else {
          Files.delete(exitDump());
        }
      }
      if (Files.exists(snapshot()) && !isComplete(snapshot())) {
        throw new DevnetException(
            snapshot()
                + " is not a complete anvil state snapshot (cut short by a kill of an "
                + "older devnet while it was written, or not a state file at all). Nothing was changed. Move it away "
                + "to start a new chain in this folder (deployment.json then deploys again), or put back a copy.");
      }
    } catch (IOException e) {
      throw new DevnetException(
          "cannot prepare the chain state in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a snapshot aside from {@code json} (the whole stream), fsyncs it and renames it over
   * state.json.
   */
  void write(InputStream json) throws IOException {
    Path tmp = tmp();
    try (FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(ch)) {
      json.transferTo(out);
      ch.force(true);
    }
    replace(tmp, snapshot());
  }

  /**
   * True when the file holds one whole JSON object with anvil's {@code accounts}. A file cut short
   * by a kill fails to parse to its end.
   */
  static boolean isComplete(Path file) {
    try (JsonParser p = JSON.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) return false;
      boolean accounts = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        if ("accounts".equals(p.currentName())) accounts = true;
        p.nextToken();
        p.skipChildren();
      }
      return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null && accounts;
    } catch (IOException e) {
      return false;
    }
  }

  private void replace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDir();
  }

  private static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /**
   * Makes the rename itself durable; some file systems refuse to open a folder, then the rename is
   * all we have.
   */
  private void fsyncDir() {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // not supported here
    }
  }
}
