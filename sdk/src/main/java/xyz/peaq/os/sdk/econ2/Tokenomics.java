package xyz.peaq.os.sdk.econ2;

import java.util.Optional;
import xyz.peaq.os.sdk.EnvSource;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Which economics generation a client speaks. No deployment id means 1.0, exactly as before (every
 * existing {@code .env} keeps working); {@code PEAQOS_DEPLOYMENT_ID} (the official CLI's name) or
 * {@code TOKENOMICS_DEPLOYMENT_ID} (the 0.11 SDK's) in the environment or {@code ./.env}, or an
 * explicit {@code 2.0}, selects 2.0. The devnet's own {@code devnet.env} also carries {@code
 * PEAQOS_DEPLOYMENT_ID=devnet}; it describes what the devnet offers and never selects a generation
 * by itself.
 */
public final class Tokenomics {
  public static final String PEAQOS_DEPLOYMENT_ID = "PEAQOS_DEPLOYMENT_ID";
  public static final String TOKENOMICS_DEPLOYMENT_ID = "TOKENOMICS_DEPLOYMENT_ID";

  private Tokenomics() {}

  /** The deployment id the environment names ({@code PEAQOS_DEPLOYMENT_ID} wins). */
  public static Optional<String> deploymentId(EnvSource env) {
    return env.get(PEAQOS_DEPLOYMENT_ID).or(() -> env.get(TOKENOMICS_DEPLOYMENT_ID));
  }

  /**
   * The 2.0 deployment id to use, or empty for 1.0.
   *
   * @param generation {@code "2.0"}, {@code "1.0"} or null (then the environment decides)
   * @param network the network name ({@code devnet}, {@code mainnet}, {@code agung}) or null; with
   *     {@code 2.0} and no deployment id in the environment it picks the network's record
   * @throws ValidationException for another generation, or 2.0 with neither an id nor a network
   */
  public static Optional<String> select(EnvSource env, String generation, String network) {
    if (generation != null) {
      String g = generation.strip();
      if (g.equals("1.0") || g.equals("1")) {
        return Optional.empty();
      }
      if (!g.equals("2.0") && !g.equals("2")) {
        throw new ValidationException(
            "tokenomics", "--tokenomics must be 1.0 or 2.0, got \"" + generation + "\"");
      }
      Optional<String> id = deploymentId(env);
      if (id.isPresent()) {
        return id;
      }
      if (network == null) {
        throw ValidationException.required(PEAQOS_DEPLOYMENT_ID);
      }
      return Optional.of(defaultDeployment(network));
    }
    if (env.get(IDENTITY_REGISTRY_ADDRESS).isPresent()) {
      // An explicit 1.0 configuration wins over a deployment id beside it: a .env copied from a
      // devnet.env (which names its 2.0 set too) keeps working as 1.0. --tokenomics 2.0 overrides.
      return Optional.empty();
    }
    return deploymentId(env);
  }

  /**
   * True when the environment names a deployment id that {@link #select} ignores because explicit
   * 1.0 contract variables are set too (callers say so).
   */
  public static boolean deploymentIdShadowedBy10(EnvSource env) {
    return deploymentId(env).isPresent() && env.get(IDENTITY_REGISTRY_ADDRESS).isPresent();
  }

  private static final String IDENTITY_REGISTRY_ADDRESS = "IDENTITY_REGISTRY_ADDRESS";

  /** The 2.0 record of a network: peaq-mainnet, agung-2026-08-28 or devnet. */
  public static String defaultDeployment(String network) {
    return switch (network) {
      case "mainnet" -> Econ2Deployment.PEAQ_MAINNET;
      case "agung", "testnet" -> Econ2Deployment.AGUNG;
      case "devnet" -> Econ2Deployment.DEVNET;
      default ->
          throw new ValidationException(
              "network", "network \"" + network + "\" has no Economics 2.0 deployment record");
    };
  }

  /**
   * The error a 1.0-only operation gives in 2.0 mode, with the official SDK's code: {@code
   * registerMachine}, {@code mintNft}, {@code tokenIdOf} → {@code LEGACY_REGISTRATION_UNSUPPORTED};
   * {@code registerFor} → {@code SPONSORED_ACTIVATION_UNSUPPORTED}; the DID attribute writers →
   * {@code DID_ATTRIBUTES_UNSUPPORTED}.
   */
  public static Econ2Exception legacyOperation(String operation, String deploymentId) {
    String code =
        switch (operation) {
          case "registerFor" -> "SPONSORED_ACTIVATION_UNSUPPORTED";
          case "writeMachineDIDAttributes", "writeProxyDIDAttributes" ->
              "DID_ATTRIBUTES_UNSUPPORTED";
          case "bridgeNft" -> "MACHINE_RELOCATION_UNAVAILABLE";
          default -> "LEGACY_REGISTRATION_UNSUPPORTED";
        };
    String fix =
        switch (code) {
          case "SPONSORED_ACTIVATION_UNSUPPORTED" ->
              "in 2.0 the machine key signs activateMachine with the operator as controller";
          case "DID_ATTRIBUTES_UNSUPPORTED" ->
              "in 2.0 the DID document lives in MachineRegistry (setVerificationMethods,"
                  + " setAuthentication, setServiceEndpoints)";
          default -> "in 2.0 one activateMachine call registers, mints and bonds";
        };
    return new Econ2Exception(
        code,
        operation
            + " is an Economics 1.0 operation and deployment "
            + deploymentId
            + " is 2.0: "
            + fix
            + " (unset PEAQOS_DEPLOYMENT_ID for 1.0)");
  }
}
