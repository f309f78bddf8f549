package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.sdk.chain.Abi;

/**
 * Turns the logs of the four contracts and the DID emulation into {@link IndexedFact}s. An
 * EventSubmitted log hashes its currency into a topic, so the full event is read back with {@code
 * getEventAt(machineId, index)}. Times are block timestamps. Data is decoded by the SDK's {@link
 * Abi} (web3j underneath), the one ABI codec of peaqOS; data that does not decode raises {@link
 * IllegalArgumentException}.
 */
final class LogDecoder {
  static final String REGISTERED = Abi.eventTopic("Registered(uint256,string,address)");
  static final String MACHINE_REGISTERED =
      Abi.eventTopic("MachineRegistered(uint256,address,address,uint256)");
  static final String OPERATOR_SET = Abi.eventTopic("OperatorSet(uint256,address)");
  static final String MACHINE_DEACTIVATED = Abi.eventTopic("MachineDeactivated(uint256,address)");
  static final String MACHINE_REACTIVATED = Abi.eventTopic("MachineReactivated(uint256,address)");
  static final String STAKED = Abi.eventTopic("Staked(uint256,address,uint256)");
  static final String MACHINE_MINTED = Abi.eventTopic("MachineMinted(uint256,uint256,address)");
  static final String TRANSFER = Abi.eventTopic("Transfer(address,address,uint256)");
  static final String EVENT_SUBMITTED =
      Abi.eventTopic("EventSubmitted(uint256,uint256,uint8,uint256,string)");
  static final String ADD_ATTRIBUTE =
      Abi.eventTopic("AddAttribute(address,address,bytes,bytes,uint32)");
  static final String UPDATE_ATTRIBUTE =
      Abi.eventTopic("UpdateAttribute(address,address,bytes,bytes,uint32)");
  static final String REMOVE_ATTRIBUTE = Abi.eventTopic("RemoveAttribute(address,bytes)");

  /** The precompile's original spelling (sic); accepted too. */
  static final String REMOVE_ATTRIBTE = Abi.eventTopic("RemoveAttribte(address,bytes)");

  // ---- Economics 2.0 ----
  static final String V2_MACHINE_MINTED =
      Abi.eventTopic("MachineMinted(uint256,address,address,string)");
  static final String V2_CONTROLLER_UPDATED =
      Abi.eventTopic("ControllerUpdated(uint256,address,address)");
  static final List<String> V2_DOCUMENT_UPDATED =
      List.of(
          Abi.eventTopic("VerificationMethodsUpdated(uint256)"),
          Abi.eventTopic("AuthenticationUpdated(uint256)"),
          Abi.eventTopic("ServiceEndpointsUpdated(uint256)"));
  static final String MACHINE_ONBOARDED = Abi.eventTopic("MachineOnboarded(uint256,address)");
  static final String OPERATOR_PAUSED_SET = Abi.eventTopic("OperatorPausedSet(uint256,bool)");
  static final String ACTIVATED =
      Abi.eventTopic("Activated(uint256,address,uint8,uint256,uint64,uint64)");
  static final String RENEWED = Abi.eventTopic("Renewed(uint256,address,uint8,uint256,uint64)");
  static final String GRACE_DURATION_SET = Abi.eventTopic("GraceDurationSet(uint64)");
  static final String RUNOFF_DURATION_SET = Abi.eventTopic("RunoffDurationSet(uint64)");
  static final String GRACE_DURATION = "grace_duration";
  static final String RUNOFF_DURATION = "runoff_duration";

  static final String GET_EVENT_AT = "getEventAt";

  /**
   * The fields of EventRegistry's {@code MachineEvent} struct, as {@code getEventAt} returns it.
   */
  private static final String[] MACHINE_EVENT = {
    "uint256", "uint8", "uint256", "uint256", "bytes32", "uint8", "uint256", "bytes32", "bytes",
    "string"
  };

  private static final String ZERO = "0x0000000000000000000000000000000000000000";

  private final String identityRegistry;
  private final String identityStaking;
  private final String eventRegistry;
  private final String machineNft;
  private final String didRegistry;
  private final Econ2Addresses econ2;
  private final ChainPort chain;

  LogDecoder(McrApiConfig cfg, ChainPort chain) {
    this.econ2 = cfg.econ2();
    this.identityRegistry = cfg.identityRegistry().toLowerCase();
    this.identityStaking = cfg.identityStaking().toLowerCase();
    this.eventRegistry = cfg.eventRegistry().toLowerCase();
    this.machineNft = cfg.machineNft().toLowerCase();
    this.didRegistry = cfg.didRegistry().toLowerCase();
    this.chain = chain;
  }

  List<String> addresses() {
    List<String> all =
        new ArrayList<>(
            List.of(identityRegistry, identityStaking, eventRegistry, machineNft, didRegistry));
    if (econ2 != null) {
      all.addAll(econ2.all());
    }
    return all;
  }

  /** Facts of {@code logs} (chain order kept); {@code blockTime} gives a block's unix seconds. */
  List<IndexedFact> decode(List<ChainLog> logs) {
    Map<Long, Long> times = new HashMap<>();
    LongUnaryOperator blockTime = n -> times.computeIfAbsent(n, chain::blockTimestamp);
    List<IndexedFact> out = new ArrayList<>();
    for (ChainLog log : logs) {
      decodeOne(log, blockTime, out);
    }
    return out;
  }

  private void decodeOne(ChainLog log, LongUnaryOperator blockTime, List<IndexedFact> out) {
    String t0 = log.topic0();
    if (t0 == null) {
      return;
    }
    String from = log.address().toLowerCase();
    long block = log.blockNumber();
    List<String> tp = log.topics();
    if (from.equals(identityRegistry)) {
      if (t0.equals(REGISTERED) && tp.size() == 3) {
        String uri = (String) Abi.decodeOne(log.data(), "string");
        out.add(
            new IndexedFact.Registration(
                uint(tp.get(1)), addr(tp.get(2)), null, uri, block, blockTime.applyAsLong(block)));
      } else if (t0.equals(MACHINE_REGISTERED) && tp.size() == 4) {
        long time = blockTime.applyAsLong(block);
        BigInteger id = uint(tp.get(1));
        out.add(
            new IndexedFact.Registration(
                id, addr(tp.get(2)), nullIfZero(addr(tp.get(3))), null, block, time));
        BigInteger bond = (BigInteger) Abi.decodeOne(log.data(), "uint256");
        out.add(new IndexedFact.Stake(id, bond, block, log.logIndex(), time));
      } else if (t0.equals(OPERATOR_SET) && tp.size() == 3) {
        out.add(
            new IndexedFact.OperatorChange(
                uint(tp.get(1)), nullIfZero(addr(tp.get(2))), block, blockTime.applyAsLong(block)));
      } else if ((t0.equals(MACHINE_DEACTIVATED) || t0.equals(MACHINE_REACTIVATED))
          && tp.size() == 3) {
        out.add(
            new IndexedFact.ActivationChange(
                uint(tp.get(1)),
                addr(tp.get(2)),
                t0.equals(MACHINE_DEACTIVATED),
                block,
                blockTime.applyAsLong(block)));
      }
    } else if (from.equals(identityStaking)) {
      if (t0.equals(STAKED) && tp.size() == 3) {
        BigInteger amount = (BigInteger) Abi.decodeOne(log.data(), "uint256");
        out.add(
            new IndexedFact.Stake(
                uint(tp.get(1)), amount, block, log.logIndex(), blockTime.applyAsLong(block)));
      }
    } else if (from.equals(machineNft)) {
      if (t0.equals(MACHINE_MINTED) && tp.size() == 4) {
        out.add(
            new IndexedFact.NftMinted(uint(tp.get(1)), uint(tp.get(2)), addr(tp.get(3)), block));
      } else if (t0.equals(TRANSFER) && tp.size() == 4) {
        out.add(new IndexedFact.NftTransfer(uint(tp.get(3)), addr(tp.get(2))));
      }
    } else if (from.equals(eventRegistry)) {
      if (t0.equals(EVENT_SUBMITTED) && tp.size() >= 3) {
        out.add(
            new IndexedFact.Event(
                readEvent(eventRegistry, uint(tp.get(1)), uint(tp.get(2)), log, blockTime)));
      }
    } else if (from.equals(didRegistry)) {
      decodeDid(log, t0, out);
    } else if (econ2 != null) {
      decodeEcon2(log, from, t0, blockTime, out);
    }
  }

  /** The 2.0 set: MachineRegistry, MachineStateAndSync, MachineSubscription, InfoDesk, events. */
  private void decodeEcon2(
      ChainLog log, String from, String t0, LongUnaryOperator blockTime, List<IndexedFact> out) {
    long block = log.blockNumber();
    List<String> tp = log.topics();
    if (from.equals(econ2.machineRegistry())) {
      if (t0.equals(V2_MACHINE_MINTED) && tp.size() == 4) {
        String type = (String) Abi.decodeOne(log.data(), "string");
        out.add(
            new IndexedFact.V2Minted(
                uint(tp.get(1)),
                addr(tp.get(2)),
                nullIfZero(addr(tp.get(3))),
                type,
                block,
                blockTime.applyAsLong(block)));
      } else if (t0.equals(TRANSFER) && tp.size() == 4 && !ZERO.equals(addr(tp.get(2)))) {
        out.add(
            new IndexedFact.V2Owner(
                uint(tp.get(3)), addr(tp.get(2)), blockTime.applyAsLong(block)));
      } else if (t0.equals(V2_CONTROLLER_UPDATED) && tp.size() == 4) {
        out.add(
            new IndexedFact.V2Controller(
                uint(tp.get(1)), nullIfZero(addr(tp.get(3))), blockTime.applyAsLong(block)));
      } else if (V2_DOCUMENT_UPDATED.contains(t0) && tp.size() == 2) {
        out.add(new IndexedFact.V2DocumentChanged(uint(tp.get(1)), blockTime.applyAsLong(block)));
      }
    } else if (from.equals(econ2.machineStateAndSync())) {
      if (t0.equals(MACHINE_ONBOARDED) && tp.size() == 3) {
        out.add(
            new IndexedFact.V2Onboarded(
                uint(tp.get(1)), addr(tp.get(2)), blockTime.applyAsLong(block)));
      } else if (t0.equals(OPERATOR_PAUSED_SET) && tp.size() == 2) {
        boolean paused = (Boolean) Abi.decodeOne(log.data(), "bool");
        out.add(new IndexedFact.V2Suspended(uint(tp.get(1)), paused, blockTime.applyAsLong(block)));
      }
    } else if (from.equals(econ2.machineSubscription())) {
      if (t0.equals(ACTIVATED) && tp.size() == 3) {
        List<Object> f = Abi.decode(log.data(), "uint8", "uint256", "uint64", "uint64");
        out.add(
            new IndexedFact.V2Subscription(
                uint(tp.get(1)),
                ((BigInteger) f.get(0)).intValueExact(),
                (BigInteger) f.get(1),
                ((BigInteger) f.get(2)).longValueExact(),
                ((BigInteger) f.get(3)).longValueExact(),
                blockTime.applyAsLong(block)));
      } else if (t0.equals(RENEWED) && tp.size() == 3) {
        List<Object> f = Abi.decode(log.data(), "uint8", "uint256", "uint64");
        out.add(
            new IndexedFact.V2Subscription(
                uint(tp.get(1)),
                ((BigInteger) f.get(0)).intValueExact(),
                (BigInteger) f.get(1),
                0L,
                ((BigInteger) f.get(2)).longValueExact(),
                blockTime.applyAsLong(block)));
      }
    } else if (from.equals(econ2.infoDesk())) {
      if (t0.equals(GRACE_DURATION_SET) || t0.equals(RUNOFF_DURATION_SET)) {
        long v = ((BigInteger) Abi.decodeOne(log.data(), "uint64")).longValueExact();
        out.add(
            new IndexedFact.V2Param(
                t0.equals(GRACE_DURATION_SET) ? GRACE_DURATION : RUNOFF_DURATION, v));
      }
    } else if (from.equals(econ2.eventRegistry())) {
      if (t0.equals(EVENT_SUBMITTED) && tp.size() >= 3) {
        out.add(
            new IndexedFact.V2Event(
                readEvent(
                    econ2.eventRegistry(), uint(tp.get(1)), uint(tp.get(2)), log, blockTime)));
      }
    }
  }

  private MachineEvent readEvent(
      String registry,
      BigInteger machineId,
      BigInteger index,
      ChainLog log,
      LongUnaryOperator blockTime) {
    String result =
        chain.call(
            registry, Abi.encodeCall(GET_EVENT_AT, new Uint256(machineId), new Uint256(index)));
    List<Object> f = Abi.decodeTuple(result, MACHINE_EVENT);
    int eventType = ((BigInteger) f.get(1)).intValueExact();
    BigInteger value = (BigInteger) f.get(2);
    long claimed = clampLong((BigInteger) f.get(3));
    String dataHash = (String) f.get(4);
    int trust = ((BigInteger) f.get(5)).intValueExact();
    BigInteger sourceChain = (BigInteger) f.get(6);
    String sourceTx = (String) f.get(7);
    String metadata = (String) f.get(8);
    String currency = (String) f.get(9);
    return new MachineEvent(
        machineId,
        index.longValueExact(),
        eventType,
        value,
        currency,
        claimed,
        trust,
        sourceChain,
        dataHash,
        sourceTx,
        metadata,
        log.blockNumber(),
        blockTime.applyAsLong(log.blockNumber()),
        log.transactionHash());
  }

  private void decodeDid(ChainLog log, String t0, List<IndexedFact> out) {
    List<String> tp = log.topics();
    String data = log.data();
    if (t0.equals(ADD_ATTRIBUTE) || t0.equals(UPDATE_ATTRIBUTE)) {
      String account;
      String name;
      String value;
      if (tp.size() == 1) {
        // Every field in data: (sender, did_account, name, value, validity).
        List<Object> f = Abi.decode(data, "address", "address", "bytes", "bytes");
        account = ((String) f.get(1)).toLowerCase();
        name = utf8(f.get(2));
        value = utf8(f.get(3));
      } else {
        // The official ABI's layout: sender, didAccount and validity indexed.
        List<Object> f = Abi.decode(data, "bytes", "bytes");
        account = addr(tp.get(2));
        name = utf8(f.get(0));
        value = utf8(f.get(1));
      }
      out.add(new IndexedFact.AttributeSet(account, name, value, log.blockNumber()));
    } else if (t0.equals(REMOVE_ATTRIBUTE) || t0.equals(REMOVE_ATTRIBTE)) {
      if (tp.size() == 1) {
        List<Object> f = Abi.decode(data, "address", "bytes");
        out.add(
            new IndexedFact.AttributeRemoved(((String) f.get(0)).toLowerCase(), utf8(f.get(1))));
      } else {
        out.add(
            new IndexedFact.AttributeRemoved(addr(tp.get(1)), utf8(Abi.decodeOne(data, "bytes"))));
      }
    }
  }

  /** A decoded {@code bytes} value (0x-hex) as UTF-8 text. */
  private static String utf8(Object hex) {
    return new String(Abi.bytes((String) hex), StandardCharsets.UTF_8);
  }

  private static long clampLong(BigInteger v) {
    return v.bitLength() > 62 ? Long.MAX_VALUE : v.longValue();
  }

  static BigInteger uint(String topic) {
    return new BigInteger(topic.substring(2), 16);
  }

  static String addr(String topic) {
    return "0x" + topic.substring(topic.length() - 40).toLowerCase();
  }

  private static String nullIfZero(String a) {
    return ZERO.equals(a) ? null : a;
  }
}
