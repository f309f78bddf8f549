package xyz.peaq.os.sdk.econ2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

class VerificationMethodTest {
  @Test
  void theMultibaseOfAKeyIsTheSecp256k1MultikeyOfItsCompressedPoint() {
    // private key 1: the public key is the curve's generator, 0279be66...f81798 compressed;
    // the expected text was computed apart from this code (multicodec 0xe701, base58btc)
    Credentials one = Credentials.create("0x" + "0".repeat(63) + "1");
    assertThat(VerificationMethod.publicKeyMultibase(one))
        .isEqualTo("zQ3shVc2UkAfJCdc1TR8E66J85h48P43r93q8jGPkPpjF9Ef9");
  }

  @Test
  void leadingZeroBytesBecomeOnes() {
    assertThat(VerificationMethod.base58(new byte[] {0, 0, 1})).isEqualTo("112");
  }
}
