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

  private static final String ID77 =
      "12345678901234567890123456789012345678901234567890123456789012345678901234567";

  @Test
  void aDecimalMachineDidIsKeptCanonical() {
    assertThat(ID77).hasSize(77);
    assertThat(McrReads.normaliseDid("did:peaq:" + ID77)).isEqualTo("did:peaq:" + ID77);
    assertThat(McrReads.normaliseDid(" " + ID77 + " ")).isEqualTo("did:peaq:" + ID77);
  }

  @Test
  void aBadDecimalMachineDidSaysWhatIsWrong() {
    String[][] cases = {
      {"did:peaq:0123", "leading zero"},
      {"did:peaq:-5", "never negative"},
      {"did:peaq:" + "9".repeat(79), "79 digits"},
      {"did:peaq:" + java.math.BigInteger.ONE.shiftLeft(256), "2^256 or more"}
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> McrReads.normaliseDid(c[0]))
          .isInstanceOf(CliException.class)
          .hasMessageStartingWith("Invalid DID \"" + c[0] + "\"")
          .hasMessageContaining(c[1])
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.INPUT));
    }
  }

  @Test
  void aSeventySevenDigitIdLeavesJsonAsTheSameDecimalString() throws Exception {
    var r =
        new xyz.peaq.os.sdk.mcr.McrResponse(
            "did:peaq:" + ID77,
            new java.math.BigInteger(ID77),
            0,
            "Provisioned",
            false,
            "bonded",
            false,
            0,
            0,
            0,
            null,
            java.math.BigDecimal.ZERO,
            null,
            null,
            1,
            null);
    var n = McrReads.JSON.readTree(McrReads.JSON.writeValueAsString(r));
    assertThat(n.get("machine_id").isTextual()).isTrue();
    assertThat(n.get("machine_id").asText()).isEqualTo(ID77);
  }
}
