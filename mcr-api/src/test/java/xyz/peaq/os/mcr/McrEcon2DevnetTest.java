package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.McrResponse;
import xyz.peaq.os.sdk.mcr.OperatorMachines;

/**
 * Economics 2.0 machines in the MCR API on a real devnet: indexing beside 1.0, decimal DIDs, the
 * subscription's effect on the rating, operator fleets of both generations, id validation, and
 * signed monetization writes.
 */
class McrEcon2DevnetTest {
  static final Duration INDEXED = Duration.ofSeconds(20);
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path dir;
  static DevnetChain chain;
  static DevnetOps ops;
  static Econ2Ops econ2;
  static McrApiServer server;
  static McrClient sdk;

  @BeforeAll
  static void start() {
    chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
    ops = new DevnetOps(chain);
    econ2 = new Econ2Ops(ops);
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

  static JsonNode await(String path, java.util.function.Predicate<JsonNode> ok) {
    return Await.until(
        INDEXED,
        path,
        () -> {
          Http.Answer a = Http.get(server.url(), path);
          return a.status() == 200 && ok.test(a.body()) ? a.body() : null;
        });
  }

  @Test
  void anActivatedMachineIsProvisionedUnderItsDecimalDidAndA77DigitIdRoundTrips() {
    DevnetOps.Key owner = ops.newKey();
    byte[] subject = econ2.subjectWithIdDigits("Sensor", owner.address(), 77);
    BigInteger id = econ2.activate(owner, owner.address(), "Sensor", subject);
    long activated = System.nanoTime();
    assertThat(id.toString()).hasSize(77);
    String did = "did:peaq:" + id;
    JsonNode mcr = await("/mcr/" + did, b -> true);
    long lagMillis = (System.nanoTime() - activated) / 1_000_000;
    System.out.println(
        "BENCHMARK mcr-api econ2 activation visible after " + lagMillis + " ms (poll 50 ms)");
    assertThat(mcr.get("machine_id").isTextual()).isTrue();
    assertThat(mcr.get("machine_id").asText()).isEqualTo(id.toString());
    assertThat(mcr.get("did").asText()).isEqualTo(did);
    assertThat(mcr.get("mcr").asText()).isEqualTo("Provisioned");
    assertThat(mcr.get("bond_status").asText()).isEqualTo("bonded");
    assertThat(mcr.get("home_chain").asInt()).isEqualTo(1);
    assertThat(mcr.get("mcr_degraded").asBoolean()).isFalse();
    assertThat(mcr.has("rating_unavailable")).isFalse();
    assertThat(mcr.has("revenue_trend")).isTrue();
    assertThat(mcr.get("average_revenue_per_event").isNull()).isTrue();

    McrResponse r = sdk.queryMcr(did);
    assertThat(r.machineId()).isEqualTo(id);
    assertThat(r.homeChain()).isEqualTo(1);
    var profile = sdk.queryMachine(did);
    assertThat(profile.peaqos().machineId()).isEqualTo(id);
    assertThat(profile.peaqos().machineType()).isEqualTo("Sensor");
    assertThat(profile.peaqos().relocating()).isFalse();
    JsonNode raw = Http.get(server.url(), "/machine/" + did).body().get("peaqos");
    assertThat(raw.get("machine_id").asText()).isEqualTo(id.toString());
    assertThat(raw.get("owner_address").asText()).isEqualTo(owner.address());
    assertThat(raw.get("subscription_status").asText()).isEqualTo("active");
  }

  @Test
  void graceKeepsTheRatingAndRunoffMakesItNrWithAReason() {
    DevnetOps.Key owner = ops.newKey();
    BigInteger id =
        econ2.activate(
            owner, owner.address(), "Drone", owner.address().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 6; i++) {
      econ2.submitEvent(owner, id, 0, 10_000, 2);
    }
    String path = "/mcr/did:peaq:" + id;
    JsonNode rated = await(path, b -> b.get("event_count").asInt() == 6);
    String rating = rated.get("mcr").asText();
    assertThat(rating).isNotIn("NR", "Provisioned");
    long period = 30L * 24 * 3600;
    long grace = 7L * 24 * 3600;
    econ2.advanceTime(period + 60);
    JsonNode inGrace =
        await(
            "/machine/did:peaq:" + id,
            b -> b.get("peaqos").get("subscription_status").asText().equals("grace"));
    assertThat(inGrace.get("peaqos").get("mcr").asText()).isEqualTo(rating);
    assertThat(inGrace.get("peaqos").has("rating_unavailable")).isFalse();
    econ2.advanceTime(grace);
    JsonNode runoff = await(path, b -> b.get("mcr").asText().equals("NR"));
    assertThat(runoff.get("mcr_score").asInt()).isZero();
    assertThat(runoff.get("rating_unavailable").asText()).contains("runoff");
    assertThat(runoff.get("event_count").asInt()).isEqualTo(6);
  }

  @Test
  void anOperatorsFleetListsItsLegacyAndItsEcon2Machines() {
    DevnetOps.Key operator = ops.newKey();
    DevnetOps.Key wallet = ops.newKey();
    ops.register(operator);
    BigInteger legacy = ops.registerFor(operator, java.util.List.of(wallet.address())).get(0);
    BigInteger v2 =
        econ2.activate(
            operator,
            operator.address(),
            "Robot",
            operator.address().getBytes(StandardCharsets.UTF_8));
    String path = "/operator/" + DevnetOps.did(operator) + "/machines";
    JsonNode fleet = await(path, b -> b.get("pagination").get("total").asInt() == 2);
    assertThat(fleet.get("machines").get(0).get("machine_id").bigIntegerValue()).isEqualTo(legacy);
    assertThat(fleet.get("machines").get(1).get("machine_id").asText()).isEqualTo(v2.toString());
    assertThat(fleet.get("machines").get(1).get("did").asText()).isEqualTo("did:peaq:" + v2);
    OperatorMachines viaSdk = sdk.queryOperatorMachines(DevnetOps.did(operator));
    assertThat(viaSdk.machines()).extracting(m -> m.machineId()).containsExactly(legacy, v2);
  }

  @Test
  void badMachineIdsAre400WithTheCodedBodyAndUnknownOnesAre404() {
    await("/ready", b -> true);
    String[] bad = {
      "did:peaq:" + "1".repeat(79),
      "did:peaq:0123",
      "did:peaq:-5",
      "did:peaq:" + BigInteger.ONE.shiftLeft(256),
      "-5"
    };
    for (String did : bad) {
      Http.Answer a = Http.get(server.url(), "/mcr/" + did);
      assertThat(a.status()).as(did).isEqualTo(400);
      assertThat(a.body().get("detail").get("code").asText()).isEqualTo("INVALID_REQUEST");
      assertThat(a.body().get("detail").get("message").asText()).startsWith("Invalid machine DID");
    }
    Http.Answer unknown = Http.get(server.url(), "/machine/did:peaq:12345");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("detail").get("code").asText()).isEqualTo("NOT_FOUND");
    // 1.0 paths keep their string details
    Http.Answer legacy = Http.get(server.url(), "/mcr/did:peaq:0x12");
    assertThat(legacy.status()).isEqualTo(400);
    assertThat(legacy.body().get("detail").asText()).isEqualTo("Invalid Ethereum address format");
  }

  @Test
  void monetizationAcceptsOnlyFreshSignaturesOfTheOwnerOrController() throws Exception {
    DevnetOps.Key owner = ops.newKey();
    DevnetOps.Key controller = ops.newKey();
    DevnetOps.Key stranger = ops.newKey();
    BigInteger id =
        econ2.activate(
            owner, controller.address(), "Meter", owner.address().getBytes(StandardCharsets.UTF_8));
    await("/mcr/did:peaq:" + id, b -> true);

    JsonNode wk = Http.get(server.url(), "/.well-known/peaq-monetization").body();
    assertThat(wk.get("version").asText()).isEqualTo("tokenomics-2.0-monetization-v1");
    assertThat(wk.get("chain_id").asText()).isEqualTo(Long.toString(chain.chainId()));
    assertThat(wk.get("registry").asText())
        .isEqualTo(chain.econ2().machineRegistry().toLowerCase());

    String key = "did:peaq:" + id;
    JsonNode pending = Http.get(server.url(), "/machine/" + key + "/monetization").body();
    assertThat(pending.get("status").asText()).isEqualTo("PENDING");
    assertThat(pending.get("machine_id").asText()).isEqualTo(id.toString());

    long now = System.currentTimeMillis() / 1000;
    // another key's signature
    Put strangerPut = put(key, body(stranger, id, true, now));
    assertThat(strangerPut.status).isEqualTo(403);
    assertThat(strangerPut.code()).isEqualTo("UNAUTHORIZED_SIGNER");
    // stale and future timestamps
    Put stale = put(key, body(owner, id, true, now - 3600));
    assertThat(stale.status).isEqualTo(400);
    assertThat(stale.code()).isEqualTo("TIMESTAMP_OUT_OF_WINDOW");
    Put future = put(key, body(owner, id, true, now + 3600));
    assertThat(future.code()).isEqualTo("TIMESTAMP_OUT_OF_WINDOW");
    assertThat(get(key).get("status").asText()).isEqualTo("PENDING");

    // the controller opts in
    String accepted = body(controller, id, true, now);
    Put ok = put(key, accepted);
    assertThat(ok.status).isEqualTo(200);
    assertThat(ok.body.get("status").asText()).isEqualTo("OPTED_IN");
    assertThat(ok.body.get("signer").asText()).isEqualToIgnoringCase(controller.address());
    long updatedAt = ok.body.get("updated_at").asLong();

    // replayed as is
    Put replay = put(key, accepted);
    assertThat(replay.status).isEqualTo(409);
    assertThat(replay.code()).isEqualTo("STALE_SIGNATURE");
    // an older message of the owner cannot undo the newer one
    Put older = put(key, body(owner, id, false, now - 10));
    assertThat(older.code()).isEqualTo("STALE_SIGNATURE");
    JsonNode after = get(key);
    assertThat(after.get("status").asText()).isEqualTo("OPTED_IN");
    assertThat(after.get("updated_at").asLong()).isEqualTo(updatedAt);

    // the owner opts out with a newer message
    Put out = put(key, body(owner, id, false, now + 1));
    assertThat(out.status).isEqualTo(200);
    assertThat(out.body.get("status").asText()).isEqualTo("OPTED_OUT");

    // a wrong body changes nothing either
    Put garbage = put(key, "{\"opted_in\":\"yes\",\"timestamp\":1,\"signature\":\"0x00\"}");
    assertThat(garbage.status).isEqualTo(400);
    assertThat(garbage.code()).isEqualTo("INVALID_REQUEST");
    assertThat(get(key).get("status").asText()).isEqualTo("OPTED_OUT");
    Put unknown = put("did:peaq:777", body(owner, BigInteger.valueOf(777), true, now));
    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.code()).isEqualTo("MACHINE_NOT_FOUND");
  }

  record Put(int status, JsonNode body) {
    String code() {
      return body.get("detail").get("code").asText();
    }
  }

  static JsonNode get(String key) {
    return Http.get(server.url(), "/machine/" + key + "/monetization").body();
  }

  static String body(DevnetOps.Key signer, BigInteger id, boolean optedIn, long timestamp) {
    String message =
        String.join(
            "\n",
            "peaq-mcr monetization",
            "registry: " + chain.econ2().machineRegistry().toLowerCase(),
            "chain_id: " + chain.chainId(),
            "machine_id: " + id,
            "opted_in: " + optedIn,
            "timestamp: " + timestamp);
    Sign.SignatureData s =
        Sign.signPrefixedMessage(
            message.getBytes(StandardCharsets.UTF_8),
            Credentials.create(signer.privateKey()).getEcKeyPair());
    byte[] sig = new byte[65];
    System.arraycopy(s.getR(), 0, sig, 0, 32);
    System.arraycopy(s.getS(), 0, sig, 32, 32);
    sig[64] = s.getV()[0];
    return "{\"opted_in\":"
        + optedIn
        + ",\"timestamp\":"
        + timestamp
        + ",\"signature\":\""
        + Numeric.toHexString(sig)
        + "\"}";
  }

  static Put put(String key, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/machine/" + key + "/monetization"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Put(r.statusCode(), JSON.readTree(r.body()));
  }
}
