package xyz.peaq.os.cli.keys;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.util.Files0600;

/**
 * The machine key kept in the working directory, {@code ./.peaqos/machine-key.json}: a V3
 * (Ethereum) keystore, mode 0600, so a re-run in the same folder resumes the same machine and any
 * Ethereum wallet can import it. Encrypted with scrypt: the light parameters under the public
 * devnet passphrase (encryption there is a formality), the standard ones under a real one.
 */
public final class MachineKeyStore {
  public static final Path DEFAULT_RELATIVE = Path.of(".peaqos", "machine-key.json");
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private MachineKeyStore() {}

  public static Path defaultPath(Path workDir) {
    return workDir.resolve(DEFAULT_RELATIVE);
  }

  public static Credentials load(Path file, PassphraseSource passphrase) {
    try {
      return decrypt(file, Files.readString(file), passphrase);
    } catch (IOException e) {
      throw CliException.config("Cannot read key file " + file + ": " + e.getMessage());
    }
  }

  static Credentials decrypt(Path file, String json, PassphraseSource passphrase) {
    WalletFile wallet;
    try {
      wallet = JSON.readValue(json, WalletFile.class);
    } catch (IOException e) {
      throw CliException.config("Invalid key file " + file + ": not a V3 keystore JSON");
    }
    // Reading does not depend on the network: the devnet default is tried when no passphrase is
    // set (cheap, light scrypt), then a prompt or the requirement to set the variable.
    if (passphrase.explicit().isEmpty()) {
      try {
        return Credentials.create(Wallet.decrypt(PassphraseSource.DEVNET_DEFAULT, wallet));
      } catch (CipherException e) {
        // Not the devnet default: ask below.
      }
    }
    char[] pass = passphrase.get(false, true);
    try {
      ECKeyPair pair = Wallet.decrypt(new String(pass), wallet);
      return Credentials.create(pair);
    } catch (CipherException e) {
      throw CliException.config("Cannot decrypt key file " + file
          + ": wrong passphrase (set " + PassphraseSource.ENV + ") or a damaged file");
    } finally {
      java.util.Arrays.fill(pass, '\0');
    }
  }

  /** Writes {@code key} encrypted to {@code file} (0600). Refuses to overwrite unless asked. */
  public static void store(Path file, Credentials key, PassphraseSource passphrase, boolean overwrite) {
    if (Files.exists(file) && !overwrite) {
      throw CliException.input("Key file " + file + " already exists; pass --force to replace it"
          + " (the machine registered with the old key stays bound to that key)");
    }
    char[] pass = passphrase.get(true, false);
    try {
      WalletFile wallet = passphrase.usesDevnetDefault()
          ? Wallet.createLight(new String(pass), key.getEcKeyPair())
          : Wallet.createStandard(new String(pass), key.getEcKeyPair());
      wallet.setAddress(Keys.toChecksumAddress(key.getAddress()));
      String content = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(wallet) + "\n";
      if (overwrite) {
        Files0600.writeAtomically(file, content);
      } else {
        // Create-new: a key file that appeared since the check above is never replaced.
        Files0600.writeNew(file, content);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw CliException.input("Key file " + file + " already exists; pass --force to replace it"
          + " (the machine registered with the old key stays bound to that key)");
    } catch (CipherException | IOException e) {
      throw CliException.config("Cannot write key file " + file + ": " + e.getMessage());
    } finally {
      java.util.Arrays.fill(pass, '\0');
    }
  }

  /** The address recorded in the keystore, readable without the passphrase. */
  public static String addressOf(Path file) {
    try {
      WalletFile wallet = JSON.readValue(Files.readString(file), WalletFile.class);
      String a = wallet.getAddress();
      return Keys.toChecksumAddress(a.startsWith("0x") ? a : "0x" + a);
    } catch (IOException | RuntimeException e) {
      throw CliException.config("Invalid key file " + file + ": not a V3 keystore JSON");
    }
  }
}
