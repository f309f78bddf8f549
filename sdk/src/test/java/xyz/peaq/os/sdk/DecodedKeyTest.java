package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * A key decoded once by the caller (an encrypted key file) goes into the SDK as it is, and is still
 * checked. No I/O.
 */
class DecodedKeyTest {
  static PeaqosConfig keyless() {
    return PeaqosConfig.builder().preset(Network.AGUNG).rpcUrl("http://127.0.0.1:9").build();
  }

  @Test
  void aDecodedKeySignsWithoutGoingBackToHex() throws Exception {
    Credentials key = Credentials.create(Keys.createEcKeyPair());
    Credentials machineKey = Credentials.create(Keys.createEcKeyPair());
    try (PeaqosClient c = PeaqosClient.builder().config(keyless()).signer(key).build()) {
      assertThat(c.address()).isEqualTo(Keys.toChecksumAddress(key.getAddress()));
      assertThat(c.config().privateKey()).isNull();
      PeaqosClient machine = c.withSigner(machineKey);
      assertThat(machine.address()).isEqualTo(Keys.toChecksumAddress(machineKey.getAddress()));
      assertThat(machine.toString())
          .doesNotContain(machineKey.getEcKeyPair().getPrivateKey().toString(16));
    }
  }

  @Test
  void aKeyOutsideTheCurvesRangeIsRefusedWithoutBeingShown() {
    BigInteger n =
        new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, n, n.add(BigInteger.TEN)}) {
      Credentials c = Credentials.create(ECKeyPair.create(bad));
      assertThatThrownBy(() -> PeaqosClient.builder().config(keyless()).signer(c))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("PEAQOS_PRIVATE_KEY"))
          .hasMessageContaining("is not a valid secp256k1 private key")
          .hasMessageNotContaining(bad.toString(16));
    }
  }
}
