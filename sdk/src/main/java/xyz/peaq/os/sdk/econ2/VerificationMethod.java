package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;

/** One verification method of a machine's on-chain DID document. */
public record VerificationMethod(
    String id, String methodType, String controller, String publicKeyMultibase) {
  /** The method type of a secp256k1 machine key. */
  public static final String SECP256K1 = "EcdsaSecp256k1VerificationKey2019";

  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  public VerificationMethod {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(methodType, "methodType");
    Objects.requireNonNull(controller, "controller");
    Objects.requireNonNull(publicKeyMultibase, "publicKeyMultibase");
  }

  /**
   * The {@code publicKeyMultibase} of a secp256k1 key: {@code z} + base58btc of the multicodec
   * prefix {@code 0xe7 0x01} and the compressed public key.
   */
  public static String publicKeyMultibase(Credentials key) {
    byte[] compressed =
        Sign.publicPointFromPrivate(key.getEcKeyPair().getPrivateKey()).getEncoded(true);
    byte[] prefixed = new byte[compressed.length + 2];
    prefixed[0] = (byte) 0xe7;
    prefixed[1] = 0x01;
    System.arraycopy(compressed, 0, prefixed, 2, compressed.length);
    return "z" + base58(prefixed);
  }

  static String base58(byte[] bytes) {
    BigInteger n = new BigInteger(1, bytes);
    StringBuilder sb = new StringBuilder();
    BigInteger base = BigInteger.valueOf(58);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(base);
      sb.append(BASE58.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      sb.append('1');
    }
    return sb.reverse().toString();
  }
}
