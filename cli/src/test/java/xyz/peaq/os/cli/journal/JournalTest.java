package xyz.peaq.os.cli.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  @Test
  void appendsForcedJsonLinesWithMode0600AndSurvivesATornLastLine() throws Exception {
    try (Journal j = Journal.open(dir)) {
      j.append(
          JournalEntry.builder()
              .network("devnet")
              .chainId(33380)
              .step("register")
              .status("submitted")
              .wallet("0xabc")
              .txHash("0x01")
              .nonce(7L)
              .rawTx("0xf00"));
    }
    Path log = dir.resolve(Journal.FILE_NAME);
    assertThat(Files.getPosixFilePermissions(log))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // A crash in the middle of a write leaves half a line.
    Files.writeString(log, "{\"ts\":\"2026-", StandardOpenOption.APPEND);
    try (Journal j = Journal.open(dir)) {
      assertThat(j.entries()).hasSize(1);
      JournalEntry e = j.entries().get(0);
      assertThat(e.step()).isEqualTo("register");
      assertThat(e.nonce()).isEqualTo(7L);
      assertThat(e.ts()).isNotBlank();
      j.append(e.toBuilder().status("confirmed").blockNumber(5L));
    }
    List<JournalEntry> all = Journal.read(log);
    assertThat(all).extracting(JournalEntry::status).containsExactly("submitted", "confirmed");
    assertThat(Files.readAllLines(log)).hasSize(3);
  }
}
