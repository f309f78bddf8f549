package xyz.peaq.os.sdk.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Moved from the Gas Station's TotpTest with the generator: the RFC 6238 vectors and the six-digit
 * form.
 */
class TotpTest {
  // RFC 6238 appendix B: the seeds are the ASCII strings, 20/32/64 bytes long.
  static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SEED_SHA256 =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SEED_SHA512 =
      "1234567890123456789012345678901234567890123456789012345678901234"
          .getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest(name = "T={0} {2}")
  @CsvSource({
    "59, 94287082, HmacSHA1",
    "59, 46119246, HmacSHA256",
    "59, 90693936, HmacSHA512",
    "1111111109, 07081804, HmacSHA1",
    "1111111109, 68084774, HmacSHA256",
    "1111111109, 25091201, HmacSHA512",
    "1111111111, 14050471, HmacSHA1",
    "1111111111, 67062674, HmacSHA256",
    "1111111111, 99943326, HmacSHA512",
    "1234567890, 89005924, HmacSHA1",
    "1234567890, 91819424, HmacSHA256",
    "1234567890, 93441116, HmacSHA512",
    "2000000000, 69279037, HmacSHA1",
    "2000000000, 90698825, HmacSHA256",
    "2000000000, 38618901, HmacSHA512",
    "20000000000, 65353130, HmacSHA1",
    "20000000000, 77737706, HmacSHA256",
    "20000000000, 47863826, HmacSHA512"
  })
  void rfc6238Vectors(long seconds, String expected, String algorithm) {
    byte[] seed =
        switch (algorithm) {
          case "HmacSHA1" -> SEED_SHA1;
          case "HmacSHA256" -> SEED_SHA256;
          default -> SEED_SHA512;
        };
    Totp totp = new Totp(Duration.ofSeconds(30), 8, algorithm);
    assertThat(totp.codeAt(seed, Instant.ofEpochSecond(seconds))).isEqualTo(expected);
  }

  @Test
  void sixDigitCodesAreTheLastSixOfTheRfcValues() {
    // With 6 digits the code is the same truncation mod 10^6.
    assertThat(new Totp().codeAt(SEED_SHA1, Instant.ofEpochSecond(59))).isEqualTo("287082");
    assertThat(new Totp().codeAt(SEED_SHA1, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
  }

  @Test
  void stepsAreWholePeriodsSinceTheEpoch() {
    Totp totp = new Totp();
    assertThat(totp.step()).isEqualTo(Duration.ofSeconds(30));
    assertThat(totp.stepOf(Instant.ofEpochSecond(59))).isEqualTo(1);
    assertThat(totp.stepOf(Instant.ofEpochSecond(60))).isEqualTo(2);
    assertThat(totp.codeAt(SEED_SHA1, 1))
        .isEqualTo(totp.codeAt(SEED_SHA1, Instant.ofEpochSecond(59)));
  }
}
