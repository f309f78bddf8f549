package xyz.peaq.os.foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {
  private static String mode(Path f) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
  }

  private static List<Path> leftovers(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void writeCreatesFoldersAndAnOwnerOnlyFileAndLeavesNoTemporary(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("a/b/secret.json");
    SecureFiles.writeAtomically(f, "one");
    assertThat(Files.readString(f)).isEqualTo("one");
    assertThat(mode(f)).isEqualTo("rw-------");
    assertThat(leftovers(f.getParent())).isEmpty();
  }

  @Test
  void replacingAWorldReadableFileLeavesItOwnerOnly(@TempDir Path dir) throws Exception {
    Path f = dir.resolve(".env");
    Files.writeString(f, "OLD=1\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    SecureFiles.writeAtomically(f, "NEW=2\n".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(f)).isEqualTo("NEW=2\n");
    assertThat(mode(f)).isEqualTo("rw-------");
  }

  @Test
  void createNewWritesOnceAndNeverReplaces(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keys/machine-key.json");
    SecureFiles.createNew(f, "first".getBytes(StandardCharsets.UTF_8));
    assertThat(mode(f)).isEqualTo("rw-------");
    assertThatThrownBy(() -> SecureFiles.createNew(f, "second".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(f)).isEqualTo("first");
    assertThat(leftovers(f.getParent())).isEmpty();
  }

  @Test
  void aFileInThePlaceOfAFolderIsNotReportedAsTheTargetExisting(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("blocker"), "kept");
    Path target = dir.resolve("blocker").resolve("key.json");
    for (ThrowingWrite write :
        List.<ThrowingWrite>of(
            () -> SecureFiles.createNew(target, new byte[] {1}),
            () -> SecureFiles.writeAtomically(target, "x"))) {
      assertThatThrownBy(write::run)
          .isInstanceOf(java.nio.file.FileSystemException.class)
          .isNotInstanceOf(FileAlreadyExistsException.class)
          .hasMessageContaining("blocker")
          .hasMessageContaining("a file is in the way of a folder");
    }
    assertThat(dir.resolve("blocker")).hasContent("kept");
  }

  private interface ThrowingWrite {
    void run() throws Exception;
  }

  @Test
  void ofManyConcurrentCreatorsExactlyOneWinsAndItsContentIsWhole(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("key.json");
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String content = ("writer " + i + " ").repeat(1000);
      results.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  SecureFiles.createNew(f, content.getBytes(StandardCharsets.UTF_8));
                  return true;
                } catch (FileAlreadyExistsException e) {
                  return false;
                }
              }));
    }
    start.countDown();
    int winners = 0;
    for (Future<Boolean> r : results) {
      winners += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
    String text = Files.readString(f);
    assertThat(text).matches("(writer \\d )+").hasSize(("writer 0 ").length() * 1000);
    assertThat(leftovers(dir)).isEmpty();
  }

  @Test
  void concurrentWritersAndAReaderNeverSeeATornFile(@TempDir Path dir) throws Exception {
    // Two writers replace the file hundreds of times while a reader reads it: each read is one
    // whole version (the old devnet writer used one fixed temporary name, which two writers
    // shared).
    Path f = dir.resolve("devnet.env");
    String a = "A=" + "a".repeat(20_000) + "\n";
    String b = "B=" + "b".repeat(30_000) + "\n";
    SecureFiles.writeAtomically(f, a);
    AtomicBoolean done = new AtomicBoolean();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    Future<?> w1 =
        pool.submit(
            () -> {
              for (int i = 0; i < 200; i++) {
                SecureFiles.writeAtomically(f, a);
              }
              return null;
            });
    Future<?> w2 =
        pool.submit(
            () -> {
              for (int i = 0; i < 200; i++) {
                SecureFiles.writeAtomically(f, b);
              }
              return null;
            });
    Future<Integer> reader =
        pool.submit(
            () -> {
              int reads = 0;
              while (!done.get()) {
                String text = Files.readString(f);
                seen.add(text.equals(a) ? "a" : text.equals(b) ? "b" : "torn:" + text.length());
                reads++;
              }
              return reads;
            });
    w1.get(60, TimeUnit.SECONDS);
    w2.get(60, TimeUnit.SECONDS);
    done.set(true);
    assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
    pool.shutdown();
    assertThat(seen).allMatch(s -> s.equals("a") || s.equals("b"));
    assertThat(mode(f)).isEqualTo("rw-------");
    assertThat(leftovers(dir)).isEmpty();
  }

  @Test
  void ensureCreatesAnEmptyOwnerOnlyFileOrTightensAnExistingOneKeepingItsContent(@TempDir Path dir)
      throws Exception {
    Path fresh = dir.resolve("j/journal.jsonl");
    SecureFiles.ensure(fresh);
    assertThat(fresh).isEmptyFile();
    assertThat(mode(fresh)).isEqualTo("rw-------");

    Path open = dir.resolve("open.jsonl");
    Files.writeString(open, "kept\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-rw-"));
    SecureFiles.ensure(open);
    assertThat(mode(open)).isEqualTo("rw-------");
    assertThat(Files.readString(open)).isEqualTo("kept\n");
  }

  @Test
  void restrictOnAMissingFileSaysWhich(@TempDir Path dir) {
    assertThatThrownBy(() -> SecureFiles.restrict(dir.resolve("nope")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nope");
  }
}
