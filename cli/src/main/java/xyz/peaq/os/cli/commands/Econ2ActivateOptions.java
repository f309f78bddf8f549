package xyz.peaq.os.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import picocli.CommandLine.Option;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.activate.Econ2Activation;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.sdk.econ2.Tier;
import xyz.peaq.os.sdk.econ2.Tokenomics;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The Economics 2.0 flags of {@code activate} (the official CLI 0.1.1's names) and the choice of
 * generation: {@code --tokenomics 2.0}, or {@code PEAQOS_DEPLOYMENT_ID} / {@code
 * TOKENOMICS_DEPLOYMENT_ID} in the environment or {@code ./.env}; neither keeps the 1.0 flow.
 */
public final class Econ2ActivateOptions {
  /** The devnet's defaults for what the official CLI requires (devnet only). */
  static final String DEVNET_MACHINE_TYPE = "peaqos-devnet-machine";

  @Option(
      names = "--tokenomics",
      paramLabel = "1.0|2.0",
      description =
          "Economics generation: 2.0 (one activateMachine call) or 1.0 (register, mint, DID);"
              + " default 2.0 when PEAQOS_DEPLOYMENT_ID is set, else 1.0.")
  String tokenomics;

  @Option(
      names = "--machine-type",
      paramLabel = "TYPE",
      description = "2.0: identity domain (with --credential-subject-hex it fixes the machine ID).")
  String machineType;

  @Option(
      names = "--credential-subject-hex",
      paramLabel = "0xHEX",
      description = "2.0: identity-anchor bytes (devnet default: the signer's address).")
  String credentialSubjectHex;

  @Option(
      names = "--manufacturer",
      paramLabel = "ADDRESS",
      description = "2.0: manufacturer address (recorded, never verified).")
  String manufacturer;

  @Option(
      names = "--tier",
      paramLabel = "entry|basic|pro",
      description = "2.0: subscription tier (devnet default entry).")
  String tier;

  @Option(
      names = "--did-document",
      paramLabel = "FILE",
      description =
          "2.0: JSON with exactly verificationMethods, authentication, serviceEndpoints"
              + " (devnet default: the signer's key as the one method).")
  Path didDocument;

  @Option(
      names = "--payment",
      paramLabel = "peaq|usdt",
      defaultValue = "peaq",
      description = "2.0: the rail that pays the bond (default ${DEFAULT-VALUE}).")
  String payment;

  @Option(
      names = "--slippage-bps",
      paramLabel = "BPS",
      description = "2.0: accepted USDT slippage 0..10000 (USDT only).")
  Integer slippageBps;

  @Option(names = "--dry-run", description = "2.0: preview only; submit nothing.")
  boolean dryRun;

  @Option(
      names = {"--yes", "-y"},
      description = "2.0: accept the displayed activation terms (needed off the devnet).")
  boolean yes;

  /** The 2.0 deployment id, or empty for the 1.0 flow. */
  Optional<String> deploymentId(CliEnv env, Optional<String> network) {
    try {
      if (tokenomics == null && Tokenomics.deploymentIdShadowedBy10(env::orNull)) {
        xyz.peaq.os.cli.Out.progress(
            "Note: PEAQOS_DEPLOYMENT_ID is set, but so are the 1.0 contract variables"
                + " (IDENTITY_REGISTRY_ADDRESS, ...): staying on Economics 1.0. Pass --tokenomics 2.0"
                + " for 2.0.");
      }
      return Tokenomics.select(env::orNull, tokenomics, network.orElse(null));
    } catch (ValidationException e) {
      if ("tokenomics".equals(e.field())) {
        throw CliException.input(e.getMessage().replaceFirst("^ValidationError: ", ""));
      }
      throw e;
    }
  }

  /** A 2.0 flag without 2.0 mode is a mistake, not something to ignore. */
  void rejectIn10Mode() {
    List<String> given = given();
    if (!given.isEmpty()) {
      throw CliException.input(
          String.join(", ", given)
              + " belong(s) to Economics 2.0: add --tokenomics 2.0 or set PEAQOS_DEPLOYMENT_ID");
    }
  }

  private List<String> given() {
    List<String> g = new ArrayList<>();
    if (machineType != null) g.add("--machine-type");
    if (credentialSubjectHex != null) g.add("--credential-subject-hex");
    if (manufacturer != null) g.add("--manufacturer");
    if (tier != null) g.add("--tier");
    if (didDocument != null) g.add("--did-document");
    if (!"peaq".equals(payment)) g.add("--payment");
    if (slippageBps != null) g.add("--slippage-bps");
    if (dryRun) g.add("--dry-run");
    if (yes) g.add("--yes");
    return g;
  }

  /**
   * The validated 2.0 request: off the devnet the five identity flags are required (the official
   * CLI's rule); on the devnet missing ones take defaults so that the command runs with no set-up.
   */
  Econ2Activation.Request request(
      CliEnv env,
      String deploymentId,
      Path devnetDir,
      boolean devnet,
      Credentials signer,
      String signerSource,
      Optional<String> operator,
      boolean skipFunding,
      boolean json,
      Optional<String> totpCode) {
    // The official CLI's rule: --slippage-bps is required for USDT and refused for PEAQ.
    if (!"peaq".equals(payment) && !"usdt".equals(payment)) {
      throw CliException.input("--payment must be peaq or usdt, got \"" + payment + "\"");
    }
    if ("peaq".equals(payment) && slippageBps != null) {
      throw CliException.input(
          "--slippage-bps does not apply to the PEAQ rail: a PEAQ bond is quoted and paid in PEAQ."
              + " Drop the option, or pass --payment usdt.");
    }
    if ("usdt".equals(payment)) {
      if (slippageBps == null) {
        throw CliException.input(
            "--slippage-bps is required for the USDT rail: the USDT amount is quoted from the PEAQ"
                + " cost at execution time, so state the movement you accept (0..10000 basis"
                + " points).");
      }
      if (slippageBps < 0 || slippageBps > 10_000) {
        throw CliException.input(
            "--slippage-bps must be between 0 and 10000 basis points, got " + slippageBps + ".");
      }
    }
    if (!devnet) {
      List<String> missing = new ArrayList<>();
      if (machineType == null) missing.add("--machine-type");
      if (credentialSubjectHex == null) missing.add("--credential-subject-hex");
      if (manufacturer == null) missing.add("--manufacturer");
      if (tier == null) missing.add("--tier");
      if (didDocument == null) missing.add("--did-document");
      if (!missing.isEmpty()) {
        throw CliException.input(
            "Missing required option(s): "
                + String.join(", ", missing)
                + ". Run 'peaqos activate --help' for the full activation inputs.");
      }
    }
    String signerAddress = Keys.toChecksumAddress(signer.getAddress());
    String type = machineType == null ? DEVNET_MACHINE_TYPE : machineType;
    if (type.isBlank()) {
      throw CliException.input("--machine-type must not be empty.");
    }
    byte[] subject;
    if (credentialSubjectHex == null) {
      subject = HexFormat.of().parseHex(signerAddress.substring(2));
    } else {
      String h = credentialSubjectHex.strip();
      if (!h.matches("0x([0-9a-fA-F]{2})+")) {
        throw CliException.input(
            "--credential-subject-hex must be 0x followed by an even number of hex digits (at least one byte)");
      }
      subject = HexFormat.of().parseHex(h.substring(2));
    }
    String maker = manufacturer == null ? signerAddress : manufacturer.strip();
    if (!maker.matches("0x[0-9a-fA-F]{40}")) {
      throw CliException.input(
          "Invalid --manufacturer address \""
              + maker
              + "\": expected 0x followed by 40 hex digits");
    }
    Tier t;
    try {
      t = tier == null ? Tier.ENTRY : Tier.parse(tier);
    } catch (IllegalArgumentException e) {
      throw CliException.input("--tier " + e.getMessage().replaceFirst("^tier ", ""));
    }
    Optional<Path> doc = Optional.ofNullable(didDocument).map(p -> env.workDir().resolve(p));
    if (doc.isPresent() && !Files.isRegularFile(doc.get())) {
      throw CliException.input("--did-document " + doc.get() + " does not exist");
    }
    return new Econ2Activation.Request(
        deploymentId,
        devnetDir,
        signer,
        signerSource,
        operator,
        type,
        subject,
        maker,
        t,
        doc,
        skipFunding,
        dryRun,
        json,
        yes,
        totpCode,
        payment,
        slippageBps == null ? 0 : slippageBps);
  }
}
