package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
  // RFC 6238 appendix B: the seeds are the ASCII strings, 20/32/64 bytes long.
  private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED_SHA512 =
      "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

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
      "20000000000, 47863826, HmacSHA512"})
  void rfc6238Vectors(long seconds, String expected, String algorithm) {
    byte[] seed = switch (algorithm) {
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
  void acceptsOneStepOfDriftEitherSideAndNoMore() {
    Totp totp = new Totp();
    byte[] secret = Totp.newSecret();
    Instant now = Instant.ofEpochSecond(1_800_000_015L);
    long step = totp.stepOf(now);
    assertThat(totp.matchStep(secret, totp.codeAt(secret, step), now)).hasValue(step);
    assertThat(totp.matchStep(secret, totp.codeAt(secret, step - 1), now)).hasValue(step - 1);
    assertThat(totp.matchStep(secret, totp.codeAt(secret, step + 1), now)).hasValue(step + 1);
    String twoBack = totp.codeAt(secret, step - 2);
    String twoAhead = totp.codeAt(secret, step + 2);
    // A far code can collide with a near one by chance (1 in 10^6); only assert when it does not.
    if (!twoBack.equals(totp.codeAt(secret, step)) && !twoBack.equals(totp.codeAt(secret, step - 1))
        && !twoBack.equals(totp.codeAt(secret, step + 1))) {
      assertThat(totp.matchStep(secret, twoBack, now)).isEmpty();
    }
    if (!twoAhead.equals(totp.codeAt(secret, step)) && !twoAhead.equals(totp.codeAt(secret, step - 1))
        && !twoAhead.equals(totp.codeAt(secret, step + 1))) {
      assertThat(totp.matchStep(secret, twoAhead, now)).isEmpty();
    }
  }

  @Test
  void secretsAreRandomAnd160Bits() {
    byte[] a = Totp.newSecret();
    byte[] b = Totp.newSecret();
    assertThat(a).hasSize(20);
    assertThat(a).isNotEqualTo(b);
  }

  @ParameterizedTest
  @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
  void base32MatchesRfc4648WithoutPadding(String plain, String encoded) {
    byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
    assertThat(Base32.encode(bytes)).isEqualTo(encoded);
    assertThat(Base32.decode(encoded)).isEqualTo(bytes);
  }

  // RFC 6238 appendix B's SHA-1 seed "12345678901234567890" in base32.
  private static final String SEED_SHA1_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  @Test
  void otpauthUriCodesMatchTheRfcVectors() {
    Totp.Otpauth t = Totp.fromOtpauthUri("otpauth://totp/peaqOS%20Gas%20Station:0xabc?secret=" + SEED_SHA1_BASE32
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
    assertThat(Totp.fromOtpauthUri("otpauth://totp/x?secret=" + s256 + "&algorithm=sha256&digits=8")
        .codeAt(Instant.ofEpochSecond(1111111111))).isEqualTo("67062674");
    assertThat(Totp.fromOtpauthUri("otpauth://totp/x?secret=" + s512 + "&algorithm=SHA512&digits=8")
        .codeAt(Instant.ofEpochSecond(1234567890))).isEqualTo("93441116");
  }

  @Test
  void otpauthUriDefaultsAreSixDigitsSha1ThirtySecondsAndTheSecretStaysHidden() {
    Totp.Otpauth t = Totp.fromOtpauthUri("otpauth://totp/x?secret=" + SEED_SHA1_BASE32.toLowerCase());
    assertThat(t.codeAt(Instant.ofEpochSecond(59))).isEqualTo("287082");
    assertThat(t.period()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.algorithm()).isEqualTo("SHA1");
    assertThat(t.toString()).doesNotContain(SEED_SHA1_BASE32).doesNotContain(SEED_SHA1_BASE32.toLowerCase());
  }

  @Test
  void otpauthUriWithAnotherPeriodStepsAtThatPeriod() {
    Totp.Otpauth t = Totp.fromOtpauthUri("otpauth://totp/x?secret=" + SEED_SHA1_BASE32 + "&period=60");
    assertThat(t.period()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.stepOf(Instant.ofEpochSecond(119))).isEqualTo(1);
    assertThat(t.codeAt(Instant.ofEpochSecond(60))).isEqualTo(t.codeAt(Instant.ofEpochSecond(119)))
        .isEqualTo(new Totp(Duration.ofSeconds(60), 6, "HmacSHA1").codeAt(SEED_SHA1, 1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "otpauth://totp/x?issuer=y | no secret",
      "otpauth://totp/x?secret= | no secret",
      "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQ | otpauth://totp/",
      "https://totp/x?secret=GEZDGNBVGY3TQOJQ | otpauth://totp/",
      "otpauth://totp/x?secret=GEZDGNBV*Y3TQOJQ | not base32",
      "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&digits=eight | digits must be a number",
      "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&digits=12 | digits must be 6 to 8",
      "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&period=0 | period must be a positive",
      "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&algorithm=MD5 | algorithm must be SHA1, SHA256 or SHA512",
      "otpauth://totp/a b?secret=GEZDGNBVGY3TQOJQ | malformed otpauth URI"})
  void malformedOtpauthUrisAreRefusedWithoutQuotingTheSecret(String uri, String message) {
    assertThatThrownBy(() -> Totp.fromOtpauthUri(uri)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message).message().doesNotContain("GEZDGNBV");
  }

  @Test
  void anEmptyOtpauthUriIsRefused() {
    assertThatThrownBy(() -> Totp.fromOtpauthUri(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Totp.fromOtpauthUri(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
