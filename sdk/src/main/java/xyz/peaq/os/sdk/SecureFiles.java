package xyz.peaq.os.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files holding secrets: mode 0600 from creation on, renamed into place atomically. */
final class SecureFiles {
  private SecureFiles() {}

  static void writeAtomically(Path file, byte[] content) {
    Path target = file.toAbsolutePath();
    try {
      Path dir = target.getParent();
      Files.createDirectories(dir);
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Path tmp = posix
          ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", ownerOnly())
          : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try {
        Files.write(tmp, content);
        if (posix) {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }
}
