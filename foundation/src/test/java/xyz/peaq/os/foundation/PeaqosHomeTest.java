package xyz.peaq.os.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeaqosHomeTest {
  @Test
  void homeVariableDecidesTheFolderAsAShellWould() {
    assertThat(PeaqosHome.dir(Map.of("HOME", "/tmp/someone")::get))
        .isEqualTo(Path.of("/tmp/someone/.peaqos"));
    assertThat(PeaqosHome.devnetDir(Map.of("HOME", "/tmp/someone")::get))
        .isEqualTo(Path.of("/tmp/someone/.peaqos/devnet"));
  }

  @Test
  void withoutHomeTheJvmUserHomeIsUsed() {
    Path expected =
        Path.of(System.getProperty("user.home"), ".peaqos", "devnet").toAbsolutePath().normalize();
    assertThat(PeaqosHome.devnetDir(Map.<String, String>of()::get)).isEqualTo(expected);
    assertThat(PeaqosHome.devnetDir(Map.of("HOME", "  ")::get)).isEqualTo(expected);
  }

  @Test
  void devnetDirVariableWinsAndIsMadeAbsolute() {
    assertThat(
            PeaqosHome.devnetDir(
                Map.of("HOME", "/tmp/h", "PEAQOS_DEVNET_DIR", "/srv/dev/../devnet")::get))
        .isEqualTo(Path.of("/srv/devnet"));
    assertThat(PeaqosHome.devnetDir(Map.of("PEAQOS_DEVNET_DIR", "rel/dir")::get))
        .isEqualTo(Path.of("rel/dir").toAbsolutePath().normalize());
    assertThat(PeaqosHome.devnetDir(Map.of("HOME", "/tmp/h", "PEAQOS_DEVNET_DIR", " ")::get))
        .isEqualTo(Path.of("/tmp/h/.peaqos/devnet"));
  }
}
