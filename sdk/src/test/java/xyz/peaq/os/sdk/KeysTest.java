package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.sdk.errors.ValidationException;

class KeysTest {
  @Test
  void generatedKeypairsAreDistinctConsistentAndHidden() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      Keypair kp = PeaqosClient.generateKeypair();
      assertThat(kp.privateKey()).matches("0x[0-9a-f]{64}");
      assertThat(Credentials.create(kp.privateKey()).getAddress())
          .isEqualToIgnoringCase(kp.address());
      assertThat(kp.address()).isEqualTo(org.web3j.crypto.Keys.toChecksumAddress(kp.address()));
      assertThat(kp.toString()).contains(kp.address()).doesNotContain(kp.privateKey().substring(2));
      assertThat(kp.did().toString()).isEqualTo("did:peaq:" + kp.address());
      seen.add(kp.privateKey());
    }
    assertThat(seen).hasSize(20);
  }

  @Test
  void keystoreRoundTripsWithOwnerOnlyMode(@TempDir Path dir) throws Exception {
    Keypair kp = PeaqosClient.generateKeypair();
    Path file = dir.resolve("keys/machine.json");
    KeyStoreFiles.write(file, kp, "correct horse".toCharArray(), KeyStoreFiles.Strength.LIGHT);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String json = Files.readString(file);
    assertThat(json).doesNotContain(kp.privateKey().substring(2));
    JsonNode v3 = new ObjectMapper().readTree(json);
    assertThat(v3.path("version").asInt()).isEqualTo(3);
    assertThat(v3.path("crypto").path("kdf").asText()).isEqualTo("scrypt");
    assertThat(v3.path("crypto").path("cipher").asText()).isEqualTo("aes-128-ctr");
    assertThat(KeyStoreFiles.address(file)).isEqualTo(kp.address());
    Keypair back = KeyStoreFiles.read(file, "correct horse".toCharArray());
    assertThat(back).isEqualTo(kp);
    assertThat(dir.resolve("keys"))
        .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
  }

  @Test
  void publicPassphraseStrengthIsAStandardKeystoreWithScryptN1024(@TempDir Path dir)
      throws Exception {
    Keypair kp = PeaqosClient.generateKeypair();
    Path file = dir.resolve("k.json");
    KeyStoreFiles.create(
        file, kp, "peaqos-devnet-insecure".toCharArray(), KeyStoreFiles.Strength.PUBLIC_PASSPHRASE);
    JsonNode params = new ObjectMapper().readTree(Files.readString(file)).path("crypto");
    assertThat(params.path("kdf").asText()).isEqualTo("scrypt");
    assertThat(params.path("kdfparams").path("n").asInt()).isEqualTo(1024);
    assertThat(params.path("kdfparams").path("p").asInt()).isEqualTo(1);
    assertThat(KeyStoreFiles.read(file, "peaqos-devnet-insecure".toCharArray())).isEqualTo(kp);
    assertThatThrownBy(() -> KeyStoreFiles.read(file, "other".toCharArray()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void standardStrengthUsesScryptN262144(@TempDir Path dir) throws Exception {
    Keypair kp = PeaqosClient.generateKeypair();
    Path file = dir.resolve("k.json");
    KeyStoreFiles.write(file, kp, "pw".toCharArray());
    assertThat(
            new ObjectMapper()
                .readTree(file.toFile())
                .path("crypto")
                .path("kdfparams")
                .path("n")
                .asInt())
        .isEqualTo(262144);
    assertThat(KeyStoreFiles.read(file, "pw".toCharArray()).privateKey())
        .isEqualTo(kp.privateKey());
  }

  @Test
  void wrongPasswordMissingAndCorruptFilesAreNamed(@TempDir Path dir) throws Exception {
    Keypair kp = PeaqosClient.generateKeypair();
    Path file = dir.resolve("k.json");
    KeyStoreFiles.write(file, kp, "right".toCharArray(), KeyStoreFiles.Strength.LIGHT);
    assertThatThrownBy(() -> KeyStoreFiles.read(file, "wrong".toCharArray()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("wrong password")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("password"));
    assertThatThrownBy(() -> KeyStoreFiles.read(dir.resolve("none.json"), "x".toCharArray()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("no key file");
    Files.writeString(dir.resolve("bad.json"), "{not json");
    assertThatThrownBy(() -> KeyStoreFiles.read(dir.resolve("bad.json"), "x".toCharArray()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("not an Ethereum keystore");
    assertThatThrownBy(() -> KeyStoreFiles.write(file, kp, new char[0]))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void createNeverReplacesAKeyFileAndTheAddressFieldIsChecksummed(@TempDir Path dir)
      throws Exception {
    Keypair first = PeaqosClient.generateKeypair();
    Path file = dir.resolve(".peaqos/machine-key.json");
    KeyStoreFiles.create(file, first, "pw".toCharArray(), KeyStoreFiles.Strength.LIGHT);
    String before = Files.readString(file);
    JsonNode v3 = new ObjectMapper().readTree(before);
    assertThat(v3.path("address").asText()).isEqualTo(first.address());
    assertThat(v3.path("crypto").path("kdfparams").path("n").asInt()).isEqualTo(4096);
    assertThat(v3.path("crypto").path("kdfparams").path("p").asInt()).isEqualTo(6);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Keypair second = PeaqosClient.generateKeypair();
    assertThatThrownBy(
            () ->
                KeyStoreFiles.create(
                    file, second, "pw".toCharArray(), KeyStoreFiles.Strength.LIGHT))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("already exists")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("keyFile"));
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(KeyStoreFiles.read(file, "pw".toCharArray())).isEqualTo(first);
  }

  @Test
  void readsKeystoresOfOtherWalletsWithExtraFieldsAndBareAddresses(@TempDir Path dir)
      throws Exception {
    Keypair kp = PeaqosClient.generateKeypair();
    org.web3j.crypto.WalletFile wf =
        org.web3j.crypto.Wallet.createLight(
            "pw",
            org.web3j.crypto.ECKeyPair.create(org.web3j.utils.Numeric.toBigInt(kp.privateKey())));
    com.fasterxml.jackson.databind.node.ObjectNode json = new ObjectMapper().valueToTree(wf);
    json.put("x-ethers", "client-specific");
    Path file = dir.resolve("geth.json");
    Files.writeString(file, json.toString());
    assertThat(json.path("address").asText()).doesNotStartWith("0x");
    assertThat(KeyStoreFiles.address(file)).isEqualTo(kp.address());
    assertThat(KeyStoreFiles.read(file, "pw".toCharArray())).isEqualTo(kp);
    Files.writeString(dir.resolve("nocrypto.json"), "{\"address\":\"" + kp.address() + "\"}");
    assertThatThrownBy(() -> KeyStoreFiles.read(dir.resolve("nocrypto.json"), "pw".toCharArray()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("not an Ethereum keystore");
    assertThatThrownBy(() -> KeyStoreFiles.address(dir.resolve("none.json")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("no key file");
  }

  @Test
  void didParsesAndFormats() {
    String addr = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    assertThat(Did.parse("did:peaq:" + addr).address()).isEqualTo(addr);
    assertThat(Did.parse("did:peaq:" + addr.toLowerCase()).toString())
        .isEqualTo("did:peaq:" + addr);
    assertThat(Did.parse(addr)).isEqualTo(Did.of(addr));
    assertThat(Did.of(addr.toLowerCase()).toString()).isEqualTo("did:peaq:" + addr);
    String badChecksum = "0x5fbDB2315678afecb367f032d93F642f64180aa3";
    assertThat(Did.addressOf("DID:PEAQ:" + addr)).hasValue(addr);
    assertThat(Did.addressOf("  " + badChecksum + " ")).hasValue(badChecksum);
    assertThat(Did.addressOf("did:peaq:0X" + addr.substring(2))).isEmpty();
    assertThat(Did.addressOf("did:peaq:" + addr + "00")).isEmpty();
    assertThat(Did.addressOf(null)).isEmpty();
    assertThatThrownBy(() -> Did.parse("did:peaq:" + badChecksum))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("checksum");
    for (String bad :
        new String[] {
          "did:peaq:0x123",
          "did:web:" + addr,
          "did:peaq:5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
          ""
        }) {
      assertThatThrownBy(() -> Did.parse(bad))
          .isInstanceOf(ValidationException.class)
          .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("did"));
    }
  }
}
