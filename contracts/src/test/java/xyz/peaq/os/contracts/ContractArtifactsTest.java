package xyz.peaq.os.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContractArtifactsTest {
  @Test
  void everyDeploymentArtifactLoadsWithAbiAndCode() throws Exception {
    for (String name :
        java.util.stream.Stream.concat(
                ContractArtifacts.NAMES.stream(), ContractArtifacts.ECON2_NAMES.stream())
            .toList()) {
      ContractArtifact a = ContractArtifacts.load(name);
      assertThat(a.name()).isEqualTo(name);
      assertThat(new ObjectMapper().readTree(a.abiJson()).isArray()).isTrue();
      assertThat(a.bytecode()).startsWith("0x").hasSizeGreaterThan(10);
      assertThat(a.deployedBytecode()).startsWith("0x").hasSizeGreaterThan(10);
    }
  }

  @Test
  void submitEventHasTheRealSignature() throws Exception {
    JsonNode abi = new ObjectMapper().readTree(ContractArtifacts.eventRegistry().abiJson());
    StringBuilder types = new StringBuilder();
    for (JsonNode e : abi) {
      if ("submitEvent".equals(e.path("name").asText())) {
        for (JsonNode in : e.path("inputs"))
          types.append(types.length() == 0 ? "" : ",").append(in.path("type").asText());
      }
    }
    assertThat(types.toString())
        .isEqualTo("uint256,uint8,uint256,string,uint256,bytes32,uint8,uint256,bytes32,bytes");
  }

  @Test
  void unknownNameIsAClearError() {
    assertThatThrownBy(() -> ContractArtifacts.load("Nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nope")
        .hasMessageContaining("IdentityRegistry");
  }
}
