package xyz.peaq.os.sdk.otp;

import java.util.Locale;

/**
 * RFC 4648 base32 as authenticator apps write TOTP secrets: upper or lower case, padding optional.
 * The coding itself is BouncyCastle's (on the classpath through web3j); this only adapts the
 * unpadded, case-insensitive form of {@code otpauth} URIs.
 */
final class Base32 {
  private Base32() {}

  /** Base32 without padding. */
  static String encode(byte[] data) {
    return org.bouncycastle.util.encoders.Base32.toBase32String(data).replace("=", "");
  }

  /**
   * Decodes padded or unpadded base32, any case, spaces ignored.
   *
   * @throws IllegalArgumentException for anything else; the message does not quote the input (a
   *     secret)
   */
  static byte[] decode(String text) {
    String s = text.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
    if (s.isEmpty()) {
      return new byte[0];
    }
    StringBuilder padded = new StringBuilder(s);
    while (padded.length() % 8 != 0) {
      padded.append('=');
    }
    try {
      return org.bouncycastle.util.encoders.Base32.decode(padded.toString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not base32 (letters A-Z and digits 2-7)");
    }
  }
}
