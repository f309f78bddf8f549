package xyz.peaq.os.cli.keys;

import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.sdk.KeyStoreFiles;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The machine key kept in the working directory, {@code ./.peaqos/machine-key.json}: a V3
 * (Ethereum) keystore written by the SDK's {@link KeyStoreFiles} (mode 0600), so a re-run in the
 * same folder resumes the same machine and any Ethereum wallet can import it. Encrypted with
 * scrypt: the lightest parameters ({@code PUBLIC_PASSPHRASE}, n = 2^10) under the public devnet
 * passphrase (encryption there is a formality, and scrypt work is start-up time), the standard ones
 * under a real one. What this class adds is the CLI's: where the passphrase comes from, and errors
 * as exit codes.
 */
public final class MachineKeyStore {
  public static final Path DEFAULT_RELATIVE = Path.of(".peaqos", "machine-key.json");

  private MachineKeyStore() {}

  public static Path defaultPath(Path workDir) {
    return workDir.resolve(DEFAULT_RELATIVE);
  }

  public static Credentials load(Path file, PassphraseSource passphrase) {
    // Reading does not depend on the network: the devnet default is tried when no passphrase is
    // set (cheap, light scrypt), then a prompt or the requirement to set the variable.
    if (passphrase.explicit().isEmpty()) {
      try {
        return credentials(KeyStoreFiles.read(file, PassphraseSource.DEVNET_DEFAULT.toCharArray()));
      } catch (ValidationException e) {
        if (!"password".equals(e.field())) {
          throw invalid(file, e);
        }
        // Not the devnet default: ask below.
      }
    }
    char[] pass = passphrase.get(false, true);
    try {
      return credentials(KeyStoreFiles.read(file, pass));
    } catch (ValidationException e) {
      if ("password".equals(e.field())) {
        throw CliException.config(
            "Cannot decrypt key file "
                + file
                + ": wrong passphrase (set "
                + PassphraseSource.ENV
                + ") or a damaged file");
      }
      throw invalid(file, e);
    } finally {
      java.util.Arrays.fill(pass, '\0');
    }
  }

  /**
   * Writes {@code key} encrypted to {@code file} (0600). Without {@code overwrite} the file is
   * created only if no file is there, checked atomically (a concurrent writer cannot be replaced).
   */
  public static void store(
      Path file, Credentials key, PassphraseSource passphrase, boolean overwrite) {
    prepareStore(file, key, passphrase, overwrite).run();
  }

  /**
   * {@link #store}'s part that may ask the user (an existing file, the passphrase prompt) done now,
   * on the calling thread; the returned write (scrypt, then the file) may run on another thread,
   * once. It throws what {@link #store} throws.
   */
  public static Runnable prepareStore(
      Path file, Credentials key, PassphraseSource passphrase, boolean overwrite) {
    if (!overwrite && java.nio.file.Files.exists(file)) {
      // Before the passphrase prompt; create() below is what guarantees it.
      throw exists(file);
    }
    char[] pass = passphrase.get(true, false);
    Keypair keypair =
        new Keypair(
            key.getAddress(),
            Numeric.toHexStringWithPrefixZeroPadded(key.getEcKeyPair().getPrivateKey(), 64));
    KeyStoreFiles.Strength strength =
        passphrase.usesDevnetDefault()
            ? KeyStoreFiles.Strength.PUBLIC_PASSPHRASE
            : KeyStoreFiles.Strength.STANDARD;
    return () -> {
      try {
        if (overwrite) {
          KeyStoreFiles.write(file, keypair, pass, strength);
        } else {
          KeyStoreFiles.create(file, keypair, pass, strength);
        }
      } catch (ValidationException e) {
        if ("keyFile".equals(e.field())) {
          throw exists(file);
        }
        throw e;
      } catch (java.io.UncheckedIOException e) {
        throw CliException.config(
            "Cannot write key file " + file + ": " + e.getCause().getMessage());
      } finally {
        java.util.Arrays.fill(pass, '\0');
      }
    };
  }

  /** The address recorded in the keystore, readable without the passphrase. */
  public static String addressOf(Path file) {
    try {
      return KeyStoreFiles.address(file);
    } catch (ValidationException e) {
      throw invalid(file, e);
    }
  }

  private static Credentials credentials(Keypair k) {
    return Credentials.create(k.privateKey());
  }

  private static CliException exists(Path file) {
    return CliException.input(
        "Key file "
            + file
            + " already exists; pass --force to replace it"
            + " (the machine registered with the old key stays bound to that key)");
  }

  private static CliException invalid(Path file, ValidationException e) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      return CliException.config("Cannot read key file " + file + ": no such file");
    }
    return CliException.config("Invalid key file " + file + ": not a V3 keystore JSON");
  }
}
