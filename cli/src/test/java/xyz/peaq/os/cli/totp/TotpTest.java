package xyz.peaq.os.cli.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.peaq.os.cli.CliException;

class TotpTest {
  // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" in base32.
  static final String URI = "otpauth://totp/peaqOS%20Gas%20Station:0xabc?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
      + "&issuer=peaqOS%20Gas%20Station&algorithm=SHA1&digits=8&period=30";

  @Test
  void matchesTheRfc6238Vectors() {
    Totp t = Totp.fromOtpauthUri(URI);
    assertThat(t.codeAt(Instant.ofEpochSecond(59))).isEqualTo("94287082");
    assertThat(t.codeAt(Instant.ofEpochSecond(1111111109))).isEqualTo("07081804");
    assertThat(t.codeAt(Instant.ofEpochSecond(2000000000))).isEqualTo("69279037");
  }

  @Test
  void sixDigitsByDefaultAndNoSecretInToString() {
    Totp t = Totp.fromOtpauthUri("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(t.codeAt(Instant.ofEpochSecond(59))).isEqualTo("287082");
    assertThat(t.toString()).doesNotContain("GEZDGNBV");
  }

  @Test
  void rejectsUrisWithoutASecretOrOfAnotherKind() {
    assertThatThrownBy(() -> Totp.fromOtpauthUri("otpauth://totp/x?issuer=y")).isInstanceOf(CliException.class)
        .hasMessageContaining("no secret");
    assertThatThrownBy(() -> Totp.fromOtpauthUri("otpauth://hotp/x?secret=GEZDGNBV")).isInstanceOf(CliException.class);
    assertThatThrownBy(() -> Totp.fromOtpauthUri("otpauth://totp/x?secret=not*base32")).isInstanceOf(CliException.class);
  }
}
