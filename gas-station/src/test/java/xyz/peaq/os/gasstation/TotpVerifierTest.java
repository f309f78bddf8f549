package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * The server side of the former TotpTest (the generator's RFC vectors, the base32 and otpauth tests
 * moved to the SDK's sdk.otp tests with the code).
 */
class TotpVerifierTest {
  @Test
  void acceptsOneStepOfDriftEitherSideAndNoMore() {
    Totp totp = new Totp();
    TotpVerifier verifier = new TotpVerifier();
    byte[] secret = TotpVerifier.newSecret();
    Instant now = Instant.ofEpochSecond(1_800_000_015L);
    long step = totp.stepOf(now);
    assertThat(verifier.matchStep(secret, totp.codeAt(secret, step), now)).hasValue(step);
    assertThat(verifier.matchStep(secret, totp.codeAt(secret, step - 1), now)).hasValue(step - 1);
    assertThat(verifier.matchStep(secret, totp.codeAt(secret, step + 1), now)).hasValue(step + 1);
    String twoBack = totp.codeAt(secret, step - 2);
    String twoAhead = totp.codeAt(secret, step + 2);
    // A far code can collide with a near one by chance (1 in 10^6); only assert when it does not.
    if (!twoBack.equals(totp.codeAt(secret, step))
        && !twoBack.equals(totp.codeAt(secret, step - 1))
        && !twoBack.equals(totp.codeAt(secret, step + 1))) {
      assertThat(verifier.matchStep(secret, twoBack, now)).isEmpty();
    }
    if (!twoAhead.equals(totp.codeAt(secret, step))
        && !twoAhead.equals(totp.codeAt(secret, step - 1))
        && !twoAhead.equals(totp.codeAt(secret, step + 1))) {
      assertThat(verifier.matchStep(secret, twoAhead, now)).isEmpty();
    }
  }

  @Test
  void secretsAreRandomAnd160Bits() {
    byte[] a = TotpVerifier.newSecret();
    byte[] b = TotpVerifier.newSecret();
    assertThat(a).hasSize(20);
    assertThat(a).isNotEqualTo(b);
  }
}
