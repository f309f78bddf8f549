package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.devnet.DevAccount;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.errors.ContractRevertException;

/**
 * MachineDeactivated / MachineReactivated on a real devnet and the real server (SQLite): the
 * Machine Card's {@code active} and the suspended rating follow the chain, across an indexer
 * restart.
 */
class MachineDeactivationDevnetTest {
  static final Duration INDEXED = Duration.ofSeconds(30);
  @TempDir static Path dir;
  static DevnetChain chain;
  static DevnetOps ops;

  @BeforeAll
  static void start() {
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
    ops = new DevnetOps(chain);
  }

  @AfterAll
  static void stop() {
    if (ops != null) ops.close();
    if (chain != null) chain.close();
  }

  /** The registry owner: devnet dev account 0 deployed the contracts. */
  static DevnetOps.Key registryOwner() {
    DevAccount a = chain.devAccount(0);
    return new DevnetOps.Key(a.address().toLowerCase(), a.privateKey());
  }

  static void setActive(DevnetOps.Key sender, BigInteger id, boolean active) {
    ops.send(
        sender,
        chain.contracts().identityRegistry(),
        BigInteger.ZERO,
        DevnetOps.encode(active ? "reactivateMachine" : "deactivateMachine", new Uint256(id)));
  }

  static JsonNode when(
      McrApiServer s, String path, String what, java.util.function.Predicate<JsonNode> ok) {
    return Await.until(
        INDEXED,
        what,
        () -> {
          Http.Answer a = Http.get(s.url(), path);
          return a.status() == 200 && ok.test(a.body()) ? a.body() : null;
        });
  }

  @Test
  void deactivationSuspendsTheCardAndTheRatingAcrossARestartUntilReactivation() {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    String did = DevnetOps.did(m);
    // 5 hardware-signed USD revenue events of 1 000.00: 10 + 24 + 25 + 3 = 62 -> BB.
    for (int i = 0; i < 5; i++) {
      ops.submitEvent(m, id, 0, 100_000, "USD", 2);
    }
    McrApiConfig cfg = ops.config().databaseFile(dir.resolve("deact.db")).build();
    String card = "/machines/" + id;
    String mcr = "/mcr/" + did;

    try (McrApiServer first = McrApiServer.start(cfg)) {
      JsonNode rated = when(first, mcr, "5 events indexed", b -> b.get("event_count").asInt() == 5);
      assertThat(rated.get("mcr").asText()).isEqualTo("BB");
      assertThat(rated.get("mcr_score").asInt()).isEqualTo(62);
      assertThat(when(first, card, "the card", b -> true).get("active").asBoolean()).isTrue();

      setActive(registryOwner(), id, false);
      JsonNode off = when(first, card, "the card inactive", b -> !b.get("active").asBoolean());
      assertThat(off.get("bond_status").asText()).isEqualTo("bonded");
      assertThat(off.get("event_count").asInt()).isEqualTo(5);
      JsonNode nr = when(first, mcr, "the rating suspended", b -> b.get("mcr_score").asInt() == 0);
      assertThat(nr.get("mcr").asText()).isEqualTo("NR");
      assertThat(nr.get("bond_status").asText()).isEqualTo("bonded");
      assertThat(nr.get("event_count").asInt()).isEqualTo(5);
      assertThat(nr.get("total_revenue").asLong()).isEqualTo(500_000);
      JsonNode profile = when(first, "/machine/" + did, "the profile", b -> true).get("peaqos");
      assertThat(profile.get("mcr").asText()).isEqualTo("NR");
      assertThat(profile.get("mcr_score").asInt()).isZero();
    }

    // Deactivated, the EventRegistry refuses the machine's events: the documented NR has a cause.
    assertThatThrownBy(() -> ops.submitEvent(m, id, 0, 100_000, "USD", 2))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> assertThat(e.revertName()).contains("MachineDeactivated"));

    // A restart on the same database keeps the state: inactive from the first answer on.
    try (McrApiServer second = McrApiServer.start(cfg)) {
      assertThat(Http.get(second.url(), card).body().get("active").asBoolean()).isFalse();
      JsonNode still = Http.get(second.url(), mcr).body();
      assertThat(still.get("mcr").asText()).isEqualTo("NR");
      assertThat(still.get("mcr_score").asInt()).isZero();

      // The machine's own wallet may reactivate it too (owner or machine wallet/operator).
      setActive(m, id, true);
      when(second, card, "the card active again", b -> b.get("active").asBoolean());
      JsonNode back = when(second, mcr, "the rating back", b -> b.get("mcr_score").asInt() == 62);
      assertThat(back.get("mcr").asText()).isEqualTo("BB");
      ops.submitEvent(m, id, 0, 100_000, "USD", 2);
      when(second, mcr, "events accepted again", b -> b.get("event_count").asInt() == 6);
    }

    // And a third start still says active.
    try (McrApiServer third = McrApiServer.start(cfg)) {
      assertThat(Http.get(third.url(), card).body().get("active").asBoolean()).isTrue();
      assertThat(Http.get(third.url(), mcr).body().get("mcr").asText()).isNotEqualTo("NR");
    }
  }

  @Test
  void aStrangerCannotDeactivateAndNothingChanges() {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    DevnetOps.Key stranger = ops.newKey();
    assertThatThrownBy(() -> setActive(stranger, id, false))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> assertThat(e.revertName()).contains("NotMachineOwner"));
    try (McrApiServer s =
        McrApiServer.start(ops.config().databaseFile(dir.resolve("stranger.db")).build())) {
      JsonNode card = when(s, "/machines/" + id, "the card", b -> true);
      assertThat(card.get("active").asBoolean()).isTrue();
      assertThat(when(s, "/mcr/" + DevnetOps.did(m), "the mcr", b -> true).get("mcr").asText())
          .isEqualTo("Provisioned");
    }
  }
}
