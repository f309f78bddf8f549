package xyz.peaq.os.cli.keys;

import java.io.Console;
import java.util.Optional;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Where the key file's passphrase comes from: {@code PEAQOS_KEY_PASSPHRASE}, a terminal prompt, or
 * — on the devnet only — a fixed, documented default. The devnet default protects nothing (it is in
 * the README); it exists so the main job runs with no set-up, and devnet keys hold only devnet
 * tokens. On agung and mainnet there is no default.
 */
public final class PassphraseSource {
  public static final String ENV = "PEAQOS_KEY_PASSPHRASE";
  public static final String DEVNET_DEFAULT = "peaqos-devnet-insecure";

  private final Optional<String> fromEnv;
  private final boolean devnet;

  public PassphraseSource(CliEnv env, boolean devnet) {
    this.fromEnv = env.get(ENV);
    this.devnet = devnet;
  }

  /** True when the key file is encrypted with the public devnet default. */
  public boolean usesDevnetDefault() {
    return fromEnv.isEmpty() && devnet;
  }

  public Optional<String> explicit() {
    return fromEnv;
  }

  /** The passphrase; {@code reading} skips the devnet default, which the reader already tried. */
  public char[] get(boolean confirm, boolean reading) {
    if (fromEnv.isPresent()) {
      return fromEnv.get().toCharArray();
    }
    if (devnet && !reading) {
      return DEVNET_DEFAULT.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw ValidationException.required(ENV);
    }
    char[] first = console.readPassword("Key file passphrase: ");
    if (first == null || first.length == 0) {
      throw ValidationException.required(ENV);
    }
    if (confirm) {
      char[] again = console.readPassword("Repeat the passphrase: ");
      if (again == null || !java.util.Arrays.equals(first, again)) {
        throw xyz.peaq.os.cli.CliException.input("The passphrases do not match");
      }
    }
    return first;
  }
}
