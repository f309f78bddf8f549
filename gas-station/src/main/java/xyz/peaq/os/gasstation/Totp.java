package xyz.peaq.os.gasstation;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
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

  /**
   * The codes of an {@code otpauth://totp/...} URI (Key Uri Format: {@code secret} in base32,
   * optional {@code algorithm} SHA1/SHA256/SHA512, {@code digits} 6 to 8, {@code period} in
   * seconds), for a client that answers 2FA itself, such as a devnet tool.
   *
   * @throws IllegalArgumentException for a malformed URI; the message never quotes the secret
   */
  public static Otpauth fromOtpauthUri(String uri) {
    return Otpauth.parse(uri);
  }

  /** A TOTP secret with its parameters; the secret stays inside (not in messages, not in toString). */
  public static final class Otpauth {
    private final byte[] secret;
    private final Totp totp;
    private final String algorithm;
    private final int digits;
    private final Duration period;

    private Otpauth(byte[] secret, String algorithm, int digits, Duration period) {
      this.secret = secret;
      this.algorithm = algorithm;
      this.digits = digits;
      this.period = period;
      this.totp = new Totp(period, digits, "Hmac" + algorithm);
    }

    static Otpauth parse(String uri) {
      if (uri == null || uri.isBlank()) {
        throw new IllegalArgumentException("the otpauth URI is empty");
      }
      URI parsed;
      try {
        parsed = new URI(uri.strip());
      } catch (java.net.URISyntaxException e) {
        // The reason alone: the input holds the secret.
        throw new IllegalArgumentException("malformed otpauth URI (not a valid URI)");
      }
      if (!"otpauth".equalsIgnoreCase(parsed.getScheme()) || !"totp".equalsIgnoreCase(parsed.getHost())) {
        throw new IllegalArgumentException("not a TOTP otpauth URI: it must start with otpauth://totp/");
      }
      String secret = null;
      String algorithm = "SHA1";
      int digits = DIGITS;
      long period = STEP.getSeconds();
      String query = parsed.getRawQuery() == null ? "" : parsed.getRawQuery();
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String k = pair.substring(0, eq).toLowerCase(Locale.ROOT);
        String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        switch (k) {
          case "secret" -> secret = v;
          case "algorithm" -> {
            algorithm = v.toUpperCase(Locale.ROOT);
            if (!java.util.List.of("SHA1", "SHA256", "SHA512").contains(algorithm)) {
              throw new IllegalArgumentException("otpauth algorithm must be SHA1, SHA256 or SHA512; got " + v);
            }
          }
          case "digits" -> {
            digits = number("digits", v);
            if (digits < 6 || digits > 8) {
              throw new IllegalArgumentException("otpauth digits must be 6 to 8; got " + v);
            }
          }
          case "period" -> {
            period = number("period", v);
            if (period <= 0) {
              throw new IllegalArgumentException("otpauth period must be a positive number of seconds; got " + v);
            }
          }
          default -> { }
        }
      }
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("the otpauth URI has no secret");
      }
      byte[] key;
      try {
        key = Base32.decode(secret);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the otpauth secret is not base32");
      }
      if (key.length == 0) {
        throw new IllegalArgumentException("the otpauth URI has no secret");
      }
      return new Otpauth(key, algorithm, digits, Duration.ofSeconds(period));
    }

    private static int number(String field, String v) {
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("otpauth " + field + " must be a number; got " + v);
      }
    }

    /** The code valid at {@code at}. */
    public String codeAt(Instant at) {
      return totp.codeAt(secret, at);
    }

    /** The code of time step {@code step}. */
    public String codeAt(long step) {
      return totp.codeAt(secret, step);
    }

    /** The time step number of {@code at}. */
    public long stepOf(Instant at) {
      return totp.stepOf(at);
    }

    public Duration period() {
      return period;
    }

    public int digits() {
      return digits;
    }

    public String algorithm() {
      return algorithm;
    }

    @Override
    public String toString() {
      return "Totp.Otpauth[" + algorithm + ", digits=" + digits + ", period=" + period.getSeconds() + "s]";
    }
  }
}
