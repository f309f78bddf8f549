package xyz.peaq.os.gasstation;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP of RFC 6238 as authenticator apps use it: HMAC-SHA1, 6 digits, 30-second steps. A code is
 * accepted for the current step and one step either side (clock drift); {@link #matchStep} says
 * which step it matched so the caller can refuse a second use of the same step.
 */
public final class Totp {
  /** Length of a generated secret: 160 bits, the HMAC-SHA1 block RFC 4226 recommends. */
  static final int SECRET_BYTES = 20;
  public static final Duration STEP = Duration.ofSeconds(30);
  public static final int DIGITS = 6;
  static final int DRIFT_STEPS = 1;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TimeBasedOneTimePasswordGenerator generator;

  public Totp() {
    this(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
  }

  /** Any RFC 6238 variant; used by the RFC's test vectors (8 digits, SHA-256, SHA-512). */
  public Totp(Duration step, int digits, String hmacAlgorithm) {
    this.generator = new TimeBasedOneTimePasswordGenerator(step, digits, hmacAlgorithm);
  }

  static byte[] newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return secret;
  }

  /** The time step number of {@code at} (seconds since the epoch divided by the step). */
  public long stepOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), generator.getTimeStep().getSeconds());
  }

  /** The code for time step {@code step}, zero-padded to the configured digits. */
  public String codeAt(byte[] secret, long step) {
    return codeAt(secret, Instant.ofEpochSecond(step * generator.getTimeStep().getSeconds()));
  }

  /** The code valid at {@code at}. */
  public String codeAt(byte[] secret, Instant at) {
    try {
      int value = generator.generateOneTimePassword(new SecretKeySpec(secret, "RAW"), at);
      return String.format("%0" + generator.getPasswordLength() + "d", value);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the TOTP secret cannot key " + generator.getAlgorithm(), e);
    }
  }

  /** The step among now-1, now, now+1 whose code equals {@code code}, compared in constant time. */
  public OptionalLong matchStep(byte[] secret, String code, Instant now) {
    long current = stepOf(now);
    OptionalLong found = OptionalLong.empty();
    byte[] given = code.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (long s = current - DRIFT_STEPS; s <= current + DRIFT_STEPS; s++) {
      byte[] expected = codeAt(secret, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given) && found.isEmpty()) {
        found = OptionalLong.of(s);
      }
    }
    return found;
  }
}
