package xyz.peaq.os.sdk.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static xyz.peaq.os.sdk.otp.TotpTest.SEED_SHA1;
import static xyz.peaq.os.sdk.otp.TotpTest.SEED_SHA256;
import static xyz.peaq.os.sdk.otp.TotpTest.SEED_SHA512;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Moved from the Gas Station's TotpTest (its otpauth part), plus the writer the Gas Station now
 * uses.
 */
class OtpauthUriTest {
  // RFC 6238 appendix B's SHA-1 seed "12345678901234567890" in base32.
  private static final String SEED_SHA1_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  @Test
  void otpauthUriCodesMatchTheRfcVectors() {
    OtpauthUri t =
        OtpauthUri.parse(
            "otpauth://totp/peaqOS%20Gas%20Station:0xabc?secret="
                + SEED_SHA1_BASE32
                + "&issuer=peaqOS%20Gas%20Station&algorithm=SHA1&digits=8&period=30");
    assertThat(t.codeAt(Instant.ofEpochSecond(59))).isEqualTo("94287082");
    assertThat(t.codeAt(Instant.ofEpochSecond(1111111109))).isEqualTo("07081804");
    assertThat(t.codeAt(Instant.ofEpochSecond(2000000000))).isEqualTo("69279037");
    assertThat(t.codeAt(t.stepOf(Instant.ofEpochSecond(59)))).isEqualTo("94287082");
    assertThat(t.digits()).isEqualTo(8);
  }

  @Test
  void otpauthUriWithSha256AndSha512Secrets() {
    String s256 = Base32.encode(SEED_SHA256);
    String s512 = Base32.encode(SEED_SHA512);
    assertThat(
            OtpauthUri.parse("otpauth://totp/x?secret=" + s256 + "&algorithm=sha256&digits=8")
                .codeAt(Instant.ofEpochSecond(1111111111)))
        .isEqualTo("67062674");
    assertThat(
            OtpauthUri.parse("otpauth://totp/x?secret=" + s512 + "&algorithm=SHA512&digits=8")
                .codeAt(Instant.ofEpochSecond(1234567890)))
        .isEqualTo("93441116");
  }

  @Test
  void otpauthUriDefaultsAreSixDigitsSha1ThirtySecondsAndTheSecretStaysHidden() {
    OtpauthUri t = OtpauthUri.parse("otpauth://totp/x?secret=" + SEED_SHA1_BASE32.toLowerCase());
    assertThat(t.codeAt(Instant.ofEpochSecond(59))).isEqualTo("287082");
    assertThat(t.period()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.algorithm()).isEqualTo("SHA1");
    assertThat(t.toString())
        .doesNotContain(SEED_SHA1_BASE32)
        .doesNotContain(SEED_SHA1_BASE32.toLowerCase());
  }

  @Test
  void otpauthUriWithAnotherPeriodStepsAtThatPeriod() {
    OtpauthUri t = OtpauthUri.parse("otpauth://totp/x?secret=" + SEED_SHA1_BASE32 + "&period=60");
    assertThat(t.period()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.stepOf(Instant.ofEpochSecond(119))).isEqualTo(1);
    assertThat(t.codeAt(Instant.ofEpochSecond(60)))
        .isEqualTo(t.codeAt(Instant.ofEpochSecond(119)))
        .isEqualTo(new Totp(Duration.ofSeconds(60), 6, "HmacSHA1").codeAt(SEED_SHA1, 1));
  }

  @Test
  void formatWritesTheGasStationsUriAndParseReadsItBack() {
    String uri = OtpauthUri.format("peaqOS Gas Station", "0xAbC+1", SEED_SHA1);
    assertThat(uri)
        .isEqualTo(
            "otpauth://totp/peaqOS%20Gas%20Station:0xAbC%2B1?secret="
                + SEED_SHA1_BASE32
                + "&issuer=peaqOS%20Gas%20Station&algorithm=SHA1&digits=6&period=30");
    OtpauthUri back = OtpauthUri.parse(uri);
    assertThat(back.codeAt(Instant.ofEpochSecond(59)))
        .isEqualTo(new Totp().codeAt(SEED_SHA1, Instant.ofEpochSecond(59)));
    assertThat(back.digits()).isEqualTo(6);
    assertThat(back.period()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "otpauth://totp/x?issuer=y | no secret",
        "otpauth://totp/x?secret= | no secret",
        "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQ | otpauth://totp/",
        "https://totp/x?secret=GEZDGNBVGY3TQOJQ | otpauth://totp/",
        "otpauth://totp/x?secret=GEZDGNBV*Y3TQOJQ | not base32",
        "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&digits=eight | digits must be a number",
        "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&digits=12 | digits must be 6 to 8",
        "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&period=0 | period must be a positive",
        "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&algorithm=MD5 | algorithm must be SHA1, SHA256 or SHA512",
        "otpauth://totp/a b?secret=GEZDGNBVGY3TQOJQ | malformed otpauth URI"
      })
  void malformedOtpauthUrisAreRefusedWithoutQuotingTheSecret(String uri, String message) {
    assertThatThrownBy(() -> OtpauthUri.parse(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .message()
        .doesNotContain("GEZDGNBV");
  }

  @Test
  void anEmptyOtpauthUriIsRefused() {
    assertThatThrownBy(() -> OtpauthUri.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> OtpauthUri.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
