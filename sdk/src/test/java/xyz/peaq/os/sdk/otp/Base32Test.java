package xyz.peaq.os.sdk.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Moved from the Gas Station's TotpTest with the base32 coding (now BouncyCastle's underneath). */
class Base32Test {
  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "f, MY",
    "fo, MZXQ",
    "foo, MZXW6",
    "foob, MZXW6YQ",
    "fooba, MZXW6YTB",
    "foobar, MZXW6YTBOI"
  })
  void base32MatchesRfc4648WithoutPadding(String plain, String encoded) {
    byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
    assertThat(Base32.encode(bytes)).isEqualTo(encoded);
    assertThat(Base32.decode(encoded)).isEqualTo(bytes);
    assertThat(Base32.decode(encoded.toLowerCase())).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MZXW6YTBOI======", "mzxw 6ytb oi"})
  void paddingCaseAndSpacesAreTolerated(String encoded) {
    assertThat(new String(Base32.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo("foobar");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MZXW6*TB", "MZXW601B", "MZXW6YTBOI!"})
  void foreignCharactersAreRefusedWithoutQuotingTheInput(String bad) {
    assertThatThrownBy(() -> Base32.decode(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not base32")
        .message()
        .doesNotContain("MZXW6");
  }
}
