package xyz.peaq.os.cli.commands;

import java.nio.file.Path;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.activate.Activation;
import xyz.peaq.os.cli.activate.ActivationRequest;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.devnet.DevnetLayout;
import xyz.peaq.os.cli.devnet.DevnetProcess;
import xyz.peaq.os.cli.keys.KeyFiles;
import xyz.peaq.os.cli.keys.PassphraseSource;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.sdk.errors.ValidationException;

/** {@code peaqos activate}: the six-step self-managed (or proxy) onboarding. */
@Command(
    name = "activate",
    description = {
      "Onboard a machine: balance check, 2FA enrolment, Gas Station funding, registration,",
      "Machine NFT mint, DID attributes. Idempotent; every transaction is journaled in ./peaqos.log."
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  activated, or already active (no transaction)",
      "  1  invalid input: bad flag, key does not match --for, no 2FA code without a terminal, cap or rate limit",
      "  2  RPC, Gas Station or on-chain failure, or a transaction still PENDING (re-run in the same directory)",
      "  3  missing or invalid configuration"
    })
public final class ActivateCommand implements Runnable {
  /** DID attribute visibility. */
  public enum Visibility {
    PUBLIC,
    PRIVATE,
    ONCHAIN
  }

  @Option(
      names = "--network",
      paramLabel = "NAME",
      description = "devnet, agung (or testnet) or mainnet (default PEAQOS_NETWORK).")
  String network;

  @Option(
      names = "--for",
      paramLabel = "ADDRESS",
      description = "Machine EOA: proxy mode (you are the operator); requires --machine-key.")
  String forAddress;

  @Option(
      names = "--machine-key",
      paramLabel = "PATH",
      description = "File with the machine's 0x hex key (or a V3 keystore); required with --for.")
  Path machineKey;

  @Option(names = "--doc-url", paramLabel = "URL", description = "documentation_url DID attribute.")
  String docUrl;

  @Option(names = "--data-api", paramLabel = "URL", description = "data_api DID attribute.")
  String dataApi;

  @Option(
      names = "--visibility",
      paramLabel = "public|private|onchain",
      defaultValue = "public",
      description = "data_visibility DID attribute (default: ${DEFAULT-VALUE}).")
  Visibility visibility;

  @Option(
      names = "--skip-funding",
      description = "Skip balance check, 2FA enrolment and Gas Station funding.")
  boolean skipFunding;

  @Option(
      names = "--totp-code",
      paramLabel = "CODE",
      description =
          "2FA code for the Gas Station (also PEAQOS_TOTP_CODE); not needed on the devnet.")
  String totpCode;

  @Option(
      names = "--devnet-dir",
      paramLabel = "DIR",
      description = "Devnet folder (default ~/.peaqos/devnet, or PEAQOS_DEVNET_DIR).")
  Path devnetDir;

  @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
  boolean json;

  /** Economics 2.0: the official CLI 0.1.1's activation flags and the generation switch. */
  @Mixin Econ2ActivateOptions econ2 = new Econ2ActivateOptions();

  @Override
  public void run() {
    CliEnv env = CliEnv.load();
    // Input checks first: nothing below them touches a file, the network or the chain.
    Optional<String> net = Target.networkOf(env, network);
    if ((forAddress == null) != (machineKey == null)) {
      throw CliException.input(
          "--for and --machine-key must be used together: both for proxy (operator) activation,"
              + " neither to activate the machine you hold the key of.");
    }
    if (forAddress != null && !forAddress.matches("0x[0-9a-fA-F]{40}")) {
      throw CliException.input(
          "Invalid --for address \"" + forAddress + "\": expected 0x followed by 40 hex digits");
    }
    Optional<String> doc = Optional.ofNullable(docUrl).map(v -> checkUrl("--doc-url", v));
    Optional<String> api = Optional.ofNullable(dataApi).map(v -> checkUrl("--data-api", v));
    Optional<String> code =
        Optional.ofNullable(totpCode)
            .or(() -> env.get("PEAQOS_TOTP_CODE"))
            .map(
                c -> {
                  if (!c.strip().matches("\\d{6}")) {
                    throw CliException.input(
                        (totpCode != null ? "--totp-code" : "PEAQOS_TOTP_CODE")
                            + " must be 6 digits");
                  }
                  return c.strip();
                });
    boolean devnet = net.map("devnet"::equals).orElse(false);
    Credentials machine = null;
    if (machineKey != null) {
      machine =
          KeyFiles.read(
              env.workDir().resolve(machineKey),
              "--machine-key",
              new PassphraseSource(env, devnet));
      String derived = Keys.toChecksumAddress(machine.getAddress());
      if (!derived.equalsIgnoreCase(forAddress)) {
        throw CliException.input(
            "Machine key does not match --for address. --for: "
                + forAddress
                + ", derived from key file: "
                + derived
                + ". Check that the key file belongs to the machine EOA you passed via --for.");
      }
    }
    Optional<String> deployment = econ2.deploymentId(env, net);
    if (deployment.isPresent()) {
      activateEcon2(env, net, deployment.get(), machine, code);
      return;
    }
    econ2.rejectIn10Mode();
    if (net.isEmpty() && env.get("PEAQOS_RPC_URL").isEmpty()) {
      throw ValidationException.required("PEAQOS_NETWORK");
    }

    // One activation per folder, from here on: the machine key below is generated only under the
    // lock.
    try (Activation.FileLockGuard lock = Activation.lock(env.workDir())) {
      activateLocked(env, net, devnet, machine, doc, api, code);
    }
  }

  private void activateLocked(
      CliEnv env,
      Optional<String> net,
      boolean devnet,
      Credentials machine,
      Optional<String> doc,
      Optional<String> api,
      Optional<String> code) {
    if (devnet) {
      ensureDevnet(env);
    }
    Target target = Target.resolve(env, net, devnetDir);
    target.rpc();
    // the configuration check's reads go out now, beside the key's scrypt below
    Activation.Prefetch prefetch = Activation.prefetch(target);
    SignerKeys.Resolved payer;
    try {
      if (machine != null) {
        payer =
            SignerKeys.find(env, devnet)
                .orElseThrow(() -> ValidationException.required("PEAQOS_PRIVATE_KEY"));
      } else {
        // A fresh key's file is written beside the run's first steps (awaited before funding).
        payer = SignerKeys.findOrGenerate(env, devnet, KEY_WRITER);
      }
    } catch (RuntimeException e) {
      prefetch.close();
      throw e;
    }
    Out.progress(
        "Activating on "
            + target.network()
            + " as "
            + payer.address()
            + " (key from "
            + payer.source()
            + ")"
            + (machine != null
                ? " for machine " + Keys.toChecksumAddress(machine.getAddress())
                : ""));
    ActivationRequest req =
        new ActivationRequest(
            payer.credentials(),
            payer.source(),
            payer::awaitStored,
            Optional.ofNullable(machine),
            doc,
            api,
            visibility.name().toLowerCase(java.util.Locale.ROOT),
            skipFunding,
            code,
            json);
    new Activation(target, req, env.workDir()).runHoldingLock(prefetch);
  }

  /**
   * Economics 2.0 (own classes beside the 1.0 flow, sharing its lock, devnet start, Gas Station
   * funding and 2FA): the machine key signs in machine-key mode, the operator is its controller.
   */
  private void activateEcon2(
      CliEnv env,
      Optional<String> net,
      String deploymentId,
      Credentials machine,
      Optional<String> code) {
    if (docUrl != null || dataApi != null || visibility != Visibility.PUBLIC) {
      throw CliException.input(
          "--doc-url, --data-api and --visibility write Economics 1.0 DID attributes; in 2.0 the"
              + " DID document comes from --did-document");
    }
    boolean devnet =
        net.map("devnet"::equals).orElse(false)
            || xyz.peaq.os.sdk.econ2.Econ2Deployment.DEVNET.equals(deploymentId);
    Optional<String> network = devnet ? Optional.of("devnet") : net;
    try (Activation.FileLockGuard lock = Activation.lock(env.workDir())) {
      if (devnet) {
        ensureDevnet(env);
      }
      Target target = Target.resolve(env, network, devnetDir);
      SignerKeys.Resolved signer;
      Optional<String> operator = Optional.empty();
      if (machine != null) {
        SignerKeys.Resolved op =
            SignerKeys.find(env, devnet)
                .orElseThrow(() -> ValidationException.required("PEAQOS_PRIVATE_KEY"));
        operator = Optional.of(op.address());
        signer = new SignerKeys.Resolved(machine, "--machine-key", false);
      } else {
        signer = SignerKeys.findOrGenerate(env, devnet);
      }
      new xyz.peaq.os.cli.activate.Econ2Activation(
              target,
              econ2.request(
                  env,
                  deploymentId,
                  devnet ? Target.devnetDir(env, devnetDir) : null,
                  devnet,
                  signer.credentials(),
                  signer.source(),
                  operator,
                  skipFunding,
                  json,
                  code),
              env.workDir())
          .runHoldingLock();
    }
  }

  /** Writes a generated key's file on its own daemon thread. */
  private static final java.util.concurrent.Executor KEY_WRITER =
      r -> {
        Thread t = new Thread(r, "peaqos-key-file");
        t.setDaemon(true);
        t.start();
      };

  private void ensureDevnet(CliEnv env) {
    DevnetLayout layout = new DevnetLayout(Target.devnetDir(env, devnetDir));
    if (layout.running().isPresent()) {
      return;
    }
    Out.progress(
        "The devnet is not running in "
            + layout.dir()
            + ": starting it in the background"
            + " (stop it with 'peaqos devnet down"
            + (devnetDir != null ? " --devnet-dir " + layout.dir() : "")
            + "')...");
    ProcessHandle p =
        DevnetProcess.startDetached(
            layout,
            DevnetCommand.mcrPort(env, null),
            DevnetCommand.gasStationPort(env, null),
            null);
    Out.progress("Devnet started (pid " + p.pid() + "); devnet.env: " + layout.envFile());
  }

  private static String checkUrl(String flag, String v) {
    String s = v.strip();
    if (s.isEmpty()) {
      throw CliException.input(
          flag + " must not be empty (leave the flag out to skip the attribute)");
    }
    if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 2560) {
      throw CliException.input(flag + " is longer than the 2560 bytes a DID attribute holds");
    }
    return s;
  }
}
