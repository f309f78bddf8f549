package xyz.peaq.os.sdk;

import xyz.peaq.os.sdk.internal.chain.Addresses;

/**
 * A secp256k1 keypair: checksummed address and {@code 0x}-prefixed private key. {@code toString()}
 * shows the address only.
 */
public record Keypair(String address, String privateKey) {
  public Keypair {
    address = Addresses.require("address", address);
    privateKey = PeaqosConfig.checkKey("privateKey", privateKey);
  }

  /** The keypair of a private key. */
  public static Keypair fromPrivateKey(String privateKey) {
    String k = PeaqosConfig.checkKey("privateKey", privateKey);
    return new Keypair(xyz.peaq.os.sdk.internal.chain.ChainClient.credentials(k).getAddress(), k);
  }

  /** The machine's DID, {@code did:peaq:<address>}. */
  public Did did() {
    return Did.of(address);
  }

  @Override
  public String toString() {
    return "Keypair[address=" + address + ", privateKey=<hidden>]";
  }
}
