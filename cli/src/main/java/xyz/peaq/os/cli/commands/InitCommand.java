package xyz.peaq.os.cli.commands;

import java.io.Console;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.keys.MachineKeyStore;
import xyz.peaq.os.cli.keys.PassphraseSource;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.foundation.DotEnv;
import xyz.peaq.os.sdk.ConfigurationCheck;
import xyz.peaq.os.sdk.chain.ChainReads;

/**
 * {@code peaqos init}: writes {@code ./.env} (mode 0600) from a network preset, the environment or
 * prompts, after checking every contract address on chain (code, and the kind of contract it
 * answers as), and shows what changed.
 */
@Command(
    name = "init",
    description = "Write ./.env (0600) for a network, verifying every address on chain first.")
public final class InitCommand implements Runnable {
  @Option(
      names = "--non-interactive",
      description = "No prompts: environment variables, else the network preset.")
  boolean nonInteractive;

  @Option(names = "--force", description = "Replace an existing .env.")
  boolean force;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      description = "devnet, agung (or testnet) or mainnet.")
  String network;

  @Option(
      names = "--devnet-dir",
      paramLabel = "DIR",
      description = "Devnet folder (default ~/.peaqos/devnet).")
  Path devnetDir;

  @Option(
      names = "--key",
      paramLabel = "generate|keep|none",
      defaultValue = "keep",
      description =
          "Machine key: generate one into ./.peaqos/machine-key.json (encrypted), keep what exists, or none (default ${DEFAULT-VALUE}).")
  String keyMode;

  @Option(names = "--json", description = "Print what was written as JSON.")
  boolean json;

  private static final String[] URL_VARS = {
    "PEAQOS_RPC_URL", "PEAQOS_MCR_API_URL", "PEAQOS_GAS_STATION_URL"
  };

  @Override
  public void run() {
    CliEnv env = CliEnv.load();
    Path dotEnv = env.workDir().resolve(".env");
    if (Files.exists(dotEnv) && !force) {
      throw CliException.input(
          ".env already exists in " + env.workDir() + "; pass --force to replace it");
    }
    if (!List.of("generate", "keep", "none").contains(keyMode)) {
      throw CliException.input("--key must be generate, keep or none");
    }
    Console console = nonInteractive ? null : System.console();
    if (!nonInteractive && console == null) {
      throw CliException.input(
          "init prompts need a terminal; pass --non-interactive to take the environment and presets");
    }
    String net =
        network != null
            ? Target.canonical(network)
            : env.get("PEAQOS_NETWORK").map(Target::canonical).orElse(null);
    if (net == null) {
      net =
          console == null
              ? "devnet"
              : Target.canonical(ask(console, "Network (mainnet|agung|devnet)", "devnet"));
    }
    // The preset alone, then explicit variables (or answers) over it.
    Target preset =
        Target.resolve(
            CliEnvView.empty(env.workDir()), Optional.of(net), Target.devnetDir(env, devnetDir));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("PEAQOS_NETWORK", net);
    values.put("PEAQOS_RPC_URL", pick(console, env, "PEAQOS_RPC_URL", "RPC URL", preset.rpcUrl()));
    values.put(
        "PEAQOS_MCR_API_URL",
        pick(console, env, "PEAQOS_MCR_API_URL", "MCR API URL", preset.mcrUrl()));
    values.put(
        "PEAQOS_GAS_STATION_URL",
        pick(console, env, "PEAQOS_GAS_STATION_URL", "Gas Station URL", preset.gasStationUrl()));
    for (String var : Target.ADDRESS_VARS) {
      values.put(var, pick(console, env, var, var, preset.addresses().get(var)));
    }
    if (values.get("PEAQOS_RPC_URL") == null) {
      throw xyz.peaq.os.sdk.errors.ValidationException.required("PEAQOS_RPC_URL");
    }

    // The SDK's one configuration check: chain id, then every address (code, kind, links,
    // precompiles).
    ConfigurationCheck.Report report;
    try (ChainReads chain = ChainReads.connect(values.get("PEAQOS_RPC_URL"))) {
      Map<String, String> addrs = new LinkedHashMap<>();
      for (String var : Target.ADDRESS_VARS) {
        if (values.get(var) != null) {
          addrs.put(var, values.get(var));
        }
      }
      report =
          ConfigurationCheck.run(chain, preset.expectedChainId(), net, net.equals("devnet"), addrs);
    }
    if (!report.chainIdMatches()) {
      throw CliException.config(
          "The RPC at "
              + values.get("PEAQOS_RPC_URL")
              + " reports chain id "
              + report.chainId()
              + ", but "
              + net
              + " is chain "
              + preset.expectedChainId());
    }
    boolean allOk = report.addresses().stream().allMatch(ConfigurationCheck.AddressCheck::ok);
    Out.progress("Address checks on " + values.get("PEAQOS_RPC_URL") + ":");
    for (ConfigurationCheck.AddressCheck c : report.addresses()) {
      Out.progress(
          "  "
              + (c.ok() ? "ok  " : "FAIL")
              + " "
              + String.format("%-26s", c.variable())
              + " "
              + c.address()
              + "  "
              + c.detail());
    }
    if (!allOk) {
      throw CliException.config(
          "Not writing .env: the addresses above marked FAIL are wrong (nothing was changed)");
    }
    // Every address passed; what remains is the check's verdict on the whole (e.g. the
    // EventRegistry's links).
    report.orThrow().checks().forEach(c -> Out.debug("sdk check: " + c));

    Map<String, String> before = DotEnv.readIfPresent(dotEnv);
    Map<String, String> after = new LinkedHashMap<>(before);
    values.forEach(
        (k, v) -> {
          if (v == null || v.isBlank()) {
            after.remove(k);
          } else {
            after.put(k, v);
          }
        });
    if (console != null
        && keyMode.equals("keep")
        && env.get(SignerKeys.PRIVATE_KEY).isEmpty()
        && !Files.exists(SignerKeys.keyFile(env))) {
      keyMode =
          ask(
              console,
              "Machine key: generate one now (stored encrypted in .peaqos/machine-key.json)? (generate|none)",
              "generate");
      if (!List.of("generate", "none").contains(keyMode)) {
        throw CliException.input("Answer generate or none");
      }
    }
    String keyNote = handleKey(env, net);
    try {
      DotEnv.write(dotEnv, "Written by peaqos init for " + net, after);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw CliException.config("Cannot write " + dotEnv + ": " + e.getMessage());
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      Map<String, String> shown = new LinkedHashMap<>(after);
      shown.computeIfPresent(SignerKeys.PRIVATE_KEY, (k, v) -> "<hidden>");
      m.put("file", dotEnv.toString());
      m.put("values", shown);
      m.put("key", keyNote);
      Json.print(m);
      return;
    }
    Out.result("Wrote " + dotEnv + " (mode 0600):");
    for (Map.Entry<String, String> e : after.entrySet()) {
      String old = before.get(e.getKey());
      boolean secret = e.getKey().equals(SignerKeys.PRIVATE_KEY);
      String shown = secret ? "<hidden>" : e.getValue();
      String change =
          old == null
              ? "  (new)"
              : old.equals(e.getValue()) ? "" : "  (was " + (secret ? "<hidden>" : old) + ")";
      Out.result("  " + e.getKey() + "=" + shown + change);
    }
    Out.result(keyNote);
  }

  private String handleKey(CliEnv env, String net) {
    Path file = SignerKeys.keyFile(env);
    if (keyMode.equals("generate")) {
      var c = SignerKeys.generate();
      MachineKeyStore.store(file, c, new PassphraseSource(env, net.equals("devnet")), force);
      return "Machine key: generated "
          + org.web3j.crypto.Keys.toChecksumAddress(c.getAddress())
          + ", stored encrypted in "
          + file;
    }
    if (env.get(SignerKeys.PRIVATE_KEY).isPresent()) {
      return "Machine key: PEAQOS_PRIVATE_KEY from the environment (not copied into .env)";
    }
    if (Files.exists(file)) {
      return "Machine key: " + MachineKeyStore.addressOf(file) + " in " + file;
    }
    return "Machine key: none yet ('peaqos activate' generates one, or run 'peaqos keys generate')";
  }

  private static String pick(
      Console console, CliEnv env, String var, String label, String presetValue) {
    Optional<String> fromEnv = env.get(var);
    String def = fromEnv.orElse(presetValue);
    if (console == null) {
      return def;
    }
    return ask(console, label, def);
  }

  private static String ask(Console console, String label, String def) {
    String line =
        console.readLine("%s%s: ", label, def == null || def.isBlank() ? "" : " [" + def + "]");
    if (line == null || line.isBlank()) {
      return def;
    }
    return line.strip();
  }

  /** A view with no variables, to read a preset as it stands. */
  static final class CliEnvView {
    private CliEnvView() {}

    static CliEnv empty(Path workDir) {
      return CliEnv.of(workDir, Map.of());
    }
  }
}
