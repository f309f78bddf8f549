package xyz.peaq.os.cli.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import xyz.peaq.os.cli.CliException;

/**
 * RFC 6238 codes from an {@code otpauth://totp/...} URI. Used only on the devnet, where the CLI
 * answers the Gas Station's 2FA prompt itself; the secret never leaves this object.
 */
public final class Totp {
  private final byte[] secret;
  private final String algorithm;
  private final int digits;
  private final Duration period;

  private Totp(byte[] secret, String algorithm, int digits, Duration period) {
    this.secret = secret;
    this.algorithm = algorithm;
    this.digits = digits;
    this.period = period;
  }

  public static Totp fromOtpauthUri(String uri) {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw CliException.network("The Gas Station returned a malformed otpauth URI");
    }
    if (!"otpauth".equals(parsed.getScheme()) || !"totp".equalsIgnoreCase(parsed.getHost())) {
      throw CliException.network("The Gas Station returned an otpauth URI that is not TOTP");
    }
    String secret = null;
    String algorithm = "SHA1";
    int digits = 6;
    int period = 30;
    String query = parsed.getRawQuery() == null ? "" : parsed.getRawQuery();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = pair.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
      String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      switch (k) {
        case "secret" -> secret = v;
        case "algorithm" -> algorithm = v.toUpperCase(java.util.Locale.ROOT);
        case "digits" -> digits = Integer.parseInt(v);
        case "period" -> period = Integer.parseInt(v);
        default -> { }
      }
    }
    if (secret == null || secret.isEmpty()) {
      throw CliException.network("The Gas Station's otpauth URI has no secret");
    }
    return new Totp(Base32.decode(secret), "Hmac" + algorithm, digits, Duration.ofSeconds(period));
  }

  public String codeAt(Instant when) {
    try {
      TimeBasedOneTimePasswordGenerator gen = new TimeBasedOneTimePasswordGenerator(period, digits, algorithm);
      return gen.generateOneTimePasswordString(new SecretKeySpec(secret, algorithm), when);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("TOTP key rejected", e);
    }
  }

  public String now() {
    return codeAt(Instant.now());
  }

  /** Seconds left in the current code's window. */
  public long secondsLeft(Instant when) {
    long p = period.getSeconds();
    return p - (when.getEpochSecond() % p);
  }

  public Duration period() {
    return period;
  }

  @Override
  public String toString() {
    return "Totp[digits=" + digits + ", period=" + period.getSeconds() + "s]";
  }
}
