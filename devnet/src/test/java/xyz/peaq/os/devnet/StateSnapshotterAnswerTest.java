package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The snapshotter reads anvil's dump however large: a state whose gzip passes 10 MB is a hex string
 * of more than 20 million characters, Jackson's default limit, past which every snapshot failed
 * (found with a fleet benchmark at ~10,000 machines).
 */
class StateSnapshotterAnswerTest {
  @Test
  void aDumpOfMoreThanTwentyMillionCharactersIsRead() throws IOException {
    char[] hex = new char[25_000_000];
    Arrays.fill(hex, 'a');
    String result = "0x" + new String(hex);
    byte[] answer =
        ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + result + "\"}")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(StateSnapshotter.result(new ByteArrayInputStream(answer), "anvil_dumpState"))
        .hasSize(result.length())
        .startsWith("0xaaaa");
  }

  @Test
  void anErrorOrAMissingResultIsSaid() {
    byte[] error =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"boom\"}}"
            .getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () -> StateSnapshotter.result(new ByteArrayInputStream(error), "anvil_dumpState"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("anvil_dumpState failed")
        .hasMessageContaining("boom");
    byte[] none = "{\"jsonrpc\":\"2.0\",\"id\":1}".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () -> StateSnapshotter.result(new ByteArrayInputStream(none), "anvil_dumpState"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no result");
  }
}
