package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private static byte[] key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  @Test
  void roundTripsAndHidesThePlaintext() {
    SecretCipher c = new SecretCipher(key());
    byte[] secret = "JBSWY3DPEHPK3PXP-secret".getBytes(StandardCharsets.US_ASCII);
    String stored = c.encrypt(secret, "owner:0xabc");
    assertThat(stored).doesNotContain("JBSWY3DPEHPK3PXP");
    assertThat(c.encrypt(secret, "owner:0xabc")).isNotEqualTo(stored); // fresh IV each time
    assertThat(c.decrypt(stored, "owner:0xabc")).isEqualTo(secret);
  }

  @Test
  void aCiphertextMovedToAnotherRowOrReadWithAnotherKeyDoesNotDecrypt() {
    SecretCipher c = new SecretCipher(key());
    String stored = c.encrypt(new byte[] {1, 2, 3}, "owner:0xabc");
    assertThatThrownBy(() -> c.decrypt(stored, "owner:0xdef"))
        .hasMessageContaining("does not decrypt");
    assertThatThrownBy(() -> new SecretCipher(key()).decrypt(stored, "owner:0xabc"))
        .hasMessageContaining("PEAQOS_GAS_STATION_ENCRYPTION_KEY");
  }

  @Test
  void refusesKeysThatAreNot256Bits() {
    assertThatThrownBy(() -> new SecretCipher(new byte[16])).hasMessageContaining("32 bytes");
  }
}
