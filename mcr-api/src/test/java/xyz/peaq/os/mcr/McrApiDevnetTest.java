package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bucket4j.TimeMeter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Keys;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.mcr.MachineProfile;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.McrResponse;
import xyz.peaq.os.sdk.mcr.OperatorMachines;

/** The service against a real anvil devnet with our contracts, on a real SQLite file. */
class McrApiDevnetTest {
  static final Duration INDEXED = Duration.ofSeconds(20);
  @TempDir static Path dir;
  static DevnetChain chain;
  static DevnetOps ops;
  static McrApiServer server;
  static McrClient sdk;

  @BeforeAll
  static void start() {
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
    ops = new DevnetOps(chain);
    server =
        McrApiServer.start(
            ops.config()
                .databaseFile(dir.resolve("mcr.db"))
                .rateLimit(100_000, Duration.ofMinutes(1))
                .build());
    sdk = McrClient.create(server.url());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (ops != null) ops.close();
    if (chain != null) chain.close();
  }

  static JsonNode awaitOk(String path) {
    return Await.until(
        INDEXED,
        path + " answering 200",
        () -> {
          Http.Answer a = Http.get(server.url(), path);
          return a.status() == 200 ? a.body() : null;
        });
  }

  static String randomAddress() {
    byte[] b = new byte[20];
    new SecureRandom().nextBytes(b);
    return "0x" + HexFormat.of().formatHex(b);
  }

  @Test
  void readyWhenChainAndContractsAnswer() {
    JsonNode r =
        Await.until(
            INDEXED,
            "/ready 200",
            () -> {
              Http.Answer a = Http.get(server.url(), "/ready");
              return a.status() == 200 ? a.body() : null;
            });
    assertThat(r.get("status").asText()).isEqualTo("ready");
    assertThat(r.get("rpc_connected").asBoolean()).isTrue();
    assertThat(r.get("contracts").properties())
        .hasSize(6)
        .allSatisfy(e -> assertThat(e.getValue().asBoolean()).isTrue());
  }

  @Test
  void machineIsProvisionedAndBondedAfterRegisterMintAndDidWrites() {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    assertThat(sdk.awaitMcr(DevnetOps.did(m), McrResponse::provisioned, INDEXED).machineId())
        .isEqualTo(id);
    BigInteger token = ops.mint(m, id, m.address());
    ops.addAttribute(m, "machineId", id.toString());
    ops.addAttribute(m, "nftTokenId", token.toString());
    ops.addAttribute(m, "documentation_url", "https://docs.example/m");
    ops.addAttribute(m, "data_api", "https://api.example/m");
    ops.addAttribute(m, "data_visibility", "onchain");
    String did = DevnetOps.did(m);

    JsonNode mcr =
        Await.until(
            INDEXED,
            "DID attributes indexed",
            () -> {
              JsonNode p = awaitOk("/machine/" + did);
              return "onchain".equals(p.get("peaqos").get("data_visibility").asText())
                  ? awaitOk("/mcr/" + did)
                  : null;
            });
    assertThat(mcr.get("did").asText()).isEqualTo(did);
    assertThat(mcr.get("machine_id").bigIntegerValue()).isEqualTo(id);
    assertThat(mcr.get("mcr").asText()).isEqualTo("Provisioned");
    assertThat(mcr.get("mcr_score").asInt()).isZero();
    assertThat(mcr.get("bond_status").asText()).isEqualTo("bonded");
    assertThat(mcr.get("negative_flag").asBoolean()).isFalse();
    assertThat(mcr.get("mcr_degraded").asBoolean()).isFalse();
    assertThat(mcr.get("event_count").asInt()).isZero();
    assertThat(mcr.get("revenue_trend").asText()).isEqualTo("insufficient");
    assertThat(mcr.get("average_revenue_per_event").isNull()).isTrue();
    assertThat(mcr.get("last_updated").asLong()).isPositive();

    JsonNode profile = awaitOk("/machine/" + did);
    assertThat(profile.get("schema_version").asText()).isEqualTo("1.0");
    assertThat(profile.get("name").asText()).isEqualTo("Machine #" + token);
    JsonNode p = profile.get("peaqos");
    assertThat(p.get("documentation_url").asText()).isEqualTo("https://docs.example/m");
    assertThat(p.get("operator").isNull()).isTrue();
    assertThat(p.get("event_data")).isEmpty();
    assertThat(p.has("data_api")).isFalse();

    JsonNode meta = awaitOk("/metadata/" + token);
    assertThat(meta.get("name").asText()).isEqualTo("Machine #" + token);
    assertThat(meta.get("peaqos").get("did").asText())
        .isEqualTo("did:peaq:" + Keys.toChecksumAddress(m.address()));

    JsonNode card = awaitOk("/machines/" + id);
    assertThat(card.get("type").asText()).isEqualTo("peaqos:registration:v1");
    assertThat(card.get("active").asBoolean()).isTrue();
    assertThat(card.get("services").get(0).get("endpoint").asText())
        .isEqualTo("https://api.example/m");
    assertThat(card.get("registrations").get(0).get("machineRegistry").asText())
        .isEqualTo("eip155:" + chain.chainId() + ":" + chain.contracts().identityRegistry());
    assertThat(card.get("registrations").get(0).get("machineId").bigIntegerValue()).isEqualTo(id);

    // The same through the SDK client, also with a bare address.
    McrResponse r = sdk.queryMcr(did);
    assertThat(r.provisioned()).isTrue();
    assertThat(r.bonded()).isTrue();
    assertThat(r.machineId()).isEqualTo(id);
    assertThat(sdk.queryMcr(m.address()).did()).isEqualTo(m.address());
    MachineProfile mp = sdk.queryMachine(did);
    assertThat(mp.peaqos().dataVisibility()).isEqualTo("onchain");
    assertThat(mp.peaqos().eventData()).isEmpty();
    assertThat(sdk.queryMetadata(token).peaqos().machineId()).isEqualTo(id);
  }

  @Test
  void activationThroughTheSdkShowsProvisionedThenEventsCount() {
    DevnetOps.Key machine = ops.newKey();
    DevnetOps.Key operator = ops.newKey();
    java.util.Map<String, String> env = new java.util.HashMap<>(chain.env());
    env.put("PEAQOS_PRIVATE_KEY", operator.privateKey());
    env.put("PEAQOS_MCR_API_URL", server.url());
    try (xyz.peaq.os.sdk.PeaqosClient op =
        xyz.peaq.os.sdk.PeaqosClient.fromEnv(xyz.peaq.os.sdk.EnvSource.of(env))) {
      BigInteger opId = op.registerMachine();
      BigInteger id = op.registerFor(machine.address());
      xyz.peaq.os.sdk.PeaqosClient m = op.withSigner(machine.privateKey());
      xyz.peaq.os.sdk.NftMint nft = m.mintNft(id, machine.address());
      m.writeMachineDIDAttributes(
          new xyz.peaq.os.sdk.MachineDidAttributes(
              id,
              nft.tokenId(),
              "did:peaq:" + Keys.toChecksumAddress(operator.address()),
              "https://docs.example",
              "https://api.example",
              xyz.peaq.os.sdk.MachineDidAttributes.ONCHAIN));
      op.writeProxyDIDAttributes(opId, List.of(id));
      String did = DevnetOps.did(machine);

      McrResponse r = sdk.awaitMcr(did, McrResponse::provisioned, INDEXED);
      assertThat(r.bondStatus()).isEqualTo("bonded");
      assertThat(r.mcrScore()).isZero();
      MachineProfile p =
          Await.until(
              INDEXED,
              "six DID attributes",
              () -> {
                MachineProfile x = sdk.queryMachine(did);
                return "onchain".equals(x.peaqos().dataVisibility()) ? x : null;
              });
      assertThat(p.name()).isEqualTo("Machine #" + nft.tokenId());
      assertThat(p.peaqos().operator()).isEqualToIgnoringCase("did:peaq:" + operator.address());
      assertThat(p.peaqos().documentationUrl()).isEqualTo("https://docs.example");
      OperatorMachines fleet =
          sdk.queryOperatorMachines("did:peaq:" + Keys.toChecksumAddress(operator.address()));
      assertThat(fleet.machines())
          .extracting(xyz.peaq.os.sdk.mcr.OperatorMachine::machineId)
          .containsExactly(id);

      long now = System.currentTimeMillis() / 1000;
      for (int i = 0; i < 5; i++) {
        m.submitEvent(
            xyz.peaq.os.sdk.EventParams.builder()
                .machineId(id)
                .revenue(BigInteger.valueOf(2500), "USD")
                .timestamp(now - 30)
                .trustLevel(xyz.peaq.os.sdk.EventParams.TRUST_HARDWARE_SIGNED)
                .build());
      }
      McrResponse rated = sdk.awaitMcr(did, x -> x.eventCount() == 5, INDEXED);
      // 5 events: activity 10, revenue 12 500 cents -> 18, trust 25, one or two UTC days -> 3 or 6.
      assertThat(rated.mcrScore()).isIn(56, 59);
      assertThat(rated.mcr()).isEqualTo("BB");
      assertThat(rated.totalRevenue()).isEqualByComparingTo("12500");
      assertThat(sdk.queryMachine(did).peaqos().eventData())
          .hasSize(5)
          .allSatisfy(e -> assertThat(e.amountStatus()).isEqualTo("ok"));
    }
  }

  @Test
  void submittedEventsChangeTheCountsAndPastTheThresholdsTheGrade() {
    DevnetOps.Key m = ops.newKey();
    BigInteger id = ops.register(m);
    String did = DevnetOps.did(m);
    ops.addAttribute(m, "data_visibility", "onchain");
    for (int i = 0; i < 4; i++) {
      ops.submitEvent(m, id, 0, 10_000, "USD", 2);
    }
    JsonNode four =
        Await.until(
            INDEXED,
            "4 events",
            () -> {
              JsonNode b = awaitOk("/mcr/" + did);
              return b.get("event_count").asInt() == 4 ? b : null;
            });
    assertThat(four.get("mcr").asText()).isEqualTo("Provisioned");
    assertThat(four.get("revenue_event_count").asInt()).isEqualTo(4);
    assertThat(four.get("total_revenue").asLong()).isEqualTo(40_000);
    assertThat(four.get("average_revenue_per_event").asDouble()).isEqualTo(10_000.0);
    assertThat(four.get("revenue_trend").asText()).isEqualTo("up");

    ops.submitEvent(m, id, 1, 0, "", 2);
    ops.submitEvent(m, id, 0, 990, "EUR", 2);
    for (int i = 0; i < 9; i++) {
      ops.submitEvent(m, id, 0, 10_000, "USD", 2);
    }
    JsonNode rated =
        Await.until(
            INDEXED,
            "15 events",
            () -> {
              JsonNode b = awaitOk("/mcr/" + did);
              return b.get("event_count").asInt() == 15 ? b : null;
            });
    assertThat(rated.get("activity_event_count").asInt()).isEqualTo(1);
    assertThat(rated.get("revenue_event_count").asInt()).isEqualTo(14);
    assertThat(rated.get("total_revenue").asLong()).isEqualTo(130_000); // EUR not counted
    // 15 events x2 = 30, 130 000 cents -> 24, hardware trust 25, one or two UTC days -> 3 or 6.
    int score = rated.get("mcr_score").asInt();
    assertThat(score).isIn(82, 85);
    assertThat(rated.get("mcr").asText()).isEqualTo(McrModel.grade(score)).isIn("A", "AA");

    JsonNode events = awaitOk("/machine/" + did).get("peaqos").get("event_data");
    assertThat(events).hasSize(15);
    JsonNode eur = events.get(5);
    assertThat(eur.get("origin_currency").asText()).isEqualTo("EUR");
    assertThat(eur.get("amount_status").asText()).isEqualTo("unsupported_currency");
    assertThat(eur.get("usd_value").asLong()).isZero();
    assertThat(eur.get("origin_subunit").isNull()).isTrue();
    assertThat(eur.get("usd_subunit").asInt()).isEqualTo(100);
    JsonNode activity = events.get(4);
    assertThat(activity.get("event_type").asInt()).isEqualTo(1);
    assertThat(activity.has("origin_currency")).isFalse();
    assertThat(events.get(0).get("metadata").get("n").asInt()).isEqualTo(1);
    assertThat(events.get(0).get("usd_value").asLong()).isEqualTo(10_000);
  }

  @Test
  void operatorFleetOf45PaginatesInMachineIdOrder() {
    DevnetOps.Key op = ops.newKey();
    BigInteger opId = ops.register(op);
    List<String> wallets = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      wallets.add(randomAddress());
    }
    List<BigInteger> ids = ops.registerFor(op, wallets);
    // One self-managed machine listed in the operator DID's machines attribute joins the fleet; an
    // unknown id there is dropped.
    DevnetOps.Key self = ops.newKey();
    BigInteger selfId = ops.register(self);
    ops.addAttribute(op, "machineId", opId.toString());
    ops.addAttribute(op, "machines", "[" + ids.get(0) + ", " + selfId + ", 987654321]");
    String did = DevnetOps.did(op);

    JsonNode first =
        Await.until(
            INDEXED,
            "fleet of 46",
            () -> {
              JsonNode b = awaitOk("/operator/" + did + "/machines");
              return b.get("pagination").get("total").asInt() == 46 ? b : null;
            });
    assertThat(first.get("operator_did").asText()).isEqualTo(did);
    assertThat(first.get("pagination").get("limit").asInt()).isEqualTo(20);
    List<BigInteger> seen = new ArrayList<>();
    for (int offset = 0; offset < 60; offset += 20) {
      JsonNode page = awaitOk("/operator/" + did + "/machines?offset=" + offset + "&limit=20");
      assertThat(page.get("pagination").get("offset").asInt()).isEqualTo(offset);
      assertThat(page.get("pagination").get("total").asInt()).isEqualTo(46);
      assertThat(page.get("machines")).hasSize(Math.max(0, Math.min(20, 46 - offset)));
      for (JsonNode m : page.get("machines")) {
        seen.add(m.get("machine_id").bigIntegerValue());
        assertThat(m.get("mcr").asText()).isEqualTo("Provisioned");
        assertThat(m.get("did").asText()).startsWith("did:peaq:0x");
      }
    }
    List<BigInteger> expected = new ArrayList<>(ids);
    expected.add(selfId);
    expected.sort(null);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(awaitOk("/operator/" + did + "/machines?offset=7&limit=3").get("machines"))
        .extracting(n -> n.get("machine_id").bigIntegerValue())
        .containsExactlyElementsOf(expected.subList(7, 10));

    OperatorMachines last = sdk.queryOperatorMachines(did, 40, 20);
    assertThat(last.machines()).hasSize(6);
    assertThat(last.hasMore()).isFalse();
    assertThat(sdk.queryOperatorMachines(did, 0, 20).hasMore()).isTrue();

    for (String q : new String[] {"limit=21", "limit=0", "limit=abc", "offset=-1"}) {
      Http.Answer a = Http.get(server.url(), "/operator/" + did + "/machines?" + q);
      assertThat(a.status()).as(q).isEqualTo(422);
      assertThat(a.body().get("detail").isArray()).isTrue();
    }
    // An address that operates nothing: an empty fleet, not an error.
    JsonNode none = awaitOk("/operator/" + randomAddress() + "/machines");
    assertThat(none.get("machines")).isEmpty();
    assertThat(none.get("pagination").get("total").asInt()).isZero();
  }

  @Test
  void malformedDidsAre400AndUnknownMachines404() {
    awaitOk("/ready");
    for (String bad :
        new String[] {"did:peaq:0x12", "0x" + "z".repeat(40), "did:peaq:12a45", "hello"}) {
      Http.Answer a = Http.get(server.url(), "/mcr/" + bad);
      assertThat(a.status()).as(bad).isEqualTo(400);
      assertThat(a.body().get("detail").asText()).isEqualTo("Invalid Ethereum address format");
    }
    // Since Economics 2.0 a decimal DID names a 2.0 machine: an unknown one is a coded 404.
    Http.Answer decimal = Http.get(server.url(), "/mcr/did:peaq:12345");
    assertThat(decimal.status()).isEqualTo(404);
    assertThat(decimal.body().get("detail").get("code").asText()).isEqualTo("NOT_FOUND");
    String unknown = "did:peaq:" + randomAddress();
    for (String path :
        new String[] {"/mcr/" + unknown, "/machine/" + unknown, "/machines/987654321"}) {
      Http.Answer a = Http.get(server.url(), path);
      assertThat(a.status()).as(path).isEqualTo(404);
      assertThat(a.body().get("detail").asText()).isEqualTo("Machine not found");
    }
    DevnetOps.Key unregistered = ops.newKey();
    ops.addAttribute(unregistered, "documentation_url", "https://docs.example/never-registered");
    Http.Answer notRegistered =
        Await.until(
            INDEXED,
            "the attribute indexed",
            () -> {
              Http.Answer a = Http.get(server.url(), "/mcr/" + DevnetOps.did(unregistered));
              return "Machine not registered".equals(a.body().get("detail").asText()) ? a : null;
            });
    assertThat(notRegistered.status()).isEqualTo(404);
    assertThat(
            Http.get(server.url(), "/machine/" + DevnetOps.did(unregistered))
                .body()
                .get("detail")
                .asText())
        .isEqualTo("Machine not registered");
    Http.Answer token = Http.get(server.url(), "/metadata/987654321");
    assertThat(token.status()).isEqualTo(404);
    assertThat(token.body().get("detail").asText()).isEqualTo("Token not found");
    assertThatThrownBy(() -> sdk.queryMcr(unknown))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("NOT_FOUND");
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.getMessage()).contains("Machine not found");
            });
  }

  @Test
  void visibilityDecidesWhatTheProfileShows() throws Exception {
    com.sun.net.httpserver.HttpServer partner =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    partner.createContext(
        "/data",
        ex -> {
          byte[] b = "{\"temperature\":21}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    partner.start();
    try {
      String api = "http://127.0.0.1:" + partner.getAddress().getPort() + "/data";
      DevnetOps.Key pub = ops.newKey();
      ops.register(pub);
      ops.addAttribute(pub, "data_api", api);
      ops.addAttribute(pub, "data_visibility", "public");
      DevnetOps.Key broken = ops.newKey();
      ops.register(broken);
      ops.addAttribute(broken, "data_api", "http://127.0.0.1:1/data");
      ops.addAttribute(broken, "data_visibility", "public");
      DevnetOps.Key priv = ops.newKey();
      ops.register(priv);
      ops.addAttribute(priv, "data_api", api);
      ops.addAttribute(priv, "data_visibility", "secret-ish");

      JsonNode p =
          Await.until(
              INDEXED,
              "public profile",
              () -> {
                JsonNode b = awaitOk("/machine/" + DevnetOps.did(pub)).get("peaqos");
                return b.has("partner_data") ? b : null;
              });
      assertThat(p.get("data_visibility").asText()).isEqualTo("public");
      assertThat(p.get("partner_data").get("temperature").asInt()).isEqualTo(21);
      JsonNode b =
          Await.until(
              INDEXED,
              "broken partner",
              () -> {
                JsonNode x = awaitOk("/machine/" + DevnetOps.did(broken)).get("peaqos");
                return "public".equals(x.get("data_visibility").asText()) ? x : null;
              });
      assertThat(b.get("partner_data_error").asText()).contains("unreachable");
      assertThat(b.has("partner_data")).isFalse();
      JsonNode q =
          Await.until(
              INDEXED,
              "private profile",
              () -> {
                JsonNode x = awaitOk("/machine/" + DevnetOps.did(priv)).get("peaqos");
                return x.has("data_api") ? x : null;
              });
      assertThat(q.get("data_visibility").asText())
          .isEqualTo("private"); // unknown value -> private
      assertThat(q.get("data_api").asText()).isEqualTo(api);
      assertThat(q.has("event_data")).isFalse();
      assertThat(q.has("partner_data")).isFalse();
    } finally {
      partner.stop(0);
    }
  }

  @Test
  void didUpdatesAndRemovalsAreFollowed() {
    DevnetOps.Key m = ops.newKey();
    ops.register(m);
    String did = DevnetOps.did(m);
    ops.addAttribute(m, "documentation_url", "https://one.example");
    ops.addAttribute(m, "data_api", "https://api.example");
    Await.until(
        INDEXED, "attributes", () -> awaitOk("/machine/" + did).get("peaqos").has("data_api"));
    ops.updateAttribute(m, "documentation_url", "https://two.example");
    ops.removeAttribute(m, "data_api");
    JsonNode p =
        Await.until(
            INDEXED,
            "update and removal",
            () -> {
              JsonNode x = awaitOk("/machine/" + did).get("peaqos");
              return !x.has("data_api")
                      && "https://two.example".equals(x.get("documentation_url").asText())
                  ? x
                  : null;
            });
    assertThat(p.get("data_visibility").asText()).isEqualTo("private");
    assertThat(awaitOk("/machines/" + p.get("machine_id").asText()).get("services")).isEmpty();
  }

  @Test
  void chainUnavailableIs503() {
    McrApiConfig cfg =
        ops.config().rpcUrl("http://127.0.0.1:1").databaseFile(dir.resolve("dead.db")).build();
    try (McrApiServer dead = McrApiServer.start(cfg)) {
      Http.Answer a = Http.get(dead.url(), "/mcr/did:peaq:" + randomAddress());
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.body().get("detail").asText()).isEqualTo("Chain unavailable");
      Http.Answer r = Http.get(dead.url(), "/ready");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body().get("rpc_connected").asBoolean()).isFalse();
      assertThatThrownBy(() -> McrClient.create(dead.url()).queryMcr("did:peaq:" + randomAddress()))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo("SERVICE_UNAVAILABLE"));
    }
  }

  @Test
  void rateLimitAnswers429AndRecoversOnTheRealStack() {
    // The limiter's clock is held still while the burst runs: with the system clock a slow
    // machine let a window end mid-burst (more than 5 answers, or a 404 where the 429 was due).
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    TimeMeter meter =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanos.get();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    McrApiConfig cfg =
        ops.config()
            .databaseFile(dir.resolve("limited.db"))
            .rateLimit(5, Duration.ofSeconds(1))
            .build();
    try (McrApiServer limited =
        McrApiServer.start(cfg, SdkChainPort::connect, Clock.systemUTC(), meter)) {
      String path = "/mcr/did:peaq:" + randomAddress();
      int ok = 0;
      Http.Answer a;
      while ((a = Http.get(limited.url(), path)).status() != 429) {
        assertThat(a.status()).isEqualTo(404);
        ok++;
        assertThat(ok).isLessThanOrEqualTo(5);
      }
      assertThat(ok).isEqualTo(5);
      assertThat(a.body().get("detail").asText()).startsWith("Rate limit exceeded");
      assertThat(a.raw().headers().firstValue("Retry-After")).contains("1");
      assertThatThrownBy(
              () -> McrClient.create(limited.url()).queryMcr("did:peaq:" + randomAddress()))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo("RATE_LIMITED"));
      // The window ends: the same client is served again.
      nanos.addAndGet(Duration.ofSeconds(1).toNanos());
      assertThat(Http.get(limited.url(), path).status()).isEqualTo(404);
    }
  }
}
