package xyz.peaq.os.sdk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.exception.CipherException;
import org.web3j.utils.Numeric;
import xyz.peaq.os.foundation.SecureFiles;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Encrypted key files in the standard Ethereum keystore format (version 3 JSON, scrypt +
 * AES-128-CTR), readable by geth, web3.py, ethers and web3j; the CLI's {@code
 * ./.peaqos/machine-key.json} is one. Written with POSIX mode 0600 from creation on, flushed and
 * renamed into place ({@link SecureFiles}). The {@code address} field is the EIP-55 checksummed
 * address with {@code 0x}, readable without the password.
 */
public final class KeyStoreFiles {
  /**
   * How hard scrypt works: web3j's two settings, {@code STANDARD} (n = 2^18, p = 1: about 1 s and
   * 256 MB) and {@code LIGHT} (n = 2^12, p = 6: tens of milliseconds, for tests), and {@code
   * PUBLIC_PASSPHRASE} (n = 2^10, p = 1: about a millisecond of work) for a passphrase that is
   * published, such as the devnet's default, where the encryption protects nothing and any work
   * spent on it is only start-up time.
   */
  public enum Strength {
    STANDARD(1 << 18, 1),
    LIGHT(1 << 12, 6),
    PUBLIC_PASSPHRASE(1 << 10, 1);

    final int n;
    final int p;

    Strength(int n, int p) {
      this.n = n;
      this.p = p;
    }
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private KeyStoreFiles() {}

  /**
   * Encrypts {@code keypair} with standard scrypt strength into {@code file} (0600, replaced
   * atomically).
   */
  public static void write(Path file, Keypair keypair, char[] password) {
    write(file, keypair, password, Strength.STANDARD);
  }

  /** Encrypts {@code keypair} into {@code file} (0600, replaced atomically). */
  public static void write(Path file, Keypair keypair, char[] password, Strength strength) {
    byte[] json = encrypt(keypair, password, strength);
    try {
      SecureFiles.writeAtomically(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + file.toAbsolutePath(), e);
    }
  }

  /**
   * Encrypts {@code keypair} into a new {@code file} (0600); never replaces an existing file, even
   * one a concurrent process is creating at the same moment.
   *
   * @throws ValidationException (field "keyFile") when {@code file} exists; it is left as it was
   */
  public static void create(Path file, Keypair keypair, char[] password, Strength strength) {
    byte[] json = encrypt(keypair, password, strength);
    try {
      SecureFiles.createNew(file, json);
    } catch (FileAlreadyExistsException e) {
      throw new ValidationException(
          "keyFile", "key file " + file.toAbsolutePath() + " already exists");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + file.toAbsolutePath(), e);
    }
  }

  /**
   * Decrypts a key file.
   *
   * @throws ValidationException (field "password") for a wrong password, (field "keyFile") for a
   *     missing or malformed file
   */
  public static Keypair read(Path file, char[] password) {
    WalletFile wf = walletFile(file);
    try {
      ECKeyPair ec = Wallet.decrypt(new String(password), wf);
      String key = Numeric.toHexStringWithPrefixZeroPadded(ec.getPrivateKey(), 64);
      return new Keypair(Keys.toChecksumAddress(Keys.getAddress(ec)), key);
    } catch (CipherException e) {
      throw new ValidationException(
          "password", "wrong password for " + file.toAbsolutePath() + " (or the file is corrupt)");
    } catch (RuntimeException e) {
      throw new ValidationException(
          "keyFile", file.toAbsolutePath() + " is not a readable keystore file");
    }
  }

  /**
   * The address recorded in a key file, checksummed, without decrypting it.
   *
   * @throws ValidationException (field "keyFile") for a missing or malformed file
   */
  public static String address(Path file) {
    WalletFile wf = walletFile(file);
    String a = wf.getAddress();
    if (a == null || a.isBlank()) {
      throw new ValidationException(
          "keyFile",
          file.toAbsolutePath() + " is not an Ethereum keystore (V3 JSON) file: no address");
    }
    try {
      return Keys.toChecksumAddress(a.startsWith("0x") ? a : "0x" + a);
    } catch (RuntimeException e) {
      throw new ValidationException(
          "keyFile",
          file.toAbsolutePath() + " is not an Ethereum keystore (V3 JSON) file: bad address");
    }
  }

  private static byte[] encrypt(Keypair keypair, char[] password, Strength strength) {
    if (password == null || password.length == 0) {
      throw new ValidationException("password", "a key file needs a non-empty password");
    }
    ECKeyPair ec = ECKeyPair.create(Numeric.toBigInt(keypair.privateKey()));
    try {
      WalletFile wf = Wallet.create(new String(password), ec, strength.n, strength.p);
      wf.setAddress(keypair.address());
      return (MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(wf) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (CipherException | IOException e) {
      throw new IllegalStateException("cannot encrypt the key of " + keypair.address(), e);
    }
  }

  private static WalletFile walletFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ValidationException("keyFile", "no key file at " + file.toAbsolutePath());
    }
    try {
      WalletFile wf = MAPPER.readValue(file.toFile(), WalletFile.class);
      if (wf == null || wf.getCrypto() == null) {
        throw new IOException("no crypto section");
      }
      return wf;
    } catch (IOException e) {
      throw new ValidationException(
          "keyFile", file.toAbsolutePath() + " is not an Ethereum keystore (V3 JSON) file");
    }
  }
}
