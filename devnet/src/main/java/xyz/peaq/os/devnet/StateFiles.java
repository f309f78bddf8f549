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
  static final String SNAPSHOT_ID_FIELD = "peaqosSnapshot";
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
      Files.deleteIfExists(dir.resolve(ChainJournal.FILE + TMP_SUFFIX));
      if (Files.exists(exitDump())) {
        if (isComplete(exitDump())) {
          fsync(exitDump());
          replace(exitDump(), snapshot());
          // anvil wrote it once every journaled change was applied: the journal is in it
          Files.deleteIfExists(
              ChainJournal.file(dir)); // a journal surviving a power loss is dropped: no id matches
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
    write(json, null);
  }

  /**
   * As {@link #write(InputStream)}, and marks the snapshot with {@code snapshotId} (a top-level
   * field anvil ignores when it loads the file), which its {@link ChainJournal} names.
   */
  void write(InputStream json, String snapshotId) throws IOException {
    Path tmp = tmp();
    try (FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(ch)) {
      if (snapshotId != null) {
        int first = json.read();
        if (first != '{') throw new IOException("anvil's state dump is not a JSON object");
        out.write(
            ("{\"" + SNAPSHOT_ID_FIELD + "\":\"" + snapshotId + "\",")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      json.transferTo(out);
      ch.force(true);
    } catch (IOException e) {
      // e.g. a snapshot abandoned on close: no half-written file is left beside the snapshot
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the next start's recovery removes it
      }
      throw e;
    }
    replace(tmp, snapshot());
  }

  /**
   * True when the file holds one whole JSON object with anvil's {@code accounts}. A file cut short
   * by a kill fails to parse to its end.
   */
  static boolean isComplete(Path file) {
    return completeSnapshotId(file) != null;
  }

  /**
   * The snapshot id a complete file carries ("" when it has none, e.g. anvil's exit dump); null
   * when the file is not complete.
   */
  static String completeSnapshotId(Path file) {
    try (JsonParser p = JSON.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      boolean accounts = false;
      String id = "";
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if ("accounts".equals(field)) accounts = true;
        p.nextToken();
        if (SNAPSHOT_ID_FIELD.equals(field) && p.currentToken() == JsonToken.VALUE_STRING)
          id = p.getText();
        p.skipChildren();
      }
      return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null && accounts
          ? id
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The id of state.json when the journal beside it continues it (same id); empty when there is
   * nothing to replay. A journal that belongs to another snapshot (state.json was replaced after
   * it) is deleted.
   */
  java.util.Optional<String> journalToReplay() throws IOException {
    Path journal = ChainJournal.file(dir);
    if (!Files.exists(journal)) return java.util.Optional.empty();
    String id = Files.exists(snapshot()) ? completeSnapshotId(snapshot()) : null;
    java.util.Optional<String> named = JournalReplay.snapshotOf(journal);
    if (id != null && !id.isEmpty() && named.isPresent() && named.get().equals(id))
      return java.util.Optional.of(id);
    Files.delete(journal);
    fsyncDir(dir);
    return java.util.Optional.empty();
  }

  private void replace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDir(dir);
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
  static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // not supported here
    }
  }
}
