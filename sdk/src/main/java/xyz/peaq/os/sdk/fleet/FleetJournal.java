package xyz.peaq.os.sdk.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The one write-ahead journal of a fleet run: a file of JSON lines, appended and flushed to disk
 * ({@code force}) before the transactions it records are broadcast, so that a run killed at any
 * instant resumes from it. A line torn by a kill during a write is cut off when the journal is
 * opened again. One process at a time: the journal is locked while open (a second run on the same
 * folder fails with a clear message instead of sending duplicates).
 *
 * <p>Lines: {@code run} (generation, operator, chain), {@code tx} (a signed transaction about to be
 * broadcast: step, machines, hash, raw bytes), {@code done} (a step confirmed, with its ids),
 * {@code fail} (a machine given up, with its reason).
 */
public final class FleetJournal implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final List<JsonNode> replay;

  private FleetJournal(Path file, FileChannel channel, FileLock lock, List<JsonNode> replay) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.replay = replay;
  }

  /**
   * Opens (creating) the journal at {@code file}, locks it and reads what it holds.
   *
   * @throws ValidationException (field {@code journal}) when another process holds it
   */
  public static FleetJournal open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        throw new ValidationException(
            "journal",
            "another fleet run is using the journal "
                + file
                + "; wait for it to finish (or stop it) before resuming");
      }
      List<JsonNode> lines = new ArrayList<>();
      long keep = readLines(ch, lines);
      ch.truncate(keep);
      ch.position(keep);
      return new FleetJournal(file, ch, lock, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the fleet journal " + file, e);
    }
  }

  /**
   * Reads a journal without locking or changing it (for {@code status} while a run goes on); a torn
   * last line is skipped.
   */
  public static List<JsonNode> read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      List<JsonNode> lines = new ArrayList<>();
      readLines(ch, lines);
      return lines;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ValidationException(
          "journal", "no fleet journal at " + file + "; start a run with fleet activate");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fleet journal " + file, e);
    }
  }

  /** Parses whole lines; returns the length of the file up to the last whole, valid line. */
  private static long readLines(FileChannel ch, List<JsonNode> out) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    ch.position(0);
    while (ch.read(buf) > 0) {
      // through Buffer: ByteBuffer's covariant flip()/clear() are Java 9+, missing on Android 8
      ((Buffer) buf).flip();
      all.write(buf.array(), 0, buf.limit());
      ((Buffer) buf).clear();
    }
    byte[] bytes = all.toByteArray();
    long keep = 0;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).trim();
      start = i + 1;
      if (line.isEmpty()) {
        keep = start;
        continue;
      }
      try {
        out.add(JSON.readTree(line));
        keep = start;
      } catch (IOException torn) {
        break; // a kill during a write: nothing after it was flushed as a whole
      }
    }
    return keep;
  }

  /** The lines found when the journal was opened, oldest first. */
  public List<JsonNode> replay() {
    return Collections.unmodifiableList(replay);
  }

  public Path file() {
    return file;
  }

  /** A new line to fill and {@link #append}. */
  static ObjectNode line(String kind) {
    ObjectNode n = JSON.createObjectNode();
    n.put("k", kind);
    return n;
  }

  /** Appends the lines and forces them to disk before returning. */
  public synchronized void append(List<ObjectNode> lines) {
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (ObjectNode l : lines) {
      sb.append(l.toString()).append('\n');
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        channel.write(b);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fleet journal " + file, e);
    }
  }

  void append(ObjectNode line) {
    append(Collections.singletonList(line));
  }

  @Override
  public synchronized void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the fleet journal " + file, e);
    }
  }
}
