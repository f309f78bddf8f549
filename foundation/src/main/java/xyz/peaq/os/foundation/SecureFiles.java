package xyz.peaq.os.foundation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets or state a crash must not tear (keys, {@code .env}, journals): owner-only
 * (POSIX mode 0600) from the first byte, written aside, flushed to disk, then renamed into place.
 *
 * <p>A reader sees either the old content or the new one, never a prefix, and never a moment where
 * the file is readable by others: the temporary file is created 0600 (not chmod-ed afterwards). The
 * temporary name is unique per call, so two processes writing the same file do not collide. On a
 * file system without POSIX permissions the files are written the same way, without the mode.
 */
public final class SecureFiles {
  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");

  private SecureFiles() {}

  /**
   * Replaces {@code file} atomically with {@code content} (UTF-8), mode 0600; creates missing
   * folders.
   */
  public static void writeAtomically(Path file, String content) throws IOException {
    writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces {@code file} atomically with {@code content}, mode 0600; creates missing folders. */
  public static void writeAtomically(Path file, byte[] content) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp = writeAside(target, content);
    try {
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncFolder(target.getParent());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates {@code file} with {@code content}, mode 0600, only if it does not exist: the content
   * appears whole or not at all, and an existing file is never replaced, even by a concurrent
   * writer (a hard link is created, which fails atomically when the name is taken).
   *
   * @throws FileAlreadyExistsException when {@code file} exists; it is left untouched
   */
  public static void createNew(Path file, byte[] content) throws IOException {
    Path target = file.toAbsolutePath();
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path tmp = writeAside(target, content);
    try {
      try {
        Files.createLink(target, tmp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // No hard links on this file system: a plain move still refuses an existing target.
        Files.move(tmp, target);
      }
      syncFolder(target.getParent());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates an empty 0600 file (and its folders) when it does not exist; tightens the mode when it
   * does.
   */
  public static void ensure(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      createOwnerOnly(file);
    } catch (FileAlreadyExistsException e) {
      restrict(file);
    }
  }

  /** Sets mode 0600; nothing on a file system without POSIX permissions. */
  public static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, OWNER_RW);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing more to do.
    }
  }

  /** A new owner-only file beside {@code target} holding {@code content}, flushed to disk. */
  private static Path writeAside(Path target, byte[] content) throws IOException {
    Path dir = target.getParent();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      // A file where a folder must be. Not the target existing, which callers report as such.
      throw new FileSystemException(e.getFile(), null, "a file is in the way of a folder");
    }
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir,
              "." + target.getFileName() + ".",
              ".tmp",
              PosixFilePermissions.asFileAttribute(OWNER_RW));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    }
    try (FileChannel ch =
        FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      // The rename must not reach the disk before the bytes it points at.
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
  }

  /**
   * Makes a rename durable; some platforms cannot open a folder, and then the rename is as durable
   * as they make it.
   */
  private static void syncFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // Best effort (e.g. Windows cannot open a directory).
    }
  }
}
