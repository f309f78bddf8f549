package xyz.peaq.os.cli.activate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.econ2.ActivationException;
import xyz.peaq.os.sdk.econ2.Econ2Client;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.econ2.Econ2Exception;
import xyz.peaq.os.sdk.econ2.ServiceEndpoint;
import xyz.peaq.os.sdk.econ2.VerificationMethod;

/**
 * The SDK's 2.0 client for {@code peaqos machine}, with the activation's document schema and error
 * codes: the arrays of the DID setters are read as {@code --did-document}'s, and a failure prints
 * the official {@code error_code} (JSON on stdout with {@code --json}) and ends with its exit code.
 */
public final class Econ2Machines {
  private final Econ2Client client;

  public Econ2Machines(ChainReads chain, Econ2Deployment d, Optional<Credentials> signer) {
    this.client = Econ2Client.create(chain, d, signer.map(chain::signer).orElse(null), null);
  }

  public Econ2Client client() {
    return client;
  }

  /** A JSON array of verification methods, in the activation schema. */
  public static List<VerificationMethod> readMethods(Path file) {
    return DidDocumentFile.parse(
            "{\"verificationMethods\":"
                + DidDocumentFile.readText(file)
                + ",\"authentication\":[],\"serviceEndpoints\":[]}")
        .verificationMethods();
  }

  /** A JSON array of service endpoints, in the activation schema. */
  public static List<ServiceEndpoint> readServices(Path file) {
    return DidDocumentFile.parse(
            "{\"verificationMethods\":[],\"authentication\":[],\"serviceEndpoints\":"
                + DidDocumentFile.readText(file)
                + "}")
        .serviceEndpoints();
  }

  /** The failure as the official CLI reports it. */
  public static CliException failure(Econ2Exception e, boolean json) {
    Econ2ErrorCodes.Mapped m = Econ2ErrorCodes.of(e.code());
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", "PENDING".equals(m.errorCode()) ? "pending" : "error");
      out.put("error_code", m.errorCode());
      out.put("message", e.getMessage());
      out.put("guidance", m.guidance());
      if (e instanceof ActivationException a && a.transactionHash() != null) {
        out.put("transaction_hash", a.transactionHash());
      }
      Json.print(out);
    }
    return new CliException(
        m.exitCode(), m.errorCode() + ": " + e.getMessage() + ". " + m.guidance());
  }
}
