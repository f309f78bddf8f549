package xyz.peaq.os.cli.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files that hold secrets or a journal: created with mode 0600 from the first byte. */
public final class Files0600 {
  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

  private Files0600() {}

  /** Replaces {@code target} atomically with {@code content}, mode 0600. */
  public static void writeAtomically(Path target, String content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    createOwnerOnly(tmp);
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    restrict(target);
  }

  /**
   * Writes {@code content} to {@code target}, mode 0600, only if {@code target} does not exist, and
   * whole or not at all: the content goes to a temporary file that is then hard-linked to
   * {@code target} ({@code link(2)} fails when the name exists, atomically).
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists (it is left untouched)
   */
  public static void writeNew(Path target, String content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + ".new-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    createOwnerOnly(tmp);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.createLink(target, tmp);
      } catch (UnsupportedOperationException e) {
        // No hard links on this file system: a plain create-new move (not atomic against a racing writer).
        Files.move(tmp, target);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates an empty file with mode 0600 when it does not exist; tightens the mode when it does. */
  public static void ensure(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      createOwnerOnly(file);
    } catch (FileAlreadyExistsException e) {
      restrict(file);
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
  }

  public static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, OWNER_RW);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing more to do.
    }
  }
}
