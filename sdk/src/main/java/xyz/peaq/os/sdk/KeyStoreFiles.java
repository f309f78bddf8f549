package xyz.peaq.os.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.utils.Numeric;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Encrypted key files in the standard Ethereum keystore format (version 3 JSON, scrypt + AES-128-CTR),
 * readable by geth, web3.py, ethers and web3j. Written with POSIX mode 0600.
 */
public final class KeyStoreFiles {
  /** How hard scrypt works: {@code STANDARD} (n = 2^18, about 1 s and 256 MB) or {@code LIGHT} (n = 2^12, for tests and devnets). */
  public enum Strength {
    STANDARD(1 << 18),
    LIGHT(1 << 12);

    final int n;

    Strength(int n) {
      this.n = n;
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private KeyStoreFiles() {}

  /** Encrypts {@code keypair} with standard scrypt strength into {@code file} (0600, replaced atomically). */
  public static void write(Path file, Keypair keypair, char[] password) {
    write(file, keypair, password, Strength.STANDARD);
  }

  /** Encrypts {@code keypair} into {@code file} (0600, replaced atomically). */
  public static void write(Path file, Keypair keypair, char[] password, Strength strength) {
    if (password == null || password.length == 0) {
      throw new ValidationException("password", "a key file needs a non-empty password");
    }
    ECKeyPair ec = ECKeyPair.create(Numeric.toBigInt(keypair.privateKey()));
    try {
      WalletFile wf = Wallet.create(new String(password), ec, strength.n, 1);
      SecureFiles.writeAtomically(file, MAPPER.writeValueAsBytes(wf));
    } catch (CipherException | IOException e) {
      throw new IllegalStateException("cannot encrypt the key for " + file, e);
    }
  }

  /**
   * Decrypts a key file.
   *
   * @throws ValidationException (field "password") for a wrong password, (field "keyFile") for a
   *     missing or malformed file
   */
  public static Keypair read(Path file, char[] password) {
    if (!Files.isRegularFile(file)) {
      throw new ValidationException("keyFile", "no key file at " + file.toAbsolutePath());
    }
    WalletFile wf;
    try {
      wf = MAPPER.readValue(file.toFile(), WalletFile.class);
    } catch (IOException e) {
      throw new ValidationException("keyFile", file.toAbsolutePath() + " is not an Ethereum keystore (V3 JSON) file");
    }
    try {
      ECKeyPair ec = Wallet.decrypt(new String(password), wf);
      String key = Numeric.toHexStringWithPrefixZeroPadded(ec.getPrivateKey(), 64);
      return new Keypair(Keys.toChecksumAddress(Keys.getAddress(ec)), key);
    } catch (CipherException e) {
      throw new ValidationException("password", "wrong password for " + file.toAbsolutePath() + " (or the file is corrupt)");
    } catch (RuntimeException e) {
      throw new ValidationException("keyFile", file.toAbsolutePath() + " is not a readable keystore file");
    }
  }

  /** The address stored in a key file, without decrypting it. */
  public static String address(Path file) {
    try {
      WalletFile wf = MAPPER.readValue(file.toFile(), WalletFile.class);
      return Keys.toChecksumAddress(wf.getAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
