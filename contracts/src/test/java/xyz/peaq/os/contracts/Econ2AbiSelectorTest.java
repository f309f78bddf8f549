package xyz.peaq.os.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * Every Economics 2.0 function, event and error the official peaq-os-sdk 0.12.1 uses (the list
 * {@code official-abi-0.12.1/sdk-used-signatures.txt}) exists in our artifacts with the same
 * selector (topic for events), parameter types, indexed flags, outputs and payability. The official
 * ABI files are the wheel's {@code peaq_os_sdk/abis/}, unmodified (SHA256SUMS beside them).
 */
class Econ2AbiSelectorTest {
  private static final String DIR = "/official-abi-0.12.1/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** official ABI file -> our artifact. */
  private static final Map<String, String> OURS =
      Map.ofEntries(
          Map.entry("InfoDesk", ContractArtifacts.INFO_DESK),
          Map.entry("MachineRegistry", ContractArtifacts.MACHINE_REGISTRY),
          Map.entry("MachineStateAndSync", ContractArtifacts.MACHINE_STATE_AND_SYNC),
          Map.entry("MachineSubscription", ContractArtifacts.MACHINE_SUBSCRIPTION),
          Map.entry("CrossChainMirror", ContractArtifacts.CROSS_CHAIN_MIRROR),
          Map.entry("EventRegistry", ContractArtifacts.EVENT_REGISTRY_V2),
          Map.entry("MachineBridgeAdapter", ContractArtifacts.MACHINE_BRIDGE_ADAPTER),
          Map.entry("SubscriptionTokenProvisionPool", ContractArtifacts.PROVISION_POOL),
          Map.entry("PriceOracle", ContractArtifacts.PRICE_ORACLE),
          Map.entry("PeaqToken", ContractArtifacts.NATIVE_TOKEN));

  @Test
  void everySignatureTheOfficialSdkUsesHasTheSameSelectorInOurs() throws Exception {
    List<String[]> used = usedSignatures();
    assertThat(used).hasSizeGreaterThan(150);
    List<String> problems = new ArrayList<>();
    for (String[] u : used) {
      String file = u[0], kind = u[1], signature = u[2];
      JsonNode official = find(officialAbi(file), kind, signature);
      if (official == null) {
        problems.add(
            file
                + " "
                + kind
                + " "
                + signature
                + ": not in the official ABI file (list out of date)");
        continue;
      }
      JsonNode ours =
          find(JSON.readTree(ContractArtifacts.load(OURS.get(file)).abiJson()), kind, signature);
      if (ours == null) {
        problems.add(
            OURS.get(file)
                + " lacks "
                + kind
                + " "
                + signature
                + " (selector "
                + selector(kind, signature)
                + ")");
        continue;
      }
      String want = shape(official), have = shape(ours);
      if (!want.equals(have))
        problems.add(OURS.get(file) + " " + signature + ": official " + want + ", ours " + have);
    }
    assertThat(problems).as("differences from the official 0.12.1 ABIs").isEmpty();
  }

  @Test
  void selectorsOfTheActivationPathMatchTheDocumentedValues() throws Exception {
    // Documented in the reference: activateMachine 0xda3802f6, submitEvent 0xe58a43ca.
    assertThat(
            selector(
                "function",
                signature(
                    find(
                        JSON.readTree(
                            ContractArtifacts.load(ContractArtifacts.MACHINE_STATE_AND_SYNC)
                                .abiJson()),
                        "function",
                        "activateMachine((string,address,(string,string,address,string)[],uint256[],(string,string,string)[]),string,bytes,address,uint8)"))))
        .isEqualTo("0xda3802f6");
    assertThat(
            selector(
                "function",
                "submitEvent(uint256,uint8,uint256,string,uint256,bytes32,uint8,uint256,bytes32,bytes)"))
        .isEqualTo("0xe58a43ca");
  }

  @Test
  void theOfficialAbiFilesAreTheWheelsUnmodified() throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String line : resource("SHA256SUMS").split("\n")) {
      if (line.isBlank()) continue;
      String[] f = line.trim().split("\\s+");
      sums.put(f[1], f[0]);
    }
    assertThat(sums.keySet()).containsAll(OURS.keySet().stream().map(n -> n + ".json").toList());
    for (Map.Entry<String, String> e : sums.entrySet()) {
      byte[] bytes = resource(e.getKey()).getBytes(StandardCharsets.UTF_8);
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertThat(actual).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  private static List<String[]> usedSignatures() throws IOException {
    List<String[]> out = new ArrayList<>();
    for (String line : resource("sdk-used-signatures.txt").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t");
      assertThat(f).as(line).hasSize(3);
      out.add(f);
    }
    return out;
  }

  private static JsonNode officialAbi(String file) throws IOException {
    return JSON.readTree(resource(file + ".json"));
  }

  private static JsonNode find(JsonNode abi, String kind, String signature) {
    for (JsonNode e : abi) {
      if (kind.equals(e.path("type").asText()) && signature.equals(signature(e))) return e;
    }
    return null;
  }

  private static String signature(JsonNode e) {
    StringBuilder s = new StringBuilder(e.path("name").asText()).append('(');
    JsonNode in = e.path("inputs");
    for (int i = 0; i < in.size(); i++) s.append(i > 0 ? "," : "").append(type(in.get(i)));
    return s.append(')').toString();
  }

  /**
   * What must agree beyond the selector: indexed flags, outputs, payable or not (view and pure are
   * both reads).
   */
  private static String shape(JsonNode e) {
    StringBuilder s = new StringBuilder();
    for (JsonNode p : e.path("inputs")) s.append(p.path("indexed").asBoolean(false) ? "i" : "-");
    if ("function".equals(e.path("type").asText())) {
      String m = e.path("stateMutability").asText();
      s.append(" ").append(m.equals("pure") ? "view" : m).append(" returns (");
      JsonNode out = e.path("outputs");
      for (int i = 0; i < out.size(); i++) s.append(i > 0 ? "," : "").append(type(out.get(i)));
      s.append(')');
    }
    return s.toString();
  }

  private static String type(JsonNode p) {
    String t = p.path("type").asText();
    if (!t.startsWith("tuple")) return t;
    StringBuilder s = new StringBuilder("(");
    JsonNode comps = p.path("components");
    for (int i = 0; i < comps.size(); i++) s.append(i > 0 ? "," : "").append(type(comps.get(i)));
    return s.append(')').append(t.substring(5)).toString();
  }

  private static String selector(String kind, String signature) {
    byte[] hash = Hash.sha3(signature.getBytes(StandardCharsets.UTF_8));
    String hex = HexFormat.of().formatHex(hash);
    return "0x" + ("event".equals(kind) ? hex : hex.substring(0, 8));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Econ2AbiSelectorTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) throw new IOException("missing test resource " + DIR + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
