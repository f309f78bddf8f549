package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import xyz.peaq.os.foundation.DotEnv;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.errors.ValidationException;

class PeaqosConfigTest {
  static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  static final String REG = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  static final String STK = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
  static final String EVT = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
  static final String NFT = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";

  static Map<String, String> full() {
    Map<String, String> m = new HashMap<>();
    m.put("PEAQOS_RPC_URL", "http://127.0.0.1:8545");
    m.put("PEAQOS_PRIVATE_KEY", KEY);
    m.put("IDENTITY_REGISTRY_ADDRESS", REG);
    m.put("IDENTITY_STAKING_ADDRESS", STK);
    m.put("EVENT_REGISTRY_ADDRESS", EVT);
    m.put("MACHINE_NFT_ADDRESS", NFT);
    return m;
  }

  @Test
  void fullCustomEnvironmentBuilds() {
    PeaqosConfig c = PeaqosConfig.fromEnv(EnvSource.of(full()));
    assertThat(c.network()).isNull();
    assertThat(c.chainId()).isNull();
    assertThat(c.contracts().identityRegistry()).isEqualTo(REG);
    assertThat(c.contracts().didRegistry()).isEqualTo(WellKnownAddresses.DID_PRECOMPILE);
    assertThat(c.contracts().batchPrecompile()).isEqualTo(WellKnownAddresses.BATCH_PRECOMPILE);
    assertThat(c.mcrApiUrl()).isEqualTo("http://127.0.0.1:8000");
    assertThat(c.gasStationUrl()).isNull();
    assertThat(c.operationalLimits()).isEqualTo(OperationalLimits.none());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PEAQOS_RPC_URL",
        "PEAQOS_PRIVATE_KEY",
        "IDENTITY_REGISTRY_ADDRESS",
        "IDENTITY_STAKING_ADDRESS",
        "EVENT_REGISTRY_ADDRESS",
        "MACHINE_NFT_ADDRESS"
      })
  void missingVariableHasTheExactMessage(String name) {
    Map<String, String> env = full();
    env.remove(name);
    assertThatThrownBy(() -> PeaqosConfig.fromEnv(EnvSource.of(env)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("ValidationError: " + name + " is required")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(name));
  }

  @Test
  void blankCountsAsMissing() {
    Map<String, String> env = full();
    env.put("PEAQOS_PRIVATE_KEY", "   ");
    assertThatThrownBy(() -> PeaqosConfig.fromEnv(EnvSource.of(env)))
        .hasMessage("ValidationError: PEAQOS_PRIVATE_KEY is required");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x1234",
        "0xzz9c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d00",
        "0x0000000000000000000000000000000000000000000000000000000000000000"
      })
  void malformedKeyNamesTheVariableAndShapeWithoutEchoingIt(String key) {
    Map<String, String> env = full();
    env.put("PEAQOS_PRIVATE_KEY", key);
    assertThatThrownBy(() -> PeaqosConfig.fromEnv(EnvSource.of(env)))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              assertThat(((ValidationException) e).field()).isEqualTo("PEAQOS_PRIVATE_KEY");
              assertThat(e.getMessage())
                  .contains("PEAQOS_PRIVATE_KEY")
                  .doesNotContain(key.substring(2, Math.min(key.length(), 20)));
            })
        .hasMessageMatching(".*(0x followed by 64 hex|secp256k1).*");
  }

  @Test
  void keyWithoutPrefixIsAccepted() {
    Map<String, String> env = full();
    env.put("PEAQOS_PRIVATE_KEY", KEY.substring(2));
    assertThat(PeaqosConfig.fromEnv(EnvSource.of(env)).privateKey()).isEqualTo(KEY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x5FbDB2315678afecb367f032d93F642f64180aa",
        "5FbDB2315678afecb367f032d93F642f64180aa3",
        "0x5FBDB2315678afecb367f032d93F642f64180aa3",
        "registry"
      })
  void malformedAddressNamesTheVariableAndShape(String address) {
    Map<String, String> env = full();
    env.put("EVENT_REGISTRY_ADDRESS", address);
    assertThatThrownBy(() -> PeaqosConfig.fromEnv(EnvSource.of(env)))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> assertThat(((ValidationException) e).field()).isEqualTo("EVENT_REGISTRY_ADDRESS"))
        .hasMessageStartingWith("EVENT_REGISTRY_ADDRESS ")
        .hasMessageMatching(".*(0x followed by 40 hex|EIP-55).*");
  }

  @Test
  void malformedUrlsAndNumbersAreNamed() {
    Map<String, String> env = full();
    env.put("PEAQOS_RPC_URL", "localhost:8545");
    assertThatThrownBy(() -> PeaqosConfig.fromEnv(EnvSource.of(env)))
        .hasMessageContaining("PEAQOS_RPC_URL must be an http(s) URL");
    env.put("PEAQOS_RPC_URL", "http://127.0.0.1:8545");
    env.put("PEAQOS_RATE_LIMIT_MAX_EVENTS", "ten");
    assertThatThrownBy(() -> PeaqosConfig.fromEnv(EnvSource.of(env)))
        .hasMessageContaining("PEAQOS_RATE_LIMIT_MAX_EVENTS must be a non-negative integer");
    env.put("PEAQOS_RATE_LIMIT_MAX_EVENTS", "5");
    env.put("PEAQOS_RATE_LIMIT_WINDOW_SECONDS", "60");
    env.put("PEAQOS_MAX_VALUE_PER_TX", "100000");
    assertThat(PeaqosConfig.fromEnv(EnvSource.of(env)).operationalLimits())
        .isEqualTo(new OperationalLimits(java.math.BigInteger.valueOf(100000), 5, 60));
    env.put("PEAQOS_NETWORK", "moon");
    assertThatThrownBy(() -> PeaqosConfig.fromEnv(EnvSource.of(env)))
        .hasMessageContaining("PEAQOS_NETWORK must be one of");
  }

  @Test
  void environmentWinsOverDotEnv(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve(".env"),
        """
        # written by peaqos init
        export PEAQOS_RPC_URL=http://127.0.0.1:9999
        PEAQOS_PRIVATE_KEY="%s"
        IDENTITY_REGISTRY_ADDRESS=%s
        IDENTITY_STAKING_ADDRESS='%s'
        EVENT_REGISTRY_ADDRESS=%s # the 1.0 registry
        MACHINE_NFT_ADDRESS=%s
        PEAQOS_MCR_API_URL=http://127.0.0.1:7000
        """
            .formatted(KEY, REG, STK, EVT, NFT));
    Map<String, String> process =
        Map.of("PEAQOS_RPC_URL", "http://127.0.0.1:8545", "PEAQOS_MCR_API_URL", "  ");
    PeaqosConfig c = PeaqosConfig.fromEnv(EnvSource.standard(EnvSource.of(process), dir));
    assertThat(c.rpcUrl()).isEqualTo("http://127.0.0.1:8545");
    assertThat(c.privateKey()).isEqualTo(KEY);
    assertThat(c.contracts().identityStaking()).isEqualTo(STK);
    assertThat(c.contracts().eventRegistry()).isEqualTo(EVT);
    assertThat(c.mcrApiUrl()).isEqualTo("http://127.0.0.1:7000");
    // Without a .env, the same process environment lacks the key.
    assertThatThrownBy(
            () ->
                PeaqosConfig.fromEnv(
                    EnvSource.standard(EnvSource.of(process), dir.resolve("elsewhere"))))
        .hasMessage("ValidationError: PEAQOS_PRIVATE_KEY is required");
  }

  @Test
  void mainnetPresetFillsTheRealAddresses() {
    PeaqosConfig c =
        PeaqosConfig.fromEnv(
            EnvSource.of(Map.of("PEAQOS_NETWORK", "mainnet", "PEAQOS_PRIVATE_KEY", KEY)));
    assertThat(c.network()).isEqualTo(Network.MAINNET);
    assertThat(c.chainId()).isEqualTo(3338L);
    assertThat(c.rpcUrl()).isEqualTo(PeaqosConfig.MAINNET_RPC_URL);
    assertThat(c.contracts().identityRegistry())
        .isEqualTo("0xb53Af985765031936311273599389b5B68aC9956");
    assertThat(c.contracts().identityStaking())
        .isEqualTo("0x11c05A650704136786253e8685f56879A202b1C7");
    assertThat(c.contracts().eventRegistry())
        .isEqualTo("0x43c6AF2E14dc1327dc3cc6c7117D1CD72fffEcbA");
    assertThat(c.contracts().machineNft()).isEqualTo("0x2943F80e9DdB11B9Dd275499C661Df78F5F691F9");
    assertThat(c.gasStationUrl()).isEqualTo("https://depinstation.peaq.xyz");
  }

  @Test
  void testnetIsAgungAndExplicitVariablesOverrideThePreset() {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "PEAQOS_NETWORK",
                "testnet",
                "PEAQOS_PRIVATE_KEY",
                KEY,
                "EVENT_REGISTRY_ADDRESS",
                EVT,
                "PEAQOS_RPC_URL",
                "http://127.0.0.1:1234"));
    PeaqosConfig c = PeaqosConfig.fromEnv(EnvSource.of(env));
    assertThat(c.network()).isEqualTo(Network.AGUNG);
    assertThat(c.chainId()).isEqualTo(9990L);
    assertThat(c.contracts().identityRegistry())
        .isEqualTo("0x9E9463a65c7B74623b3b6Cdc39F71be7274e5971");
    assertThat(c.contracts().machineNft()).isEqualTo("0xB41C2A4f1c19b6B06beaAce0F5CD8439e77C4b1c");
    assertThat(c.contracts().eventRegistry()).isEqualTo(EVT);
    assertThat(c.rpcUrl()).isEqualTo("http://127.0.0.1:1234");
    assertThat(c.gasStationUrl()).isNull();
  }

  @Test
  void devnetPresetReadsDevnetEnv(@TempDir Path dir) {
    Map<String, String> devnet = new HashMap<>(full());
    devnet.remove("PEAQOS_PRIVATE_KEY");
    devnet.put("PEAQOS_NETWORK", "devnet");
    devnet.put("PEAQOS_CHAIN_ID", "424242");
    devnet.put("DID_REGISTRY_ADDRESS", WellKnownAddresses.DID_PRECOMPILE);
    devnet.put("BATCH_PRECOMPILE_ADDRESS", WellKnownAddresses.BATCH_PRECOMPILE);
    devnet.put("PEAQOS_GAS_STATION_URL", "http://127.0.0.1:8100");
    DotEnv.write(dir.resolve("devnet.env"), devnet);
    PeaqosConfig c =
        PeaqosConfig.fromEnv(
            EnvSource.of(
                Map.of(
                    "PEAQOS_NETWORK",
                    "devnet",
                    "PEAQOS_DEVNET_DIR",
                    dir.toString(),
                    "PEAQOS_PRIVATE_KEY",
                    KEY)));
    assertThat(c.network()).isEqualTo(Network.DEVNET);
    assertThat(c.chainId()).isEqualTo(424242L);
    assertThat(c.contracts().machineNft()).isEqualTo(NFT);
    assertThat(c.gasStationUrl()).isEqualTo("http://127.0.0.1:8100");
    assertThat(c.devnetDir()).isEqualTo(dir.toAbsolutePath());
    assertThat(PeaqosConfig.builder().devnet(dir).privateKey(KEY).build().contracts())
        .isEqualTo(c.contracts());
  }

  @Test
  void withoutPeaqosDevnetDirTheDevnetPresetLooksUnderHomeAsTheCliDoes(@TempDir Path home) {
    Map<String, String> devnet = new HashMap<>(full());
    devnet.remove("PEAQOS_PRIVATE_KEY");
    devnet.put("DID_REGISTRY_ADDRESS", WellKnownAddresses.DID_PRECOMPILE);
    devnet.put("BATCH_PRECOMPILE_ADDRESS", WellKnownAddresses.BATCH_PRECOMPILE);
    DotEnv.write(home.resolve(".peaqos/devnet/devnet.env"), devnet);
    PeaqosConfig c =
        PeaqosConfig.fromEnv(
            EnvSource.of(
                Map.of(
                    "PEAQOS_NETWORK",
                    "devnet",
                    "HOME",
                    home.toString(),
                    "PEAQOS_PRIVATE_KEY",
                    KEY)));
    assertThat(c.devnetDir()).isEqualTo(home.resolve(".peaqos/devnet").toAbsolutePath());
    assertThat(c.contracts().machineNft()).isEqualTo(NFT);
  }

  @Test
  void theDevnetPresetIsDevnetEnvWithoutItsKeyAndWithTheFixedDefaults(@TempDir Path dir) {
    assertThat(PeaqosConfig.presetValues(Network.DEVNET, dir)).isEmpty();
    DotEnv.write(
        dir.resolve("devnet.env"),
        Map.of(
            "PEAQOS_RPC_URL",
            " http://127.0.0.1:9545 ",
            "PEAQOS_PRIVATE_KEY",
            KEY,
            "MACHINE_NFT_ADDRESS",
            NFT,
            "PEAQOS_GAS_STATION_URL",
            " "));
    Map<String, String> p = PeaqosConfig.presetValues(Network.DEVNET, dir);
    assertThat(p)
        .containsEntry("PEAQOS_RPC_URL", "http://127.0.0.1:9545")
        .containsEntry("MACHINE_NFT_ADDRESS", NFT)
        .containsEntry("PEAQOS_CHAIN_ID", "33380")
        .containsEntry("DID_REGISTRY_ADDRESS", WellKnownAddresses.DID_PRECOMPILE)
        .containsEntry("BATCH_PRECOMPILE_ADDRESS", WellKnownAddresses.BATCH_PRECOMPILE)
        .doesNotContainKeys("PEAQOS_PRIVATE_KEY", "PEAQOS_GAS_STATION_URL");
    assertThat(PeaqosConfig.presetValues(Network.MAINNET, dir))
        .isEqualTo(PeaqosConfig.presetValues(Network.MAINNET));
  }

  @Test
  void devnetPresetWithoutDevnetEnvSaysHowToStartIt(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                PeaqosConfig.fromEnv(
                    EnvSource.of(
                        Map.of(
                            "PEAQOS_NETWORK",
                            "devnet",
                            "PEAQOS_DEVNET_DIR",
                            dir.toString(),
                            "PEAQOS_PRIVATE_KEY",
                            KEY))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("devnet.env")
        .hasMessageContaining("peaqos devnet up");
  }

  @Test
  void toStringHidesTheKey() {
    PeaqosConfig c = PeaqosConfig.fromEnv(EnvSource.of(full()));
    assertThat(c.toString())
        .doesNotContain(KEY)
        .doesNotContain(KEY.substring(2))
        .contains("<hidden>");
  }

  @Test
  void dotEnvIsWrittenOwnerOnly(@TempDir Path dir) throws Exception {
    Path f = dir.resolve(".env");
    DotEnv.write(f, Map.of("A", "1"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(DotEnv.read(f)).containsEntry("A", "1");
  }

  @Test
  void builderRequiresEachAddress() {
    assertThatThrownBy(
            () ->
                PeaqosConfig.builder()
                    .rpcUrl("http://127.0.0.1:8545")
                    .identityRegistry(REG)
                    .build())
        .hasMessage("ValidationError: IDENTITY_STAKING_ADDRESS is required");
    PeaqosConfig readOnly = PeaqosConfig.builder().preset(Network.AGUNG).build();
    assertThat(readOnly.privateKey()).isNull();
    assertThatThrownBy(() -> PeaqosClient.create(readOnly).address())
        .hasMessage("ValidationError: PEAQOS_PRIVATE_KEY is required");
  }
}
