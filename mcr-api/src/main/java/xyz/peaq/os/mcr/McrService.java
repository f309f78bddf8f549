package xyz.peaq.os.mcr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import xyz.peaq.os.sdk.Did;
import xyz.peaq.os.sdk.MachineDid;
import xyz.peaq.os.sdk.chain.Abi;

/** Builds the response bodies of the data endpoints from the index and the scoring model. */
final class McrService {
  static final int MAX_EVENT_DATA = 100;
  private static final Set<String> VISIBILITIES = Set.of("public", "private", "onchain");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final McrApiConfig cfg;
  private final Store store;
  private final Indexer indexer;
  private final Clock clock;
  private final long chainId;
  private final PartnerData partners;

  /**
   * Scores computed when the indexer applies a machine's facts (and on first use after a start),
   * keyed "1:<id>" / "2:<id>"; an entry older than {@link #SCORE_MAX_AGE_SECONDS} is recomputed
   * because the score windows move with the clock. 2.0 scores are of the events alone: the
   * subscription state (chain time) is applied per answer, a comparison.
   */
  private final Map<String, Scored> scores = new java.util.concurrent.ConcurrentHashMap<>();

  static final long SCORE_MAX_AGE_SECONDS = 60;

  private record Scored(McrScore score, long atSecond, long version) {}

  /** A data endpoint's body, and whether it may be cached until the index moves. */
  record Answer(Map<String, Object> body, boolean cacheable) {}

  McrService(McrApiConfig cfg, Store store, Indexer indexer, Clock clock, long chainId) {
    this.cfg = cfg;
    this.store = store;
    this.indexer = indexer;
    this.clock = clock;
    this.chainId = chainId;
    this.partners = new PartnerData(cfg.partnerDataTimeout());
  }

  /** The 503s every data endpoint shares: test mode, and a chain the indexer cannot read. */
  void requireAvailable() {
    if (cfg.testMode() || store == null) {
      throw new HttpError(503, "Service not initialised");
    }
    if (indexer == null || !indexer.everSucceeded()) {
      throw new HttpError(503, "Chain unavailable");
    }
  }

  Map<String, Object> mcr(String did) {
    if (MachineDid.looksDecimal(did)) {
      return mcrV2(did);
    }
    String address = pathAddress(did);
    requireAvailable();
    MachineRecord m = machineOfDid(address);
    McrScore s = score(m);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("did", did);
    body.put("machine_id", m.machineId());
    body.put("mcr_score", s.score());
    body.put("mcr", s.mcr());
    body.put("mcr_degraded", s.degraded());
    body.put("bond_status", bondStatus(m));
    body.put("negative_flag", s.negativeFlag());
    body.put("event_count", s.eventCount());
    body.put("revenue_event_count", s.revenueEventCount());
    body.put("activity_event_count", s.activityEventCount());
    body.put("revenue_trend", s.revenueTrend());
    body.put("total_revenue", s.totalRevenue());
    body.put("average_revenue_per_event", s.averageRevenuePerEvent());
    body.put("last_updated", s.lastUpdated());
    return body;
  }

  Answer machine(String did) {
    if (MachineDid.looksDecimal(did)) {
      return new Answer(machineV2(did), true);
    }
    String address = pathAddress(did);
    requireAvailable();
    MachineRecord m = machineOfDid(address);
    Optional<BigInteger> token = store.tokenOfMachine(m.machineId());
    Map<String, Object> body =
        profile(m, did, token.map(t -> "Machine #" + t).orElse("Machine (no NFT)"));
    return new Answer(body, !Boolean.TRUE.equals(body.remove(PARTNER_PENDING)));
  }

  /** Marks a profile whose partner data was still being fetched (removed before rendering). */
  private static final String PARTNER_PENDING = "\u0000partner_pending";

  /**
   * The machine whose wallet the DID names. 404 "Machine not registered" when the DID has
   * attributes (a machine DID written before, or without, registration), else "Machine not found".
   */
  private MachineRecord machineOfDid(String address) {
    Optional<MachineRecord> m = store.machineByWallet(address);
    if (m.isEmpty() && indexer != null && indexer.catchUp()) {
      // Registered since the last poll? One poll now finds it: a client waiting for a new
      // machine (activate) is not kept waiting for the next regular poll.
      m = store.machineByWallet(address);
    }
    return m.orElseThrow(
        () ->
            new HttpError(
                404,
                store.attributes(address).isEmpty()
                    ? "Machine not found"
                    : "Machine not registered"));
  }

  Map<String, Object> metadata(BigInteger tokenId) {
    requireAvailable();
    BigInteger machineId =
        store.machineOfToken(tokenId).orElseThrow(() -> new HttpError(404, "Token not found"));
    MachineRecord m =
        store
            .machineById(machineId)
            .orElseThrow(() -> new HttpError(404, "Machine not registered"));
    return profile(m, didOf(m.wallet()), "Machine #" + tokenId);
  }

  Map<String, Object> machineCard(BigInteger machineId) {
    requireAvailable();
    MachineRecord m =
        store.machineById(machineId).orElseThrow(() -> new HttpError(404, "Machine not found"));
    if (m.wallet() == null || new BigInteger(m.wallet().substring(2), 16).signum() == 0) {
      throw new HttpError(404, "Machine wallet not found");
    }
    Map<String, String> attrs = store.attributes(m.wallet());
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("type", "peaqos:registration:v1");
    card.put("name", "Machine #" + machineId);
    card.put("description", "peaqOS machine");
    card.put("did", didOf(m.wallet()));
    card.put("active", !m.deactivated());
    List<Map<String, Object>> services = new ArrayList<>();
    String dataApi = nonEmpty(attrs.get("data_api"));
    if (dataApi != null) {
      Map<String, Object> web = new LinkedHashMap<>();
      web.put("name", "web");
      web.put("endpoint", dataApi);
      services.add(web);
    }
    card.put("services", services);
    card.put("data_visibility", visibility(attrs));
    String doc = nonEmpty(attrs.get("documentation_url"));
    card.put("documentation_url", doc == null ? "" : doc);
    card.put("operator", operator(m, attrs));
    card.put("bond_status", bondStatus(m));
    card.put("event_count", store.events(m.machineId()).size());
    Map<String, Object> reg = new LinkedHashMap<>();
    reg.put("type", "peaqos:registration:v1");
    reg.put("machineId", m.machineId());
    reg.put(
        "machineRegistry",
        "eip155:"
            + chainId
            + ":"
            + org.web3j.crypto.Keys.toChecksumAddress(cfg.identityRegistry()));
    card.put("registrations", List.of(reg));
    return card;
  }

  /**
   * An operator's fleet: the machines whose on-chain operator is the address (OperatorSet /
   * MachineRegistered), united with the registered ids listed in the operator DID's {@code
   * machines} attribute; ordered by machine id; unregistered ids dropped before counting.
   */
  Map<String, Object> operatorMachines(String did, int offset, int limit) {
    String address = pathAddress(did);
    requireAvailable();
    TreeMap<BigInteger, MachineRecord> fleet = new TreeMap<>();
    for (MachineRecord m : store.machinesOfOperator(address)) {
      fleet.put(m.machineId(), m);
    }
    List<BigInteger> listed = parseIdList(store.attributes(address).get("machines"));
    if (!listed.isEmpty()) {
      for (MachineRecord m : store.machinesByIds(listed)) {
        fleet.putIfAbsent(m.machineId(), m);
      }
    }
    List<MachineRecord> all = new ArrayList<>(fleet.values());
    all.sort(Comparator.comparing(MachineRecord::machineId));
    // 1.0 machines first (by id), then the 2.0 machines the address owns, controls or onboarded.
    List<MachineV2> v2 = new ArrayList<>();
    if (cfg.econ2() != null) {
      v2.addAll(store.econ2().machinesOf(address));
      v2.sort(Comparator.comparing(MachineV2::machineId));
    }
    int total = all.size() + v2.size();
    List<Map<String, Object>> page = new ArrayList<>();
    for (int i = offset; i < total && i < (long) offset + limit; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      if (i < all.size()) {
        MachineRecord m = all.get(i);
        McrScore s = score(m);
        row.put("did", didOf(m.wallet()));
        row.put("machine_id", m.machineId());
        row.put("mcr_score", s.score());
        row.put("mcr", s.mcr());
        row.put("negative_flag", s.negativeFlag());
      } else {
        MachineV2 m = v2.get(i - all.size());
        RatedV2 r = rateV2(m);
        row.put("did", MachineDid.of(m.machineId()).toString());
        row.put("machine_id", m.machineId().toString());
        row.put("mcr_score", r.score().score());
        row.put("mcr", r.score().mcr());
        row.put("negative_flag", r.score().negativeFlag());
      }
      page.add(row);
    }
    Map<String, Object> pagination = new LinkedHashMap<>();
    pagination.put("offset", offset);
    pagination.put("limit", limit);
    pagination.put("total", total);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("operator_did", did);
    body.put("machines", page);
    body.put("pagination", pagination);
    return body;
  }

  // ---- Explorer (the web pages read the same answers as the JSON endpoints) ----

  /** The window of the explorer's events and revenue chart. */
  static final long CHART_WINDOW_SECONDS = 90L * 24 * 3600;

  /**
   * What the explorer's machine page shows: the {@code /mcr} and {@code /machine} answers
   * themselves, plus what they summarise (the score's four components, the DID attributes or the
   * 2.0 record, and the events of the chart window, oldest first).
   */
  record MachineView(
      String did,
      Map<String, Object> mcr,
      Map<String, Object> profile,
      McrScore.Components components,
      MachineRecord v1,
      Map<String, String> attributes,
      BigInteger tokenId,
      RatedV2 v2,
      List<MachineEvent> recentEvents) {}

  MachineView machineView(String did) {
    Map<String, Object> mcr = mcr(did);
    Map<String, Object> profile = machine(did).body();
    long since = clock.instant().getEpochSecond() - CHART_WINDOW_SECONDS;
    if (MachineDid.looksDecimal(did)) {
      RatedV2 r = rateV2(machineV2OfDid(did));
      return new MachineView(
          did,
          mcr,
          profile,
          r.score().components(),
          null,
          Map.of(),
          null,
          r,
          recent(store.econ2().events(r.machine().machineId()), since));
    }
    MachineRecord m = machineOfDid(pathAddress(did));
    return new MachineView(
        did,
        mcr,
        profile,
        score(m).components(),
        m,
        store.attributes(m.wallet()),
        store.tokenOfMachine(m.machineId()).orElse(null),
        null,
        recent(store.events(m.machineId()), since));
  }

  private static List<MachineEvent> recent(List<MachineEvent> events, long since) {
    List<MachineEvent> out = new ArrayList<>();
    for (MachineEvent e : events) {
      if (e.blockTime() >= since) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparingLong(MachineEvent::blockTime));
    return out;
  }

  /** One machine of the start page's recent activations. */
  record Activation(String did, BigInteger machineId, String generation, long block, long time) {}

  /** The start page's fleet overview. */
  record Overview(
      int machines, int machinesV2, Map<String, Integer> byGrade, List<Activation> recent) {}

  private volatile Overview overview;
  private volatile long overviewVersion = -1;
  private volatile long overviewAt;

  /**
   * Machines indexed, how many hold each grade, and the latest activations; computed once per index
   * version (at most every {@link #SCORE_MAX_AGE_SECONDS}), from the same scores as {@code /mcr}.
   */
  Overview overview() {
    requireAvailable();
    long now = clock.instant().getEpochSecond();
    long version = indexVersion();
    Overview o = overview;
    if (o != null && overviewVersion == version && now - overviewAt <= SCORE_MAX_AGE_SECONDS) {
      return o;
    }
    Map<String, Integer> byGrade = new LinkedHashMap<>();
    for (String g : new String[] {"AAA", "AA", "A", "BBB", "BB", "B", "NR", "Provisioned"}) {
      byGrade.put(g, 0);
    }
    List<MachineRecord> all = store.allMachines();
    for (MachineRecord m : all) {
      byGrade.merge(score(m).mcr(), 1, Integer::sum);
    }
    List<MachineV2> all2 = cfg.econ2() == null ? List.of() : store.econ2().all();
    for (MachineV2 m : all2) {
      byGrade.merge(rateV2(m).score().mcr(), 1, Integer::sum);
    }
    List<Activation> recent = new ArrayList<>();
    for (MachineRecord m : store.recentMachines(10)) {
      recent.add(
          new Activation(
              didOf(m.wallet()), m.machineId(), "1.0", m.registeredBlock(), m.registeredTime()));
    }
    if (cfg.econ2() != null) {
      for (MachineV2 m : store.econ2().recent(10)) {
        recent.add(
            new Activation(
                MachineDid.of(m.machineId()).toString(),
                m.machineId(),
                "2.0",
                m.mintedBlock(),
                m.mintedTime()));
      }
    }
    recent.sort(Comparator.comparingLong(Activation::block).reversed());
    o =
        new Overview(
            all.size(),
            all2.size(),
            byGrade,
            new ArrayList<>(recent.subList(0, Math.min(10, recent.size()))));
    overview = o;
    overviewVersion = version;
    overviewAt = now;
    return o;
  }

  /**
   * Where the explorer's search box leads: the path of a machine page or an operator page. Takes a
   * DID in either form ({@code did:peaq:0x…} / {@code 0x…}, or a 2.0 {@code did:peaq:<decimal>}), a
   * machine id (1.0 first, then 2.0) or an operator address.
   */
  String locate(String query) {
    String q = query == null ? "" : query.strip();
    if (q.isEmpty()) {
      throw new HttpError(
          400, "Type a machine DID (did:peaq:0x… or did:peaq:<id>), a machine id or an address.");
    }
    requireAvailable();
    if (q.regionMatches(true, 0, "did:peaq:", 0, 9) && MachineDid.looksDecimal(q)) {
      MachineV2 m = machineV2OfDid(q);
      return "/explorer/machine/" + MachineDid.of(m.machineId());
    }
    if (q.matches("[0-9]{1,78}")) {
      BigInteger id = new BigInteger(q);
      Optional<MachineRecord> m = store.machineById(id);
      if (m.isPresent()) {
        return "/explorer/machine/" + didOf(m.get().wallet());
      }
      if (cfg.econ2() != null && store.econ2().machine(id).isPresent()) {
        return "/explorer/machine/" + MachineDid.of(id);
      }
      throw new HttpError(404, "No machine with id " + id + " is indexed.");
    }
    Optional<String> address = Did.addressOf(q);
    if (address.isEmpty()) {
      throw new HttpError(
          400,
          "Not a DID, machine id or address: expected did:peaq:0x followed by 40 hex digits, 0x"
              + " followed by 40 hex digits, did:peaq:<decimal machine id> or a decimal machine id.");
    }
    String a = address.get().toLowerCase(java.util.Locale.ROOT);
    if (store.machineByWallet(a).isPresent()) {
      return "/explorer/machine/" + didOf(a);
    }
    Map<String, Object> fleet = operatorMachines(a, 0, 1);
    if (((Map<?, ?>) fleet.get("pagination")).get("total") instanceof Integer n && n > 0) {
      return "/explorer/operator/" + didOf(a);
    }
    throw new HttpError(
        404, "No machine or operator with address " + didOf(a) + " is indexed (yet).");
  }

  // ---- Economics 2.0 ----

  /** A 2.0 machine's rating with the state it was judged in. */
  record RatedV2(MachineV2 machine, SubscriptionState state, McrScore score) {}

  /** The same figures, rated NR with score 0 (a subscription that cannot be rated). */
  private static McrScore unrated(McrScore s) {
    return new McrScore(
        "NR",
        0,
        s.eventCount(),
        s.revenueEventCount(),
        s.activityEventCount(),
        s.revenueTrend(),
        s.totalRevenue(),
        s.averageRevenuePerEvent(),
        s.lastUpdated(),
        s.degraded(),
        s.negativeFlag(),
        s.components());
  }

  /**
   * The 2.0 machine a decimal DID names, in the order of the 1.0 checks: 503 test mode, 400 id, 503
   * chain, 404.
   */
  MachineV2 machineV2OfDid(String did) {
    if (cfg.testMode() || store == null) {
      throw CodedError.of(503, "SERVICE_UNAVAILABLE", "Service not initialised");
    }
    String digits = did.strip();
    if (digits.regionMatches(true, 0, "did:peaq:", 0, 9)) {
      digits = digits.substring(9);
    }
    String problem = MachineDid.problemOf(digits);
    if (problem != null) {
      throw CodedError.invalid("Invalid machine DID: " + problem);
    }
    if (indexer == null || !indexer.everSucceeded()) {
      throw CodedError.of(503, "SERVICE_UNAVAILABLE", "Chain unavailable");
    }
    if (cfg.econ2() == null) {
      throw CodedError.notFound(
          "Machine not found: this service indexes no Economics 2.0 contracts"
              + " (set MACHINE_REGISTRY_ADDRESS and the other 2.0 addresses)");
    }
    return store
        .econ2()
        .machine(new BigInteger(digits))
        .orElseThrow(() -> CodedError.notFound("Machine not found"));
  }

  /**
   * Rates a 2.0 machine: its subscription state at the indexed chain time decides whether it can be
   * rated (active or grace); otherwise it is NR with score 0 and says why.
   */
  RatedV2 rateV2(MachineV2 m) {
    Econ2Index e = store.econ2();
    long chainTime = store.cursorTime().orElse(0L);
    SubscriptionState state =
        SubscriptionState.of(
            m, e.param(LogDecoder.GRACE_DURATION), e.param(LogDecoder.RUNOFF_DURATION), chainTime);
    McrScore rated =
        cachedScore(
            "2:" + m.machineId(),
            () ->
                McrModel.score(
                    new McrModel.Facts(
                        true, m.updatedTime(), 0L, e.events(m.machineId()), false, 0L),
                    clock.instant()));
    McrScore s = state.rated() ? rated : unrated(rated);
    return new RatedV2(m, state, s);
  }

  private Map<String, Object> mcrV2(String did) {
    RatedV2 r = rateV2(machineV2OfDid(did));
    McrScore s = r.score();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("did", did);
    body.put("machine_id", r.machine().machineId().toString());
    body.put("mcr_score", s.score());
    body.put("mcr", s.mcr());
    body.put("mcr_degraded", s.degraded());
    body.put("bond_status", bondStatusV2(r.state()));
    body.put("negative_flag", s.negativeFlag());
    body.put("event_count", s.eventCount());
    body.put("revenue_event_count", s.revenueEventCount());
    body.put("activity_event_count", s.activityEventCount());
    body.put("revenue_trend", s.revenueTrend());
    body.put("total_revenue", s.totalRevenue());
    body.put("average_revenue_per_event", s.averageRevenuePerEvent());
    body.put("last_updated", s.lastUpdated());
    body.put("home_chain", PEAQ_PROTOCOL_CHAIN_ID);
    if (!r.state().rated()) {
      body.put("rating_unavailable", r.state().unratedReason());
    }
    return body;
  }

  private Map<String, Object> machineV2(String did) {
    RatedV2 r = rateV2(machineV2OfDid(did));
    MachineV2 m = r.machine();
    McrScore s = r.score();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("machine_id", m.machineId().toString());
    p.put("did", did);
    p.put("operator", m.operator() == null ? null : didOf(m.operator()));
    p.put("mcr", s.mcr());
    p.put("mcr_score", s.score());
    p.put("bond_status", bondStatusV2(r.state()));
    p.put("negative_flag", s.negativeFlag());
    p.put("event_count", s.eventCount());
    // The DID document lives in MachineRegistry; no visibility attribute exists in 2.0.
    p.put("data_visibility", "private");
    p.put("documentation_url", null);
    p.put("home_chain", PEAQ_PROTOCOL_CHAIN_ID);
    p.put("machine_type", m.machineType());
    p.put("relocating", false);
    if (!r.state().rated()) {
      p.put("rating_unavailable", r.state().unratedReason());
    }
    // Not read by the official 0.12 SDK, which checks owner/controller as Solana keys (they are
    // sent only for machines homed away from peaq): the EVM identity under its own names.
    p.put("owner_address", m.owner());
    p.put("controller_address", m.controller());
    p.put("subscription_status", r.state().name().toLowerCase(java.util.Locale.ROOT));
    p.put("suspended", m.suspended());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema_version", "1.0");
    body.put("name", "Machine " + (m.machineType() == null ? "" : m.machineType()).strip());
    body.put("peaqos", p);
    return body;
  }

  /** The bond is held from activation until the subscription terminates. */
  private static String bondStatusV2(SubscriptionState state) {
    return state == SubscriptionState.ACTIVE
            || state == SubscriptionState.GRACE
            || state == SubscriptionState.RUNOFF
        ? "bonded"
        : "unbonded";
  }

  /** peaq's protocol chain id (InfoDesk localChainId); every devnet machine is homed there. */
  static final int PEAQ_PROTOCOL_CHAIN_ID = 1;

  private Map<String, Object> profile(MachineRecord m, String did, String name) {
    Map<String, String> attrs = store.attributes(m.wallet());
    List<MachineEvent> events = store.events(m.machineId());
    McrScore s = score(m);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("machine_id", m.machineId());
    p.put("did", did);
    p.put("operator", operator(m, attrs));
    p.put("mcr", s.mcr());
    p.put("mcr_score", s.score());
    p.put("bond_status", bondStatus(m));
    p.put("negative_flag", s.negativeFlag());
    p.put("event_count", s.eventCount());
    String visibility = visibility(attrs);
    boolean pending = false;
    p.put("data_visibility", visibility);
    p.put("documentation_url", nonEmpty(attrs.get("documentation_url")));
    String dataApi = nonEmpty(attrs.get("data_api"));
    switch (visibility) {
      case "private" -> {
        if (dataApi != null) p.put("data_api", dataApi);
      }
      case "onchain" -> p.put("event_data", eventData(events));
      case "public" -> {
        if (dataApi != null) {
          p.put("data_api", dataApi);
          PartnerData.Result r = partners.get(dataApi);
          if (r.data() != null) {
            p.put("partner_data", r.data());
          } else {
            p.put("partner_data_error", r.error());
          }
          pending = r.pending();
        } else {
          p.put("partner_data_error", "data_api attribute is not set");
        }
      }
      default -> {}
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema_version", "1.0");
    body.put("name", name);
    body.put("peaqos", p);
    if (pending) {
      body.put(PARTNER_PENDING, true);
    }
    return body;
  }

  private static List<Map<String, Object>> eventData(List<MachineEvent> events) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (MachineEvent e : events.subList(0, Math.min(MAX_EVENT_DATA, events.size()))) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("event_type", e.eventType());
      r.put("origin_value", e.value());
      r.put("timestamp", e.claimedTime());
      r.put("trust_level", e.trustLevel());
      r.put("metadata", metadataObject(e.metadata()));
      if (e.eventType() == MachineEvent.REVENUE) {
        boolean usd = McrModel.countsAsUsd(e);
        r.put("origin_currency", e.currency());
        r.put("usd_value", usd ? e.value() : BigInteger.ZERO);
        r.put("origin_subunit", usd ? 100 : null);
        r.put("usd_subunit", 100);
        r.put("amount_status", usd ? "ok" : "unsupported_currency");
      }
      rows.add(r);
    }
    return rows;
  }

  /**
   * Event metadata bytes as a JSON object: parsed when they hold one, else {@code {"raw":
   * "0x..."}}.
   */
  static Object metadataObject(String hex) {
    byte[] raw = Abi.bytes(hex);
    if (raw.length == 0) {
      return Map.of();
    }
    try {
      JsonNode n = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (Exception ignored) {
      // Not JSON: fall through to the raw form.
    }
    return Map.of("raw", hex);
  }

  private McrScore score(MachineRecord m) {
    return cachedScore("1:" + m.machineId(), () -> computeScore(m));
  }

  private McrScore computeScore(MachineRecord m) {
    return McrModel.score(facts(m, store.events(m.machineId())), clock.instant());
  }

  private McrScore cachedScore(String key, java.util.function.Supplier<McrScore> compute) {
    long now = clock.instant().getEpochSecond();
    Scored s = scores.get(key);
    if (s == null || now - s.atSecond() > SCORE_MAX_AGE_SECONDS) {
      // Kept only when the index did not move meanwhile: a score read from facts the indexer has
      // since replaced must not overwrite the one it computed.
      long version = indexVersion();
      s = new Scored(compute.get(), now, version);
      if (version == indexVersion()) {
        if (scores.size() >= 100_000) {
          scores.clear();
        }
        scores.put(key, s);
      }
    }
    return s.score();
  }

  private long indexVersion() {
    return indexer == null ? 0 : indexer.version();
  }

  /**
   * Called by the indexer after each committed batch: the machines it touched are rated again now,
   * so that requests read a ready score.
   */
  /**
   * A follower instance saw the leader's index move without seeing its facts: every score may be
   * stale.
   */
  void indexMovedElsewhere() {
    scores.clear();
  }

  void indexed(List<IndexedFact> facts) {
    java.util.Set<String> touched = new java.util.LinkedHashSet<>();
    for (IndexedFact f : facts) {
      BigInteger v1 =
          f instanceof IndexedFact.Registration r
              ? r.machineId()
              : f instanceof IndexedFact.Stake st
                  ? st.machineId()
                  : f instanceof IndexedFact.Event e
                      ? e.event().machineId()
                      : f instanceof IndexedFact.ActivationChange a ? a.machineId() : null;
      if (v1 != null) {
        touched.add("1:" + v1);
      }
      BigInteger v2 =
          f instanceof IndexedFact.V2Event e
              ? e.event().machineId()
              : f instanceof IndexedFact.V2Minted mi ? mi.machineId() : null;
      if (v2 != null) {
        touched.add("2:" + v2);
      }
    }
    for (String key : touched) {
      scores.remove(key);
      BigInteger id = new BigInteger(key.substring(2));
      if (key.startsWith("1:")) {
        store.machineById(id).ifPresent(this::score);
      } else if (cfg.econ2() != null) {
        store.econ2().machine(id).ifPresent(this::rateV2);
      }
    }
  }

  private McrModel.Facts facts(MachineRecord m, List<MachineEvent> events) {
    return new McrModel.Facts(
        store.bonded(m.machineId()),
        m.registeredTime(),
        store.lastStakeTime(m.machineId()),
        events,
        m.deactivated(),
        m.statusTime());
  }

  private String bondStatus(MachineRecord m) {
    return store.bonded(m.machineId()) ? "bonded" : "unbonded";
  }

  /** The DID's {@code operator} attribute when set, else the on-chain operator's DID, else null. */
  private static String operator(MachineRecord m, Map<String, String> attrs) {
    String attr = nonEmpty(attrs.get("operator"));
    if (attr != null) {
      return attr;
    }
    return m.operator() == null ? null : didOf(m.operator());
  }

  private static String visibility(Map<String, String> attrs) {
    String v = attrs.get("data_visibility");
    return v != null && VISIBILITIES.contains(v.trim()) ? v.trim() : "private";
  }

  private static String nonEmpty(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * Ids of a {@code machines} attribute ({@code [1, 2, 3]}); anything that is not one is skipped.
   */
  static List<BigInteger> parseIdList(String value) {
    List<BigInteger> ids = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return ids;
    }
    try {
      JsonNode n = JSON.readTree(value);
      if (n != null && n.isArray()) {
        for (JsonNode x : n) {
          if (x.isIntegralNumber() && x.bigIntegerValue().signum() > 0) {
            ids.add(x.bigIntegerValue());
          } else if (x.isTextual()
              && x.asText().matches("[0-9]{1,78}")
              && new BigInteger(x.asText()).signum() > 0) {
            ids.add(new BigInteger(x.asText()));
          }
        }
      }
    } catch (Exception ignored) {
      // A malformed list names no machines.
    }
    return ids;
  }

  /**
   * The lowercase address a path DID names (the SDK's DID syntax); 400 with the official details
   * otherwise.
   */
  static String pathAddress(String did) {
    if (did == null || did.isBlank()) {
      throw new HttpError(400, "Empty DID");
    }
    return Did.addressOf(did)
        .orElseThrow(() -> new HttpError(400, "Invalid Ethereum address format"))
        .toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code did:peaq:0x...} of a stored address, EIP-55 checksummed. */
  static String didOf(String address) {
    return Did.of(address).toString();
  }
}
