package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import xyz.peaq.os.contracts.ContractArtifacts;

/**
 * Every test of {@link DidEmulationTest} on the layout of a devnet made before the attribute store:
 * the emulation's code without a store address, so its attributes live in its own storage (what
 * such a folder's 0x…0800 keeps when a newer devnet refreshes its code). Installed at an address of
 * its own beside the devnet's.
 */
class DidEmulationInPlaceTest extends DidEmulationTest {
  static final String IN_PLACE = "0x0000000000000000000000000000000000000900";

  @BeforeAll
  static void installWithoutAStore() throws Exception {
    VoidResponse r =
        new Request<>(
                "anvil_setCode",
                List.of(IN_PLACE, ContractArtifacts.didPrecompile().deployedBytecode()),
                new HttpService(chain.rpcUrl()),
                VoidResponse.class)
            .send();
    assertThat(r.hasError()).as("anvil_setCode answered without error").isFalse();
  }

  @Override
  String did() {
    return IN_PLACE;
  }
}
