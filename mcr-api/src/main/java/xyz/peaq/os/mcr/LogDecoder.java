package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Turns the logs of the four contracts and the DID emulation into {@link IndexedFact}s. An
 * EventSubmitted log hashes its currency into a topic, so the full event is read back with
 * {@code getEventAt(machineId, index)}. Times are block timestamps.
 */
final class LogDecoder {
  static final String REGISTERED = Abi.topic("Registered(uint256,string,address)");
  static final String MACHINE_REGISTERED = Abi.topic("MachineRegistered(uint256,address,address,uint256)");
  static final String OPERATOR_SET = Abi.topic("OperatorSet(uint256,address)");
  static final String MACHINE_DEACTIVATED = Abi.topic("MachineDeactivated(uint256,address)");
  static final String MACHINE_REACTIVATED = Abi.topic("MachineReactivated(uint256,address)");
  static final String STAKED = Abi.topic("Staked(uint256,address,uint256)");
  static final String MACHINE_MINTED = Abi.topic("MachineMinted(uint256,uint256,address)");
  static final String TRANSFER = Abi.topic("Transfer(address,address,uint256)");
  static final String EVENT_SUBMITTED = Abi.topic("EventSubmitted(uint256,uint256,uint8,uint256,string)");
  static final String ADD_ATTRIBUTE = Abi.topic("AddAttribute(address,address,bytes,bytes,uint32)");
  static final String UPDATE_ATTRIBUTE = Abi.topic("UpdateAttribute(address,address,bytes,bytes,uint32)");
  static final String REMOVE_ATTRIBUTE = Abi.topic("RemoveAttribute(address,bytes)");
  /** The precompile's original spelling (sic); accepted too. */
  static final String REMOVE_ATTRIBTE = Abi.topic("RemoveAttribte(address,bytes)");
  static final String GET_EVENT_AT = "getEventAt(uint256,uint256)";
  private static final String ZERO = "0x0000000000000000000000000000000000000000";

  private final String identityRegistry;
  private final String identityStaking;
  private final String eventRegistry;
  private final String machineNft;
  private final String didRegistry;
  private final ChainPort chain;

  LogDecoder(McrApiConfig cfg, ChainPort chain) {
    this.identityRegistry = cfg.identityRegistry().toLowerCase();
    this.identityStaking = cfg.identityStaking().toLowerCase();
    this.eventRegistry = cfg.eventRegistry().toLowerCase();
    this.machineNft = cfg.machineNft().toLowerCase();
    this.didRegistry = cfg.didRegistry().toLowerCase();
    this.chain = chain;
  }

  List<String> addresses() {
    return List.of(identityRegistry, identityStaking, eventRegistry, machineNft, didRegistry);
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
        String uri = new Abi.Reader(log.data()).dynamicString(0, 0);
        out.add(new IndexedFact.Registration(uint(tp.get(1)), addr(tp.get(2)), null, uri, block,
            blockTime.applyAsLong(block)));
      } else if (t0.equals(MACHINE_REGISTERED) && tp.size() == 4) {
        long time = blockTime.applyAsLong(block);
        BigInteger id = uint(tp.get(1));
        out.add(new IndexedFact.Registration(id, addr(tp.get(2)), nullIfZero(addr(tp.get(3))), null, block, time));
        BigInteger bond = new Abi.Reader(log.data()).uint(0);
        out.add(new IndexedFact.Stake(id, bond, block, log.logIndex(), time));
      } else if (t0.equals(OPERATOR_SET) && tp.size() == 3) {
        out.add(new IndexedFact.OperatorChange(uint(tp.get(1)), nullIfZero(addr(tp.get(2))), block,
            blockTime.applyAsLong(block)));
      } else if ((t0.equals(MACHINE_DEACTIVATED) || t0.equals(MACHINE_REACTIVATED)) && tp.size() == 3) {
        out.add(new IndexedFact.ActivationChange(uint(tp.get(1)), addr(tp.get(2)), t0.equals(MACHINE_DEACTIVATED),
            block, blockTime.applyAsLong(block)));
      }
    } else if (from.equals(identityStaking)) {
      if (t0.equals(STAKED) && tp.size() == 3) {
        BigInteger amount = new Abi.Reader(log.data()).uint(0);
        out.add(new IndexedFact.Stake(uint(tp.get(1)), amount, block, log.logIndex(), blockTime.applyAsLong(block)));
      }
    } else if (from.equals(machineNft)) {
      if (t0.equals(MACHINE_MINTED) && tp.size() == 4) {
        out.add(new IndexedFact.NftMinted(uint(tp.get(1)), uint(tp.get(2)), addr(tp.get(3)), block));
      } else if (t0.equals(TRANSFER) && tp.size() == 4) {
        out.add(new IndexedFact.NftTransfer(uint(tp.get(3)), addr(tp.get(2))));
      }
    } else if (from.equals(eventRegistry)) {
      if (t0.equals(EVENT_SUBMITTED) && tp.size() >= 3) {
        out.add(new IndexedFact.Event(readEvent(uint(tp.get(1)), uint(tp.get(2)), log, blockTime)));
      }
    } else if (from.equals(didRegistry)) {
      decodeDid(log, t0, out);
    }
  }

  private MachineEvent readEvent(BigInteger machineId, BigInteger index, ChainLog log, LongUnaryOperator blockTime) {
    String result = chain.call(eventRegistry, Abi.encodeCall(GET_EVENT_AT, machineId, index));
    Abi.Reader r = new Abi.Reader(result);
    int base = r.intAt(0);
    int eventType = r.uint(base + 32).intValueExact();
    BigInteger value = r.uint(base + 64);
    long claimed = clampLong(r.uint(base + 96));
    String dataHash = r.bytes32(base + 128);
    int trust = r.uint(base + 160).intValueExact();
    BigInteger sourceChain = r.uint(base + 192);
    String sourceTx = r.bytes32(base + 224);
    String metadata = Abi.hex(r.dynamicBytes(base, base + 256));
    String currency = r.dynamicString(base, base + 288);
    return new MachineEvent(machineId, index.longValueExact(), eventType, value, currency, claimed, trust, sourceChain,
        dataHash, sourceTx, metadata, log.blockNumber(), blockTime.applyAsLong(log.blockNumber()),
        log.transactionHash());
  }

  private void decodeDid(ChainLog log, String t0, List<IndexedFact> out) {
    List<String> tp = log.topics();
    Abi.Reader r = new Abi.Reader(log.data());
    if (t0.equals(ADD_ATTRIBUTE) || t0.equals(UPDATE_ATTRIBUTE)) {
      String account;
      byte[] name;
      byte[] value;
      if (tp.size() == 1) {
        // Every field in data: (sender, did_account, name, value, validity).
        account = r.address(32);
        name = r.dynamicBytes(0, 64);
        value = r.dynamicBytes(0, 96);
      } else {
        // The official ABI's layout: sender, didAccount and validity indexed.
        account = addr(tp.get(2));
        name = r.dynamicBytes(0, 0);
        value = r.dynamicBytes(0, 32);
      }
      out.add(new IndexedFact.AttributeSet(account, utf8(name), utf8(value), log.blockNumber()));
    } else if (t0.equals(REMOVE_ATTRIBUTE) || t0.equals(REMOVE_ATTRIBTE)) {
      if (tp.size() == 1) {
        out.add(new IndexedFact.AttributeRemoved(r.address(0), utf8(r.dynamicBytes(0, 32))));
      } else {
        out.add(new IndexedFact.AttributeRemoved(addr(tp.get(1)), utf8(r.dynamicBytes(0, 0))));
      }
    }
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
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
