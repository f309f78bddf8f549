package xyz.peaq.os.cli.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Finds the signer key: {@code PEAQOS_PRIVATE_KEY} (environment or .env) first, then the encrypted
 * key file ({@code PEAQOS_KEY_FILE}, default {@code ./.peaqos/machine-key.json}).
 */
public final class SignerKeys {
  public static final String PRIVATE_KEY = "PEAQOS_PRIVATE_KEY";
  public static final String KEY_FILE = "PEAQOS_KEY_FILE";

  /** A resolved key and a human description of where it came from (never the key itself). */
  public record Resolved(Credentials credentials, String source, boolean generated) {
    public String address() {
      return Keys.toChecksumAddress(credentials.getAddress());
    }

    @Override
    public String toString() {
      return "Resolved[address=" + address() + ", source=" + source + "]";
    }
  }

  private SignerKeys() {}

  public static Path keyFile(CliEnv env) {
    return env.get(KEY_FILE)
        .map(p -> env.workDir().resolve(p))
        .orElse(MachineKeyStore.defaultPath(env.workDir()));
  }

  public static Optional<Resolved> find(CliEnv env, boolean devnet) {
    Optional<String> raw = env.get(PRIVATE_KEY);
    if (raw.isPresent()) {
      String hex = raw.get();
      if (!hex.matches("0x[0-9a-fA-F]{64}")) {
        throw new ValidationException(
            PRIVATE_KEY,
            "ValidationError: PEAQOS_PRIVATE_KEY must be 0x followed by 64 hex digits (66 characters)");
      }
      return Optional.of(new Resolved(Credentials.create(hex), PRIVATE_KEY, false));
    }
    Path file = keyFile(env);
    if (Files.exists(file)) {
      Credentials c = MachineKeyStore.load(file, new PassphraseSource(env, devnet));
      return Optional.of(
          new Resolved(c, env.workDir().relativize(file.toAbsolutePath()).toString(), false));
    }
    return Optional.empty();
  }

  /** The configured key, or a fresh one stored encrypted in the key file. */
  public static Resolved findOrGenerate(CliEnv env, boolean devnet) {
    Optional<Resolved> found = find(env, devnet);
    if (found.isPresent()) {
      return found.get();
    }
    Path file = keyFile(env);
    PassphraseSource pass = new PassphraseSource(env, devnet);
    Credentials fresh = generate();
    MachineKeyStore.store(file, fresh, pass, false);
    String rel = env.workDir().relativize(file.toAbsolutePath()).toString();
    Out.progress(
        "  No machine key configured: generated "
            + Keys.toChecksumAddress(fresh.getAddress())
            + " and stored it encrypted in "
            + rel
            + (pass.usesDevnetDefault()
                ? " (devnet default passphrase; set " + PassphraseSource.ENV + " for your own)"
                : "")
            + ". Show it with: peaqos keys show --reveal");
    return new Resolved(fresh, rel, true);
  }

  public static Credentials generate() {
    try {
      return Credentials.create(Keys.createEcKeyPair());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no secure random source for key generation", e);
    }
  }
}
