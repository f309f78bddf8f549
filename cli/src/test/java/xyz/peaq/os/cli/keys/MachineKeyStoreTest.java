package xyz.peaq.os.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.config.CliEnv;

/** The CLI's machine key over the SDK's KeyStoreFiles: formats, passphrases and exit codes. */
class MachineKeyStoreTest {
  private static PassphraseSource devnetDefault(Path wd) {
    return new PassphraseSource(CliEnv.of(wd, Map.of()), true);
  }

  private static PassphraseSource explicit(Path wd, String pass) {
    return new PassphraseSource(CliEnv.of(wd, Map.of(PassphraseSource.ENV, pass)), false);
  }

  @Test
  void devnetKeysAreLightestScryptWithAChecksummedAddressAndReadBackWithoutAPassphrase(
      @TempDir Path wd) throws Exception {
    Credentials key = Credentials.create(Keys.createEcKeyPair());
    Path file = MachineKeyStore.defaultPath(wd);
    MachineKeyStore.store(file, key, devnetDefault(wd), false);
    JsonNode v3 = new ObjectMapper().readTree(file.toFile());
    assertThat(v3.path("address").asText()).isEqualTo(Keys.toChecksumAddress(key.getAddress()));
    // The public devnet passphrase protects nothing: the lightest scrypt (n = 2^10, p = 1).
    assertThat(v3.path("crypto").path("kdfparams").path("n").asInt()).isEqualTo(1024);
    assertThat(v3.path("crypto").path("kdfparams").path("p").asInt()).isEqualTo(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(MachineKeyStore.addressOf(file)).isEqualTo(Keys.toChecksumAddress(key.getAddress()));
    assertThat(
            MachineKeyStore.load(file, new PassphraseSource(CliEnv.of(wd, Map.of()), false))
                .getEcKeyPair())
        .isEqualTo(key.getEcKeyPair());
  }

  @Test
  void withoutForceAnExistingKeyIsNeverReplacedAndWithForceItIs(@TempDir Path wd) throws Exception {
    Path file = MachineKeyStore.defaultPath(wd);
    Credentials first = Credentials.create(Keys.createEcKeyPair());
    MachineKeyStore.store(file, first, devnetDefault(wd), false);
    String before = Files.readString(file);
    Credentials second = Credentials.create(Keys.createEcKeyPair());
    assertThatThrownBy(() -> MachineKeyStore.store(file, second, devnetDefault(wd), false))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("already exists; pass --force")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.INPUT));
    assertThat(Files.readString(file)).isEqualTo(before);
    MachineKeyStore.store(file, second, devnetDefault(wd), true);
    assertThat(MachineKeyStore.addressOf(file))
        .isEqualTo(Keys.toChecksumAddress(second.getAddress()));
  }

  @Test
  void aWrongPassphraseAndABrokenFileAreConfigurationErrorsThatNeverShowTheKey(@TempDir Path wd)
      throws Exception {
    Path file = MachineKeyStore.defaultPath(wd);
    Credentials key = Credentials.create(Keys.createEcKeyPair());
    MachineKeyStore.store(file, key, explicit(wd, "right"), false);
    assertThatThrownBy(() -> MachineKeyStore.load(file, explicit(wd, "wrong")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("wrong passphrase")
        .satisfies(
            e -> {
              assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.CONFIG);
              assertThat(e.getMessage())
                  .doesNotContain(key.getEcKeyPair().getPrivateKey().toString(16));
            });
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> MachineKeyStore.addressOf(file))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("Invalid key file");
    assertThatThrownBy(() -> MachineKeyStore.load(file, explicit(wd, "right")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("Invalid key file");
  }
}
