package xyz.peaq.os.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.keys.KeyFiles;
import xyz.peaq.os.cli.keys.MachineKeyStore;
import xyz.peaq.os.cli.keys.PassphraseSource;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.cli.util.Json;

/** {@code peaqos keys}: the machine key in {@code ./.peaqos/machine-key.json}. */
@Command(
    name = "keys",
    description = "Generate, import and inspect the machine key (encrypted V3 keystore).",
    subcommands = {
      KeysCommand.Generate.class,
      KeysCommand.Import.class,
      KeysCommand.Address.class,
      KeysCommand.Show.class
    })
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing subcommand: generate, import, address or show");
  }

  static boolean devnet(String network, CliEnv env) {
    String n = network != null ? network : env.get("PEAQOS_NETWORK").orElse("devnet");
    return n.equalsIgnoreCase("devnet");
  }

  static Path target(Path out, CliEnv env) {
    return out != null ? env.workDir().resolve(out) : SignerKeys.keyFile(env);
  }

  static void printStored(Path file, String address, boolean json, CliEnv env) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", address);
      m.put("keyFile", file.toAbsolutePath().toString());
      Json.print(m);
    } else {
      Out.result("Address : " + address);
      Out.result("Key file: " + file.toAbsolutePath());
    }
  }

  @Command(
      name = "generate",
      description = "Generate a new key and store it encrypted (mode 0600).")
  static final class Generate implements Runnable {
    @Option(
        names = "--out",
        description = "Key file (default ./.peaqos/machine-key.json or PEAQOS_KEY_FILE).")
    Path out;

    @Option(names = "--force", description = "Replace an existing key file.")
    boolean force;

    @Option(
        names = "--network",
        description = "devnet (default passphrase allowed), agung or mainnet.")
    String network;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      Path file = target(out, env);
      Credentials c = SignerKeys.generate();
      MachineKeyStore.store(file, c, new PassphraseSource(env, devnet(network, env)), force);
      printStored(file, Keys.toChecksumAddress(c.getAddress()), json, env);
    }
  }

  @Command(
      name = "import",
      description =
          "Import a 0x-hex private key from a file (or - for stdin) and store it encrypted.")
  static final class Import implements Runnable {
    @Option(
        names = "--private-key-file",
        required = true,
        paramLabel = "<path>",
        description = "File holding the 0x-prefixed hex key; '-' reads one line from stdin.")
    String keyFile;

    @Option(
        names = "--out",
        description = "Key file (default ./.peaqos/machine-key.json or PEAQOS_KEY_FILE).")
    Path out;

    @Option(names = "--force", description = "Replace an existing key file.")
    boolean force;

    @Option(
        names = "--network",
        description = "devnet (default passphrase allowed), agung or mainnet.")
    String network;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      Credentials c;
      if ("-".equals(keyFile)) {
        try {
          String line = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
          c = KeyFiles.fromHex(line, "stdin");
        } catch (IOException e) {
          throw CliException.input("Cannot read the key from stdin: " + e.getMessage());
        }
      } else {
        c =
            KeyFiles.read(
                env.workDir().resolve(keyFile),
                "--private-key-file",
                new PassphraseSource(env, devnet(network, env)));
      }
      Path file = target(out, env);
      MachineKeyStore.store(file, c, new PassphraseSource(env, devnet(network, env)), force);
      printStored(file, Keys.toChecksumAddress(c.getAddress()), json, env);
    }
  }

  @Command(
      name = "address",
      description = "Print the address of the configured key (PEAQOS_PRIVATE_KEY or the key file).")
  static final class Address implements Runnable {
    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      String address;
      String source;
      if (env.get(SignerKeys.PRIVATE_KEY).isPresent()) {
        SignerKeys.Resolved r = SignerKeys.find(env, true).orElseThrow();
        address = r.address();
        source = r.source();
      } else {
        Path file = SignerKeys.keyFile(env);
        if (!java.nio.file.Files.exists(file)) {
          throw CliException.config(
              "No key configured: set PEAQOS_PRIVATE_KEY or run 'peaqos keys generate' ("
                  + file
                  + " does not exist)");
        }
        // The keystore records its address: no passphrase needed to show it.
        address = MachineKeyStore.addressOf(file);
        source = env.workDir().relativize(file.toAbsolutePath()).toString();
      }
      if (json) {
        Json.print(Map.of("address", address, "source", source));
      } else {
        Out.result(address);
      }
    }
  }

  @Command(
      name = "show",
      description = "Show the configured key's address; the private key only with --reveal.")
  static final class Show implements Runnable {
    @Option(
        names = "--reveal",
        description = "Also print the private key (keep it off shared screens and logs).")
    boolean reveal;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      SignerKeys.Resolved r =
          SignerKeys.find(env, devnet(null, env))
              .orElseThrow(
                  () ->
                      CliException.config(
                          "No key configured: set PEAQOS_PRIVATE_KEY or run 'peaqos keys generate'"));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", r.address());
      m.put("source", r.source());
      if (reveal) {
        m.put(
            "privateKey",
            Numeric.toHexStringWithPrefixZeroPadded(
                r.credentials().getEcKeyPair().getPrivateKey(), 64));
      }
      if (json) {
        Json.print(m);
      } else {
        Out.result("Address    : " + r.address());
        Out.result("Source     : " + r.source());
        if (reveal) {
          Out.result("Private key: " + m.get("privateKey"));
        } else {
          Out.progress("  The private key is hidden; pass --reveal to print it.");
        }
      }
    }
  }
}
