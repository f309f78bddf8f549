package xyz.peaq.os.sdk.otp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords (java-otp underneath). The default is what authenticator
 * apps and the Gas Station use: HMAC-SHA1, 6 digits, 30-second steps. The Gas Station checks codes
 * with it; a devnet client computes them with it (through {@link OtpauthUri}).
 */
public final class Totp {
  /** The step of authenticator apps and the Gas Station. */
  public static final Duration STEP = Duration.ofSeconds(30);

  /** The code length of authenticator apps and the Gas Station. */
  public static final int DIGITS = 6;

  private final TimeBasedOneTimePasswordGenerator generator;

  /** HMAC-SHA1, 6 digits, 30-second steps. */
  public Totp() {
    this(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);
  }

  /**
   * Any RFC 6238 variant.
   *
   * @param hmacAlgorithm {@code HmacSHA1}, {@code HmacSHA256} or {@code HmacSHA512}
   */
  public Totp(Duration step, int digits, String hmacAlgorithm) {
    this.generator = new TimeBasedOneTimePasswordGenerator(step, digits, hmacAlgorithm);
  }

  /** The length of a time step. */
  public Duration step() {
    return generator.getTimeStep();
  }

  /** The time step number of {@code at} (seconds since the epoch divided by the step). */
  public long stepOf(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), generator.getTimeStep().getSeconds());
  }

  /** The code for time step {@code step}, zero-padded to the configured digits. */
  public String codeAt(byte[] secret, long step) {
    return codeAt(secret, Instant.ofEpochSecond(step * generator.getTimeStep().getSeconds()));
  }

  /** The code valid at {@code at}, zero-padded to the configured digits. */
  public String codeAt(byte[] secret, Instant at) {
    try {
      int value = generator.generateOneTimePassword(new SecretKeySpec(secret, "RAW"), at);
      return String.format("%0" + generator.getPasswordLength() + "d", value);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the TOTP secret cannot key " + generator.getAlgorithm(), e);
    }
  }
}
