package xyz.peaq.os.gasstation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import xyz.peaq.os.sdk.otp.Totp;

/**
 * The server side of 2FA: new secrets, and which time step a submitted code belongs to. Codes are
 * the SDK's {@link Totp} (HMAC-SHA1, 6 digits, 30 s), the same a devnet client computes. A code is
 * accepted for the current step and one step either side (clock drift); {@link #matchStep} says
 * which step it matched so the caller can refuse a second use of the same step.
 */
final class TotpVerifier {
  /** Length of a generated secret: 160 bits, the HMAC-SHA1 block RFC 4226 recommends. */
  static final int SECRET_BYTES = 20;

  static final int DRIFT_STEPS = 1;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Totp totp = new Totp();

  static byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** The step among now-1, now, now+1 whose code equals {@code code}, compared in constant time. */
  OptionalLong matchStep(byte[] secret, String code, Instant now) {
    long current = totp.stepOf(now);
    OptionalLong found = OptionalLong.empty();
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
      byte[] expected = totp.codeAt(secret, s).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given) && found.isEmpty()) {
        found = OptionalLong.of(s);
      }
    }
    return found;
  }
}
