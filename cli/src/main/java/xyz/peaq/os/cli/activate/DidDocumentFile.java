package xyz.peaq.os.cli.activate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.sdk.econ2.ServiceEndpoint;
import xyz.peaq.os.sdk.econ2.VerificationMethod;

/**
 * The {@code --did-document} file of a 2.0 activation, as the official CLI reads it: a UTF-8 JSON
 * object with exactly {@code verificationMethods} (each {@code id}, {@code methodType}, {@code
 * controller}, {@code publicKeyMultibase}), {@code authentication} (indices into the methods) and
 * {@code serviceEndpoints} (each {@code id}, {@code serviceType}, {@code serviceEndpoint}); the
 * DID's {@code id} and {@code controller} are the contract's and the CLI's to set.
 */
record DidDocumentFile(
    List<VerificationMethod> verificationMethods,
    List<BigInteger> authentication,
    List<ServiceEndpoint> serviceEndpoints) {

  private static final Set<String> ROOT =
      Set.of("verificationMethods", "authentication", "serviceEndpoints");
  private static final Set<String> METHOD =
      Set.of("id", "methodType", "controller", "publicKeyMultibase");
  private static final Set<String> ENDPOINT = Set.of("id", "serviceType", "serviceEndpoint");

  static DidDocumentFile read(Path file) {
    return parse(readText(file));
  }

  static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw CliException.input(file + " cannot be read: " + e.getMessage());
    }
  }

  static DidDocumentFile parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw CliException.input("--did-document is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw CliException.input("--did-document must hold one JSON object");
    }
    exactly(root, ROOT, "the document");
    List<VerificationMethod> methods = new ArrayList<>();
    int i = 0;
    for (JsonNode m : array(root, "verificationMethods")) {
      String where = "verificationMethods[" + i++ + "]";
      exactly(m, METHOD, where);
      String controller = text(m, "controller", where);
      if (!controller.matches("0x[0-9a-fA-F]{40}")) {
        throw CliException.input(
            "--did-document " + where + ".controller must be 0x followed by 40 hex digits");
      }
      methods.add(
          new VerificationMethod(
              text(m, "id", where),
              text(m, "methodType", where),
              controller,
              text(m, "publicKeyMultibase", where)));
    }
    List<BigInteger> auth = new ArrayList<>();
    for (JsonNode a : array(root, "authentication")) {
      if (!a.canConvertToLong() || !a.isIntegralNumber() || a.asLong() < 0) {
        throw CliException.input(
            "--did-document authentication holds indices (whole numbers >= 0)");
      }
      if (a.asLong() >= methods.size()) {
        throw CliException.input(
            "--did-document authentication index "
                + a.asLong()
                + " has no verification method (there are "
                + methods.size()
                + ")");
      }
      auth.add(BigInteger.valueOf(a.asLong()));
    }
    List<ServiceEndpoint> endpoints = new ArrayList<>();
    i = 0;
    for (JsonNode s : array(root, "serviceEndpoints")) {
      String where = "serviceEndpoints[" + i++ + "]";
      exactly(s, ENDPOINT, where);
      endpoints.add(
          new ServiceEndpoint(
              text(s, "id", where),
              text(s, "serviceType", where),
              text(s, "serviceEndpoint", where)));
    }
    return new DidDocumentFile(methods, auth, endpoints);
  }

  /**
   * The devnet default: the signer's secp256k1 key as the one verification method ({@code
   * publicKeyMultibase} = {@code z} + base58btc of the multicodec {@code 0xe7 0x01} and the
   * compressed key), authenticating, no service endpoint.
   */
  static DidDocumentFile defaultFor(Credentials signer, String controller) {
    return new DidDocumentFile(
        List.of(
            new VerificationMethod(
                "#key-1",
                VerificationMethod.SECP256K1,
                controller,
                VerificationMethod.publicKeyMultibase(signer))),
        List.of(BigInteger.ZERO),
        List.of());
  }

  private static void exactly(JsonNode node, Set<String> fields, String where) {
    if (!node.isObject()) {
      throw CliException.input("--did-document " + where + " must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw CliException.input(
            "--did-document "
                + where
                + " has the field \""
                + f
                + "\"; allowed: "
                + String.join(", ", new java.util.TreeSet<>(fields)));
      }
    }
    for (String f : fields) {
      if (!node.has(f)) {
        throw CliException.input("--did-document " + where + " lacks \"" + f + "\"");
      }
    }
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode a = root.get(field);
    if (!a.isArray()) {
      throw CliException.input("--did-document " + field + " must be a JSON array");
    }
    return a;
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw CliException.input(
          "--did-document " + where + "." + field + " must be a non-empty string");
    }
    return v.asText();
  }
}
