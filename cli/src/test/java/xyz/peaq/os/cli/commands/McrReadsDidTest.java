package xyz.peaq.os.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;

/** The CLI reads DIDs with the SDK's one DID syntax (Did.addressOf). */
class McrReadsDidTest {
  private static final String ADDR = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  @Test
  void aDidOrABareAddressBecomesADidKeepingTheAddressCase() {
    assertThat(McrReads.normaliseDid(ADDR)).isEqualTo("did:peaq:" + ADDR);
    assertThat(McrReads.normaliseDid(" did:peaq:" + ADDR + " ")).isEqualTo("did:peaq:" + ADDR);
    assertThat(McrReads.normaliseDid("DID:PEAQ:" + ADDR.toLowerCase()))
        .isEqualTo("did:peaq:" + ADDR.toLowerCase());
  }

  @Test
  void anythingElseIsAnInputErrorQuotingTheValue() {
    for (String bad :
        new String[] {
          "did:peaq:nope", "0x1234", "did:web:" + ADDR, "", "did:peaq:0X" + ADDR.substring(2)
        }) {
      assertThatThrownBy(() -> McrReads.normaliseDid(bad))
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith("Invalid DID \"" + bad + "\"")
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.INPUT));
    }
  }
}
