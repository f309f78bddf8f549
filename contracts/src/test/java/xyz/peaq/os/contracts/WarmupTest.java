package xyz.peaq.os.contracts;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
class WarmupTest { @Test void artifactCompiled() { assertThat(WarmupTest.class.getResource("/xyz/peaq/os/contracts/artifacts/Placeholder.json")).isNotNull(); } }
