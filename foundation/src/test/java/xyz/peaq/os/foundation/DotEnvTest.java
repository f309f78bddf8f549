package xyz.peaq.os.foundation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {
  @Test
  void parsesExportQuotesCommentsAndSkipsWhatIsNotAnAssignment() {
    Map<String, String> m =
        DotEnv.parse(
            """
        # written by peaqos init

        export PEAQOS_RPC_URL=http://127.0.0.1:9999
        PEAQOS_PRIVATE_KEY="0xabc"
        IDENTITY_STAKING_ADDRESS='0xdef'
        EVENT_REGISTRY_ADDRESS=0x123 # the 1.0 registry
        QUOTED="a # not a comment"
          SPACED  =  v w  \r
        EMPTY=
        =novalue
        not an assignment
        HASH=a#b
        """);
    assertThat(m)
        .containsExactly(
            Map.entry("PEAQOS_RPC_URL", "http://127.0.0.1:9999"),
            Map.entry("PEAQOS_PRIVATE_KEY", "0xabc"),
            Map.entry("IDENTITY_STAKING_ADDRESS", "0xdef"),
            Map.entry("EVENT_REGISTRY_ADDRESS", "0x123"),
            Map.entry("QUOTED", "a # not a comment"),
            Map.entry("SPACED", "v w"),
            Map.entry("EMPTY", ""),
            Map.entry("HASH", "a#b"));
  }

  @Test
  void aLaterLineWins() {
    assertThat(DotEnv.parse("A=1\nA=2\n")).containsExactly(Map.entry("A", "2"));
  }

  @Test
  void formatWritesHeaderCommentsAndReadsBackEveryValue() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("PLAIN", "http://127.0.0.1:8545");
    values.put("COMMENTLIKE", "a #b");
    values.put("PADDED", "  x  ");
    values.put("QUOTES", "\"q\"");
    values.put("lower_case", "1");
    values.put("EMPTY", "");
    String text = DotEnv.format("line one\nline two", values);
    assertThat(text).startsWith("# line one\n# line two\nPLAIN=http://127.0.0.1:8545\n");
    assertThat(DotEnv.parse(text)).containsExactlyEntriesOf(values);
  }

  @Test
  void formatRefusesBadNamesAndMultiLineValuesNamingTheVariable() {
    assertThatThrownBy(() -> DotEnv.format(null, Map.of("1ABC", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'1ABC'");
    assertThatThrownBy(() -> DotEnv.format(null, Map.of("A-B", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("letters, digits and _");
    assertThatThrownBy(() -> DotEnv.format(null, Map.of("KEY", "a\nB=evil")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value of KEY must be one line");
    assertThatThrownBy(() -> DotEnv.format(null, Map.of("KEY", "a\rb")))
        .hasMessage("value of KEY must be one line");
  }

  @Test
  void aRefusedWriteChangesNothing(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("devnet.env");
    DotEnv.write(f, Map.of("A", "1"));
    assertThatThrownBy(() -> DotEnv.write(f, Map.of("A", "2", "B", "x\ny")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DotEnv.read(f)).containsExactly(Map.entry("A", "1"));
  }

  @Test
  void writtenOwnerOnlyAndReadBack(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/.env");
    DotEnv.write(f, "header", Map.of("A", "1"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(DotEnv.read(f)).containsExactly(Map.entry("A", "1"));
    assertThat(Files.readString(f)).isEqualTo("# header\nA=1\n");
  }

  @Test
  void aMissingFileIsAnErrorForReadAndNothingForReadIfPresent(@TempDir Path dir) {
    assertThatThrownBy(() -> DotEnv.read(dir.resolve("none.env")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("none.env");
    assertThat(DotEnv.readIfPresent(dir.resolve("none.env"))).isEmpty();
    assertThat(DotEnv.readIfPresent(dir)).isEmpty();
  }
}
