package xyz.peaq.os.cli.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.foundation.SecureFiles;

/**
 * The append-only activation journal, {@code ./peaqos.log} (JSON lines, mode 0600). Each append is
 * flushed to disk before it returns, so a transaction is on record before it can reach the network.
 * Lines that do not parse (a torn last line after a crash) are skipped on read.
 */
public final class Journal implements AutoCloseable {
  public static final String FILE_NAME = "peaqos.log";
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path file;
  private final String run = UUID.randomUUID().toString();
  private final FileChannel channel;
  private final List<JournalEntry> entries;

  private Journal(Path file, FileChannel channel, List<JournalEntry> entries) {
    this.file = file;
    this.channel = channel;
    this.entries = entries;
  }

  public static Journal open(Path workDir) {
    Path file = workDir.resolve(FILE_NAME);
    try {
      SecureFiles.ensure(file);
      List<JournalEntry> existing = read(file);
      FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      // A crash mid-line leaves no newline: start ours on a fresh line.
      if (Files.size(file) > 0 && lastByte(file) != '\n') {
        ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
      return new Journal(file, ch, existing);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the activation journal " + file, e);
    }
  }

  private static int lastByte(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, ch.size() - 1);
      return b.get(0);
    }
  }

  public static List<JournalEntry> read(Path file) throws IOException {
    List<JournalEntry> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(JSON.readValue(line, JournalEntry.class));
      } catch (IOException e) {
        Out.debug("skipping an unreadable journal line in " + file);
      }
    }
    return out;
  }

  public Path file() {
    return file;
  }

  /** Entries present when the journal was opened plus those appended since. */
  public synchronized List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  /** Appends one line and forces it to disk before returning. */
  public synchronized JournalEntry append(JournalEntry.Builder b) {
    JournalEntry e = b.build(Instant.now().toString(), run);
    try {
      byte[] line = (JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot append to the activation journal " + file, ex);
    }
    entries.add(e);
    return e;
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Every append was already forced to disk.
    }
  }
}
