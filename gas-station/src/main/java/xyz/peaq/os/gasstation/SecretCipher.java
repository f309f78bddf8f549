package xyz.peaq.os.gasstation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest (TOTP secrets, QR payloads). The row's key (owner address or QR
 * token) is the associated data, so a ciphertext copied to another row does not decrypt. Stored
 * form: base64 of {@code version(1) || iv(12) || ciphertext+tag}.
 */
final class SecretCipher {
  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  SecretCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "the encryption key must be 32 bytes (AES-256), got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  String encrypt(byte[] plain, String context) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plain);
      ByteBuffer out = ByteBuffer.allocate(1 + IV_BYTES + ct.length);
      out.put(VERSION).put(iv).put(ct);
      return Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  byte[] decrypt(String stored, String context) {
    try {
      byte[] all = Base64.getDecoder().decode(stored);
      if (all.length < 1 + IV_BYTES + TAG_BITS / 8 || all[0] != VERSION) {
        throw new IllegalStateException("a stored secret has an unknown format");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 1, IV_BYTES));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return c.doFinal(all, 1 + IV_BYTES, all.length - 1 - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a stored secret does not decrypt: wrong PEAQOS_GAS_STATION_ENCRYPTION_KEY,"
              + " or the row was altered",
          e);
    }
  }
}
