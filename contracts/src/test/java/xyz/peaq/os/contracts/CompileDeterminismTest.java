package xyz.peaq.os.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh compile of the same sources gives byte-identical bytecode to the artifacts on the
 * classpath.
 */
class CompileDeterminismTest {
  @TempDir Path out;

  @Test
  void freshCompileMatchesTheBuiltArtifacts() throws Exception {
    Path script = findCompileScript();
    Process p =
        new ProcessBuilder("node", script.toString(), out.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("compile.log").toFile())
            .start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("compile finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(out.resolve("compile.log"))).isZero();
    ObjectMapper json = new ObjectMapper();
    for (String name :
        java.util.stream.Stream.concat(
                ContractArtifacts.NAMES.stream(), ContractArtifacts.ECON2_NAMES.stream())
            .toList()) {
      JsonNode fresh = json.readTree(out.resolve(name + ".json").toFile());
      ContractArtifact built = ContractArtifacts.load(name);
      assertThat(fresh.path("bytecode").asText())
          .as(name + " bytecode")
          .isEqualTo(built.bytecode());
      assertThat(fresh.path("deployedBytecode").asText())
          .as(name + " deployedBytecode")
          .isEqualTo(built.deployedBytecode());
      assertThat(json.readTree(built.abiJson())).as(name + " abi").isEqualTo(fresh.path("abi"));
      assertThat(fresh.path("evmVersion").asText()).isEqualTo("paris");
    }
  }

  private static Path findCompileScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate :
          new Path[] {
            dir.resolve("build/compile.mjs"), dir.resolve("contracts/build/compile.mjs")
          }) {
        if (Files.exists(candidate)) return candidate;
      }
    }
    throw new IllegalStateException(
        "contracts/build/compile.mjs not found above " + Path.of("").toAbsolutePath());
  }
}
