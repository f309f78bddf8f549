package xyz.peaq.os.sdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.Immutables;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.internal.chain.Hex;
import xyz.peaq.os.sdk.internal.chain.ReadBatch;

/**
 * The one check of a configuration against its chain: the chain id, then each address: set and
 * well-formed, code present, the contract answering as its kind (IdentityRegistry {@code
 * minBond()}, IdentityStaking {@code isStaked(0)}, MachineNFT {@code tokenIdOf(0)}, EventRegistry
 * {@code identityRegistryAddress()} equal to the configured registry and {@code
 * identityStakingAddress()} to the configured staking). The DID and batch addresses must be peaq's
 * fixed precompiles; real chains report no code there, the devnet's emulations must have code.
 *
 * <p>{@link PeaqosClient#verify()} runs it (once per client, before the first write); tools that
 * show every address's verdict (the CLI's {@code init}) read the {@link Report} itself.
 */
public final class ConfigurationCheck {
  /** The address variables, in the order they are checked and shown. */
  public static final List<String> ADDRESS_VARIABLES =
      Immutables.list(
          PeaqosConfig.IDENTITY_REGISTRY_ADDRESS,
          PeaqosConfig.IDENTITY_STAKING_ADDRESS,
          PeaqosConfig.EVENT_REGISTRY_ADDRESS,
          PeaqosConfig.MACHINE_NFT_ADDRESS,
          PeaqosConfig.DID_REGISTRY_ADDRESS,
          PeaqosConfig.BATCH_PRECOMPILE_ADDRESS);

  /** One address variable's verdict; {@code detail} says what it is or what is wrong. */
  public record AddressCheck(String variable, String address, boolean ok, String detail) {}

  /**
   * What was found. {@code addresses} is empty when the chain id did not match (nothing else was
   * read). {@code failure} is the error {@link PeaqosClient#verify()} throws, naming the first
   * variable at fault and listing every problem; empty when all passed.
   */
  public record Report(
      long chainId,
      Long expectedChainId,
      List<AddressCheck> addresses,
      List<String> checks,
      Optional<ValidationException> failure) {
    public Report {
      addresses = Immutables.copyOf(addresses);
      checks = Immutables.copyOf(checks);
    }

    public boolean ok() {
      return !failure.isPresent();
    }

    public boolean chainIdMatches() {
      return expectedChainId == null || expectedChainId == chainId;
    }

    /** The passed checks, or the failure thrown. */
    public VerificationReport orThrow() {
      if (failure.isPresent()) {
        throw failure.get();
      }
      return new VerificationReport(chainId, checks);
    }
  }

  private enum Kind {
    IDENTITY_REGISTRY(
        "IdentityRegistry",
        PeaqosConfig.IDENTITY_REGISTRY_ADDRESS,
        Abi.encodeCall("minBond"),
        "uint256"),
    IDENTITY_STAKING(
        "IdentityStaking",
        PeaqosConfig.IDENTITY_STAKING_ADDRESS,
        Abi.encodeCall("isStaked", new Uint256(0)),
        "bool"),
    EVENT_REGISTRY(
        "EventRegistry",
        PeaqosConfig.EVENT_REGISTRY_ADDRESS,
        Abi.encodeCall("identityRegistryAddress"),
        "address"),
    MACHINE_NFT(
        "MachineNFT",
        PeaqosConfig.MACHINE_NFT_ADDRESS,
        Abi.encodeCall("tokenIdOf", new Uint256(0)),
        "uint256");

    final String label;
    final String variable;
    final String probe;
    final String returns;
    final String withArticle;

    Kind(String label, String variable, String probe, String returns) {
      this.label = label;
      this.variable = variable;
      this.probe = probe;
      this.returns = returns;
      this.withArticle = ("AEIOU".indexOf(label.charAt(0)) >= 0 ? "an " : "a ") + label;
    }
  }

  private final ChainReads chain;
  private final List<AddressCheck> addresses = new ArrayList<>();
  private final List<String> checks = new ArrayList<>();

  /** {variable, message} in the order found. */
  private final List<String[]> problems = new ArrayList<>();

  /**
   * The check's reads, started together before the first is needed (they are independent), keyed
   * "code ADDRESS" or "call ADDRESS DATA"; a read not started here is made when needed.
   */
  private final Map<String, Supplier<?>> started = new HashMap<>();

  /** The chain id read with the others when they went out as one batch, else null. */
  private Supplier<Long> chainIdRead;

  private ConfigurationCheck(ChainReads chain) {
    this.chain = chain;
  }

  /** Checks a client configuration. */
  public static Report run(ChainReads chain, PeaqosConfig config) {
    ContractAddresses c = config.contracts();
    Map<String, String> a = new LinkedHashMap<>();
    a.put(PeaqosConfig.IDENTITY_REGISTRY_ADDRESS, c.identityRegistry());
    a.put(PeaqosConfig.IDENTITY_STAKING_ADDRESS, c.identityStaking());
    a.put(PeaqosConfig.EVENT_REGISTRY_ADDRESS, c.eventRegistry());
    a.put(PeaqosConfig.MACHINE_NFT_ADDRESS, c.machineNft());
    a.put(PeaqosConfig.DID_REGISTRY_ADDRESS, c.didRegistry());
    a.put(PeaqosConfig.BATCH_PRECOMPILE_ADDRESS, c.batchPrecompile());
    return run(
        chain,
        config.chainId(),
        config.network() == null ? null : config.network().id(),
        config.network() == Network.DEVNET,
        a);
  }

  /**
   * Checks raw variables (as a tool has them before it writes a configuration).
   *
   * @param expectedChainId null to accept any chain
   * @param network the preset's name for messages, or null when the chain id came from {@code
   *     PEAQOS_CHAIN_ID}
   * @param devnet whether the precompiles are the devnet's emulations (which must have code)
   * @param addresses the values of {@link #ADDRESS_VARIABLES}; missing ones are reported as not set
   */
  public static Report run(
      ChainReads chain,
      Long expectedChainId,
      String network,
      boolean devnet,
      Map<String, String> addresses) {
    return new ConfigurationCheck(chain).check(expectedChainId, network, devnet, addresses);
  }

  private Report check(Long expected, String network, boolean devnet, Map<String, String> in) {
    startReads(in);
    long actual = chainIdRead != null ? chainIdRead.get() : chain.fetchChainId();
    if (expected != null && actual != expected) {
      return new Report(
          actual,
          expected,
          Collections.emptyList(),
          Collections.emptyList(),
          Optional.of(
              new ValidationException(
                  PeaqosConfig.PEAQOS_RPC_URL,
                  "PEAQOS_RPC_URL answers chain id "
                      + actual
                      + " but "
                      + (network == null ? "PEAQOS_CHAIN_ID" : "network " + network)
                      + " expects "
                      + expected
                      + "; point PEAQOS_RPC_URL at the right network")));
    }
    checks.add("chain id " + actual);
    Map<String, String> valid = new LinkedHashMap<>();
    Map<String, AddressCheck> byVar = new LinkedHashMap<>();
    for (String var : ADDRESS_VARIABLES) {
      String addr = in.get(var);
      if (addr == null || addr.trim().isEmpty()) {
        byVar.put(var, new AddressCheck(var, "", false, "not set"));
        problems.add(new String[] {var, var + " is not set"});
      } else if (!Addresses.isValid(addr)) {
        byVar.put(var, new AddressCheck(var, addr, false, "not an address (0x + 40 hex digits)"));
        problems.add(new String[] {var, var + " must be 0x followed by 40 hex digits"});
      } else {
        valid.put(var, addr);
      }
    }
    for (Kind kind : Kind.values()) {
      String addr = valid.get(kind.variable);
      if (addr != null) {
        byVar.put(kind.variable, contract(kind, addr, actual));
      }
    }
    AddressCheck events = byVar.get(PeaqosConfig.EVENT_REGISTRY_ADDRESS);
    if (events != null && events.ok()) {
      byVar.put(PeaqosConfig.EVENT_REGISTRY_ADDRESS, links(events, valid));
    }
    precompiles(valid, devnet, byVar);
    for (String var : ADDRESS_VARIABLES) {
      addresses.add(byVar.get(var));
    }
    Optional<ValidationException> failure = Optional.empty();
    if (!problems.isEmpty()) {
      failure =
          Optional.of(
              new ValidationException(
                  problems.get(0)[0],
                  "Configuration does not match chain "
                      + actual
                      + ": "
                      + problems.stream().map(p -> p[1]).collect(Collectors.joining("; "))));
    } else {
      checks.add(
          "DID precompile "
              + valid.get(PeaqosConfig.DID_REGISTRY_ADDRESS)
              + ", batch precompile "
              + valid.get(PeaqosConfig.BATCH_PRECOMPILE_ADDRESS));
    }
    return new Report(actual, expected, addresses, checks, failure);
  }

  private AddressCheck contract(Kind kind, String addr, long chainId) {
    String var = kind.variable;
    if (!hasCode(addr)) {
      problems.add(
          new String[] {var, var + " " + addr + " has no contract code on chain " + chainId});
      return new AddressCheck(var, addr, false, "no contract code at this address");
    }
    if (answers(addr, kind)) {
      checks.add(var + " " + addr + " is " + kind.withArticle);
      return new AddressCheck(var, addr, true, kind.label);
    }
    Optional<Kind> actual =
        Arrays.stream(Kind.values()).filter(k -> k != kind && answers(addr, k)).findFirst();
    if (actual.isPresent()) {
      problems.add(
          new String[] {
            var,
            var
                + " "
                + addr
                + " is "
                + actual.get().withArticle
                + ", not "
                + kind.withArticle
                + "; it looks swapped with "
                + actual.get().variable
          });
      return new AddressCheck(
          var,
          addr,
          false,
          "answers as " + actual.get().label + ", not as " + kind.label + " (swapped addresses?)");
    }
    problems.add(new String[] {var, var + " " + addr + " does not answer as " + kind.withArticle});
    return new AddressCheck(
        var,
        addr,
        false,
        "answers as an unknown contract, not as " + kind.label + " (swapped addresses?)");
  }

  /** The EventRegistry must point at the configured IdentityRegistry and IdentityStaking. */
  private AddressCheck links(AddressCheck events, Map<String, String> valid) {
    String er = events.address();
    String ir = valid.get(PeaqosConfig.IDENTITY_REGISTRY_ADDRESS);
    String is = valid.get(PeaqosConfig.IDENTITY_STAKING_ADDRESS);
    boolean report = problems.isEmpty();
    AddressCheck verdict = events;
    if (ir != null) {
      String reg =
          (String) Abi.decodeOne(call(er, Abi.encodeCall("identityRegistryAddress")), "address");
      if (!Addresses.same(reg, ir)) {
        verdict =
            new AddressCheck(
                events.variable(),
                er,
                false,
                "its identityRegistryAddress() is " + reg + ", not the configured " + ir);
        if (report) {
          problems.add(
              new String[] {
                PeaqosConfig.IDENTITY_REGISTRY_ADDRESS,
                "EVENT_REGISTRY_ADDRESS "
                    + er
                    + " belongs to IdentityRegistry "
                    + reg
                    + ", but IDENTITY_REGISTRY_ADDRESS is "
                    + ir
              });
        }
      }
    }
    if (is != null) {
      String stk =
          (String) Abi.decodeOne(call(er, Abi.encodeCall("identityStakingAddress")), "address");
      if (!Addresses.same(stk, is)) {
        if (verdict.ok()) {
          verdict =
              new AddressCheck(
                  events.variable(),
                  er,
                  false,
                  "its identityStakingAddress() is " + stk + ", not the configured " + is);
        }
        if (report) {
          problems.add(
              new String[] {
                PeaqosConfig.IDENTITY_STAKING_ADDRESS,
                "EVENT_REGISTRY_ADDRESS "
                    + er
                    + " belongs to IdentityStaking "
                    + stk
                    + ", but IDENTITY_STAKING_ADDRESS is "
                    + is
              });
        }
      }
    }
    if (report && problems.isEmpty()) {
      checks.add("EventRegistry points at the configured IdentityRegistry and IdentityStaking");
    }
    return verdict;
  }

  private void precompiles(
      Map<String, String> valid, boolean devnet, Map<String, AddressCheck> byVar) {
    String did = valid.get(PeaqosConfig.DID_REGISTRY_ADDRESS);
    String batch = valid.get(PeaqosConfig.BATCH_PRECOMPILE_ADDRESS);
    boolean didOk = did != null && Addresses.same(did, WellKnownAddresses.DID_PRECOMPILE);
    boolean batchOk = batch != null && Addresses.same(batch, WellKnownAddresses.BATCH_PRECOMPILE);
    if (did != null) {
      byVar.put(
          PeaqosConfig.DID_REGISTRY_ADDRESS,
          new AddressCheck(
              PeaqosConfig.DID_REGISTRY_ADDRESS,
              did,
              didOk,
              didOk
                  ? "precompile"
                  : "expected the precompile at " + WellKnownAddresses.DID_PRECOMPILE));
    }
    if (batch != null) {
      byVar.put(
          PeaqosConfig.BATCH_PRECOMPILE_ADDRESS,
          new AddressCheck(
              PeaqosConfig.BATCH_PRECOMPILE_ADDRESS,
              batch,
              batchOk,
              batchOk
                  ? "precompile"
                  : "expected the precompile at " + WellKnownAddresses.BATCH_PRECOMPILE));
    }
    if (did == null || batch == null) {
      return;
    }
    if (!didOk || !batchOk) {
      boolean swapped =
          Addresses.same(did, WellKnownAddresses.BATCH_PRECOMPILE)
              && Addresses.same(batch, WellKnownAddresses.DID_PRECOMPILE);
      if (swapped) {
        problems.add(
            new String[] {
              PeaqosConfig.DID_REGISTRY_ADDRESS,
              "DID_REGISTRY_ADDRESS and BATCH_PRECOMPILE_ADDRESS"
                  + " are swapped: the DID precompile is "
                  + WellKnownAddresses.DID_PRECOMPILE
                  + ", the batch precompile "
                  + WellKnownAddresses.BATCH_PRECOMPILE
            });
        return;
      }
      if (!didOk) {
        problems.add(
            new String[] {
              PeaqosConfig.DID_REGISTRY_ADDRESS,
              "DID_REGISTRY_ADDRESS must be peaq's DID precompile "
                  + WellKnownAddresses.DID_PRECOMPILE
                  + "; got "
                  + did
            });
      }
      if (!batchOk) {
        problems.add(
            new String[] {
              PeaqosConfig.BATCH_PRECOMPILE_ADDRESS,
              "BATCH_PRECOMPILE_ADDRESS must be peaq's batch"
                  + " precompile "
                  + WellKnownAddresses.BATCH_PRECOMPILE
                  + "; got "
                  + batch
            });
      }
    } else if (devnet) {
      // Real precompiles report no code; the devnet's emulations are contracts and must be there.
      if (!hasCode(did)) {
        problems.add(
            new String[] {
              PeaqosConfig.DID_REGISTRY_ADDRESS,
              "the devnet has no DID precompile emulation at " + did
            });
        byVar.put(
            PeaqosConfig.DID_REGISTRY_ADDRESS,
            new AddressCheck(
                PeaqosConfig.DID_REGISTRY_ADDRESS,
                did,
                false,
                "the devnet has no DID precompile emulation here"));
      }
      if (!hasCode(batch)) {
        problems.add(
            new String[] {
              PeaqosConfig.BATCH_PRECOMPILE_ADDRESS,
              "the devnet has no batch precompile emulation at " + batch
            });
        byVar.put(
            PeaqosConfig.BATCH_PRECOMPILE_ADDRESS,
            new AddressCheck(
                PeaqosConfig.BATCH_PRECOMPILE_ADDRESS,
                batch,
                false,
                "the devnet has no batch precompile emulation here"));
      }
    }
  }

  private boolean answers(String address, Kind kind) {
    try {
      String out = call(address, kind.probe);
      return Hex.strip0x(out).length() == 64 && Abi.decode(out, kind.returns).size() == 1;
    } catch (ContractRevertException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Starts every read the check makes when the configuration is right: the chain id, each address's
   * code, each contract's probe, the EventRegistry's links. On the SDK's own connection they go out
   * as one JSON-RPC batch (one round trip, made here); on another {@link ChainReads}, or when the
   * node does not take a batch, side by side. Swapped-address probes run only when needed.
   */
  private void startReads(Map<String, String> in) {
    if (chain instanceof ChainClient c) {
      ReadBatch batch = c.readBatch();
      Supplier<Long> id = batch.chainId()::get;
      addReads(in, batch);
      try {
        batch.send();
        chainIdRead = id;
        return;
      } catch (RpcException e) {
        // A node or proxy that refuses JSON-RPC batches: the same reads one by one (a node that
        // cannot be reached fails them too, and says so).
        started.clear();
      }
    }
    addReads(in, null);
  }

  /** Adds the reads to {@code batch}, or starts them side by side when it is null. */
  private void addReads(Map<String, String> in, ReadBatch batch) {
    for (String var : ADDRESS_VARIABLES) {
      String addr = in.get(var);
      if (addr != null && Addresses.isValid(addr)) {
        started.computeIfAbsent(
            "code " + addr.toLowerCase(Locale.ROOT),
            k ->
                batch != null
                    ? batch.hasCode(addr)::get
                    : future(SideBySideReads.start(() -> chain.hasCode(addr))));
      }
    }
    for (Kind kind : Kind.values()) {
      startCall(batch, in.get(kind.variable), kind.probe);
    }
    String er = in.get(PeaqosConfig.EVENT_REGISTRY_ADDRESS);
    startCall(batch, er, Abi.encodeCall("identityRegistryAddress"));
    startCall(batch, er, Abi.encodeCall("identityStakingAddress"));
  }

  private void startCall(ReadBatch batch, String addr, String data) {
    if (addr != null && Addresses.isValid(addr)) {
      started.computeIfAbsent(
          "call " + addr.toLowerCase(Locale.ROOT) + " " + data,
          k ->
              batch != null
                  ? batch.call(addr, data)::get
                  : future(SideBySideReads.start(() -> chain.call(addr, data))));
    }
  }

  private static Supplier<Object> future(Future<?> f) {
    return () -> SideBySideReads.result(f);
  }

  private boolean hasCode(String addr) {
    Supplier<?> r = started.get("code " + addr.toLowerCase(Locale.ROOT));
    return r != null ? (Boolean) r.get() : chain.hasCode(addr);
  }

  private String call(String addr, String data) {
    Supplier<?> r = started.get("call " + addr.toLowerCase(Locale.ROOT) + " " + data);
    return r != null ? (String) r.get() : chain.call(addr, data);
  }
}
