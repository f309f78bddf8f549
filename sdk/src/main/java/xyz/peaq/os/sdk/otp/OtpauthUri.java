package xyz.peaq.os.sdk.otp;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * A TOTP secret in the Key Uri Format of authenticator apps, as the Gas Station's 2FA setup returns
 * it: {@code
 * otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=…&algorithm=SHA1&digits=6&period=30}.
 * {@link #format} writes one (the Gas Station); {@link #parse} reads one and computes its codes,
 * for a client that answers 2FA itself on a devnet. The secret stays inside: it is in no message
 * and no {@code toString()}.
 */
public final class OtpauthUri {
  private final byte[] secret;
  private final Totp totp;
  private final String algorithm;
  private final int digits;
  private final Duration period;

  private OtpauthUri(byte[] secret, String algorithm, int digits, Duration period) {
    this.secret = secret;
    this.algorithm = algorithm;
    this.digits = digits;
    this.period = period;
    this.totp = new Totp(period, digits, "Hmac" + algorithm);
  }

  /**
   * The URI of an HMAC-SHA1, 6-digit, 30-second secret, issuer and account percent-encoded (spaces
   * as {@code %20}).
   */
  public static String format(String issuer, String account, byte[] secret) {
    String i = encode(issuer);
    return "otpauth://totp/"
        + i
        + ":"
        + encode(account)
        + "?secret="
        + Base32.encode(secret)
        + "&issuer="
        + i
        + "&algorithm=SHA1&digits="
        + Totp.DIGITS
        + "&period="
        + Totp.STEP.getSeconds();
  }

  /**
   * Reads an {@code otpauth://totp/...} URI: {@code secret} in base32 (required), optional {@code
   * algorithm} SHA1/SHA256/SHA512, {@code digits} 6 to 8 and {@code period} in seconds.
   *
   * @throws IllegalArgumentException for a malformed URI; the message never quotes the secret
   */
  public static OtpauthUri parse(String uri) {
    if (uri == null || uri.trim().isEmpty()) {
      throw new IllegalArgumentException("the otpauth URI is empty");
    }
    URI parsed;
    try {
      parsed = new URI(uri.trim());
    } catch (java.net.URISyntaxException e) {
      // The reason alone: the input holds the secret.
      throw new IllegalArgumentException("malformed otpauth URI (not a valid URI)");
    }
    if (!"otpauth".equalsIgnoreCase(parsed.getScheme())
        || !"totp".equalsIgnoreCase(parsed.getHost())) {
      throw new IllegalArgumentException(
          "not a TOTP otpauth URI: it must start with otpauth://totp/");
    }
    String secret = null;
    String algorithm = "SHA1";
    int digits = Totp.DIGITS;
    long period = Totp.STEP.getSeconds();
    String query = parsed.getRawQuery() == null ? "" : parsed.getRawQuery();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = pair.substring(0, eq).toLowerCase(Locale.ROOT);
      String v = urlDecode(pair.substring(eq + 1));
      switch (k) {
        case "secret" -> secret = v;
        case "algorithm" -> {
          algorithm = v.toUpperCase(Locale.ROOT);
          if (!Immutables.list("SHA1", "SHA256", "SHA512").contains(algorithm)) {
            throw new IllegalArgumentException(
                "otpauth algorithm must be SHA1, SHA256 or SHA512; got " + v);
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
            throw new IllegalArgumentException(
                "otpauth period must be a positive number of seconds; got " + v);
          }
        }
        default -> {}
      }
    }
    if (secret == null || secret.trim().isEmpty()) {
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
    return new OtpauthUri(key, algorithm, digits, Duration.ofSeconds(period));
  }

  private static int number(String field, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("otpauth " + field + " must be a number; got " + v);
    }
  }

  private static String encode(String s) {
    try {
      return URLEncoder.encode(s, "UTF-8").replace("+", "%20");
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e); // UTF-8 is always there
    }
  }

  // URLDecoder.decode(String, Charset) is Java 10 (Android API 33).
  private static String urlDecode(String s) {
    try {
      return URLDecoder.decode(s, "UTF-8");
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
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

  /** {@code SHA1}, {@code SHA256} or {@code SHA512}. */
  public String algorithm() {
    return algorithm;
  }

  @Override
  public String toString() {
    return "OtpauthUri["
        + algorithm
        + ", digits="
        + digits
        + ", period="
        + period.getSeconds()
        + "s]";
  }
}
