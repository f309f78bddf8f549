package xyz.peaq.os.cli.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.cli.CliException;

/**
 * Reads a key given as a file (never as a flag value, which would land in shell history and {@code
 * ps}): either one line of {@code 0x} + 64 hex digits, or a V3 keystore JSON.
 */
public final class KeyFiles {
  private KeyFiles() {}

  public static Credentials read(Path file, String flag, PassphraseSource passphrase) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw CliException.config(flag + ": key file " + file + " does not exist");
    } catch (IOException e) {
      throw CliException.config(flag + ": cannot read key file " + file + ": " + e.getMessage());
    }
    if (text.startsWith("{")) {
      return MachineKeyStore.load(file, passphrase);
    }
    return fromHex(text, flag + " (" + file + ")");
  }

  /**
   * Parses {@code 0x} + 64 hex digits; the message names where the key came from, never the key.
   */
  public static Credentials fromHex(String text, String source) {
    String hex = text.strip();
    if (!hex.matches("0x[0-9a-fA-F]{64}")) {
      throw CliException.config(
          "Invalid private key in "
              + source
              + ": expected 0x followed by 64 hex digits (66 characters)");
    }
    java.math.BigInteger k = new java.math.BigInteger(hex.substring(2), 16);
    if (k.signum() == 0 || k.compareTo(SECP256K1_N) >= 0) {
      throw CliException.config("Invalid private key in " + source + ": not a valid secp256k1 key");
    }
    return Credentials.create(hex);
  }

  private static final java.math.BigInteger SECP256K1_N =
      new java.math.BigInteger(
          "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
}
