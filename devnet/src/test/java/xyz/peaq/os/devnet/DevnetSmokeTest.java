package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

class DevnetSmokeTest {
    @TempDir Path dir;

    @Test
    void startsDeploysAndWritesEnv() throws Exception {
        try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
            assertThat(chain.rpcUrl()).startsWith("http://127.0.0.1:");
            assertThat(chain.web3j().ethChainId().send().getChainId().longValue()).isEqualTo(33380L);
            for (String a : chain.contracts().asEnv().values()) {
                assertThat(chain.web3j().ethGetCode(a, DefaultBlockParameterName.LATEST).send().getCode()).hasSizeGreaterThan(10);
            }
            Map<String, String> env = EnvFile.read(chain.envFile());
            assertThat(env).containsEntry("PEAQOS_NETWORK", "devnet").containsEntry("PEAQOS_RPC_URL", chain.rpcUrl())
                    .containsEntry("IDENTITY_REGISTRY_ADDRESS", chain.contracts().identityRegistry());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(chain.envFile()))).isEqualTo("rw-------");
        }
    }
}
