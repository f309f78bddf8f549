package xyz.peaq.os.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every function, event and error signature of the real contracts exists in ours, identical in
 * names, types, indexed flags, tuple layouts, mutability and outputs, except the documented
 * deviations.
 */
class ContractAbiCompatibilityTest {
  /** real signature -> ours; each is explained in contracts/README.md. */
  private static final Map<String, String> DEVIATIONS =
      Map.ofEntries(
          Map.entry(
              "IdentityStaking\tfunction stakeFor(uint256 machineId, address owner_, uint256 amount) nonpayable returns ()",
              "IdentityStaking\tfunction stakeFor(uint256 machineId, address owner_, uint256 amount) payable returns ()"),
          Map.entry(
              "MachineNFT\tfunction mint(uint256 machineId, address recipient) nonpayable returns ()",
              "MachineNFT\tfunction mint(uint256 machineId, address recipient) nonpayable returns (uint256)"),
          Map.entry(
              "DidPrecompileEmulation\tevent AddAttribute(address indexed sender, address indexed didAccount, bytes name, bytes value, uint32 indexed validity)",
              "DidPrecompileEmulation\tevent AddAttribute(address sender, address didAccount, bytes name, bytes value, uint32 validity)"),
          Map.entry(
              "DidPrecompileEmulation\tevent UpdateAttribute(address indexed sender, address indexed didAccount, bytes name, bytes value, uint32 indexed validity)",
              "DidPrecompileEmulation\tevent UpdateAttribute(address sender, address didAccount, bytes name, bytes value, uint32 validity)"),
          Map.entry(
              "DidPrecompileEmulation\tevent RemoveAttribute(address indexed didAccount, bytes name)",
              "DidPrecompileEmulation\tevent RemoveAttribute(address didAccount, bytes name)"),
          Map.entry(
              "BatchPrecompileEmulation\tfunction batchAll(address[] to, uint256[] value, bytes[] callData, uint64[] gasLimit) nonpayable returns ()",
              "BatchPrecompileEmulation\tfunction batchAll(address[] to, uint256[] value, bytes[] callData, uint64[] gasLimit) payable returns ()"),
          Map.entry(
              "BatchPrecompileEmulation\tfunction batchSome(address[] to, uint256[] value, bytes[] callData, uint64[] gasLimit) nonpayable returns ()",
              "BatchPrecompileEmulation\tfunction batchSome(address[] to, uint256[] value, bytes[] callData, uint64[] gasLimit) payable returns ()"),
          Map.entry(
              "BatchPrecompileEmulation\tfunction batchSomeUntilFailure(address[] to, uint256[] value, bytes[] callData, uint64[] gasLimit) nonpayable returns ()",
              "BatchPrecompileEmulation\tfunction batchSomeUntilFailure(address[] to, uint256[] value, bytes[] callData, uint64[] gasLimit) payable returns ()"));

  @Test
  void everyRealSignatureExistsInOurArtifacts() throws Exception {
    List<String> expected = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/real-abi-signatures.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) expected.add(line);
      }
    }
    assertThat(expected).hasSizeGreaterThan(250);
    Set<String> ours = new HashSet<>();
    for (String name : ContractArtifacts.NAMES) {
      for (JsonNode e : new ObjectMapper().readTree(ContractArtifacts.load(name).abiJson())) {
        if (e.has("name")) ours.add(name + "\t" + detail(e));
      }
    }
    List<String> missing = new ArrayList<>();
    for (String line : expected) {
      String want = DEVIATIONS.getOrDefault(line, line);
      if (!ours.contains(want)) missing.add(want);
    }
    assertThat(missing).as("real signatures missing from our ABIs").isEmpty();
  }

  private static String detail(JsonNode e) {
    StringBuilder s =
        new StringBuilder(e.path("type").asText())
            .append(' ')
            .append(e.path("name").asText())
            .append('(');
    params(s, e.path("inputs"));
    s.append(')');
    if ("function".equals(e.path("type").asText())) {
      s.append(' ').append(e.path("stateMutability").asText()).append(" returns (");
      params(s, e.path("outputs"));
      s.append(')');
    }
    return s.toString();
  }

  private static void params(StringBuilder s, JsonNode list) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode p = list.get(i);
      if (i > 0) s.append(", ");
      s.append(type(p));
      if (p.path("indexed").asBoolean(false)) s.append(" indexed");
      if (!p.path("name").asText().isEmpty()) s.append(' ').append(p.path("name").asText());
    }
  }

  private static String type(JsonNode p) {
    String t = p.path("type").asText();
    if (!t.startsWith("tuple")) return t;
    StringBuilder s = new StringBuilder("(");
    JsonNode comps = p.path("components");
    for (int i = 0; i < comps.size(); i++) {
      if (i > 0) s.append(',');
      s.append(type(comps.get(i)));
    }
    return s.append(')').append(t.substring(5)).toString();
  }
}
