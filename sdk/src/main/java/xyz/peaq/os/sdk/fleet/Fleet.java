package xyz.peaq.os.sdk.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.sdk.Did;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.FeeData;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.Signer;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.econ2.ActivationParams;
import xyz.peaq.os.sdk.econ2.Econ2Client;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.econ2.ServiceEndpoint;
import xyz.peaq.os.sdk.econ2.Tier;
import xyz.peaq.os.sdk.econ2.VerificationMethod;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * Onboards many machines for one operator in one resumable run, in either generation.
 *
 * <ul>
 *   <li>1.0: {@code registerFor} by the operator (who must be a registered machine), {@code
 *       mintNft} to the machine, the machine's own DID attributes (signed by its key, {@code
 *       operator} = the operator's DID; machines without a key get none) and at the end the
 *       operator's proxy attributes ({@code machines}, the newest 100).
 *   <li>2.0: the sponsored activation: each machine key approves and signs {@code activateMachine}
 *       with the operator as controller; the operator funds the machines.
 * </ul>
 *
 * <p>Mechanics: machines go in waves; in a wave the operator's transactions are signed with
 * consecutive nonces, written to the {@link FleetJournal} with one flush, broadcast side by side
 * ({@link TransactionPipeline#submitAll}) and their receipts awaited together in JSON-RPC batches;
 * reads are batched; gas is estimated once per kind of call and reused with the {@link
 * xyz.peaq.os.sdk.chain.GasPolicy} margin; machine wallets are funded by the operator in {@code
 * batchAll} transfers through the batch precompile. A machine that fails is recorded with its
 * reason and the others go on. A run killed at any instant resumes from the journal: its journaled
 * transactions are looked up (and broadcast again when the node lost them), then chain state is
 * read, so no registration, mint, DID write or activation is repeated. Before anything is sent, an
 * operator that cannot pay for all machines gets {@link FleetFundsException} naming the missing
 * amount.
 */
public final class Fleet {
  public static final String V1 = "1.0";
  public static final String V2 = "2.0";

  /**
   * Upper bounds for the preflight cost of kinds that cannot be estimated before the first machine
   * exists (measured on the devnet: a mint uses ~150,000 gas, the six-attribute DID batch ~750,000,
   * an activation ~900,000); the transactions themselves carry the real estimates.
   */
  static final BigInteger MINT_GAS_BOUND = BigInteger.valueOf(300_000);

  static final BigInteger DID_GAS_BOUND = BigInteger.valueOf(1_000_000);
  static final BigInteger FUND_GAS_PER_MACHINE = BigInteger.valueOf(45_000);
  static final BigInteger ACTIVATION_GAS_BOUND = BigInteger.valueOf(2_500_000);
  static final BigInteger APPROVAL_GAS_BOUND = BigInteger.valueOf(120_000);

  /** How long receipts may stall before the missing transactions are broadcast again. */
  static final long STALL_NANOS = 3_000_000_000L;

  /** Most transfers in one funding {@code batchAll} (the precompile takes up to 512 calls). */
  static final int FUND_BATCH = 200;

  /** Most operator calls in one batch-precompile transaction ({@link #sendBatched}). */
  static final int CALLS_PER_BATCH = 200;

  /**
   * Gas of the batch precompile around each subcall (its calldata, the copy with the sender
   * appended, the call, the {@code SubcallSucceeded} log), over the call's own limit.
   */
  static final BigInteger SUBCALL_GAS_OVERHEAD = BigInteger.valueOf(15_000);

  /** Gas of a batch-precompile transaction besides its subcalls. */
  static final BigInteger BATCH_GAS_BASE = BigInteger.valueOf(60_000);

  private static final String TOPIC_REGISTERED =
      Abi.eventTopic("Registered(uint256,string,address)");
  private static final String TOPIC_MACHINE_REGISTERED =
      Abi.eventTopic("MachineRegistered(uint256,address,address,uint256)");
  private static final String TOPIC_MINTED =
      Abi.eventTopic("MachineMinted(uint256,uint256,address)");

  private final ChainClient chain;
  private final Credentials operatorKey;
  private final Signer operator;
  private final String tokenomics;
  private final PeaqosConfig config;
  private final Econ2Deployment deployment;
  private final FleetJournal journal;
  private final int waveSize;
  private final int concurrency;
  private final int operatorBatch;
  private final FleetListener listener;
  private final Consumer<List<String>> walletPreparer;
  private final Duration receiptTimeout;
  private final Function<FleetMachine, ActivationParams> activationParams;
  private final boolean blockBatches;
  private final boolean fullBlocks;

  private final Map<String, M> byAddress = new LinkedHashMap<>();
  private final Map<String, JsonNode> unconfirmed =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, BigInteger> gasLimits = new HashMap<>();

  /**
   * The gas limit of a funding batch by its number of transfers, estimated once: an estimate runs
   * the whole batch several times (a binary search), which took most of a wave's funding step.
   */
  private final Map<Integer, BigInteger> fundGasBySize = new HashMap<>();

  private final ThreadLocal<List<M>> resigning = new ThreadLocal<>();
  private ExecutorService broadcaster;

  /** Signs the machines' transactions of a step side by side ({@link #signAll}). */
  private ExecutorService signing;

  private final int signingThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
  private ExecutorService inOrder;
  private ExecutorService tail;
  private java.util.concurrent.Future<?> tailJob;
  private FeeData fees;
  private BigInteger blockGasLimit;

  /**
   * The gas limits of the transactions in flight, in units of 1,024 gas ({@link #inBlocks}). On a
   * node that mines on arrival (the devnet) a send returns once its block is mined, so this is what
   * the next blocks get. With one half-block send in flight at a time the chain, the node's
   * admission and the client took turns; with {@link #BLOCKS_IN_FLIGHT} blocks' gas the devnet
   * mines one block while the next is admitted and signed (2.0 fleet 110 to 211 machines/s in one
   * measurement). Fuller blocks raise the base fee, up to 12.5% a block, so the window is that wide
   * only while the base fee is small beside the tip ({@link #BASE_FEE_SHARE_OF_TIP}, read every
   * wave): then what a transaction pays stays within the fee cap counted when the run checked the
   * operator's balance. Above it the window is half a block, as before, which keeps blocks at the
   * target and the base fee from rising. On a chain with block times a send returns at once and the
   * window bounds nothing.
   */
  private GasWindow gasWindow;

  /** The window's widest size, in its units. */
  private int gasWindowUnits;

  /**
   * The gas of one block-sized send, in the units of the window: half a block's gas limit, so a
   * send never fills a block alone (EIP-1559's target).
   */
  private int chunkUnits;

  /** Blocks' worth of gas in flight at once while the base fee is small: four half-block sends. */
  static final int BLOCKS_IN_FLIGHT = 2;

  /**
   * The window is {@link #BLOCKS_IN_FLIGHT} blocks wide while the base fee is at most this share of
   * the tip (one sixteenth), half a block otherwise.
   */
  static final int BASE_FEE_SHARE_OF_TIP = 16;

  private BigInteger bondOfBatch = BigInteger.ZERO;
  private int done;
  private int failed;

  /** One machine's progress in this run. */
  private static final class M {
    final FleetMachine in;
    BigInteger machineId;
    BigInteger tokenId;
    final Map<String, String> tx = new LinkedHashMap<>();
    final Set<String> steps = new HashSet<>();
    String failure;
    String pendingReason;

    /** The nonce after this machine's last transaction sent in this run (saves a read). */
    BigInteger nextNonce;

    M(FleetMachine in) {
      this.in = in;
    }

    String key() {
      return in.address().toLowerCase(Locale.ROOT);
    }

    boolean finished() {
      return failure != null || steps.contains("complete");
    }
  }

  private Fleet(Builder b) {
    this.chain = ChainClient.of(Objects.requireNonNull(b.chain, "chain"));
    this.operatorKey = Objects.requireNonNull(b.operator, "operator");
    this.operator = chain.signer(operatorKey);
    this.tokenomics = b.tokenomics;
    this.config = b.config;
    this.deployment = b.deployment;
    this.journal = Objects.requireNonNull(b.journal, "journal");
    this.waveSize = b.waveSize;
    this.concurrency = b.concurrency;
    this.operatorBatch = b.operatorBatch;
    this.listener = b.listener;
    this.walletPreparer = b.walletPreparer;
    this.receiptTimeout = b.receiptTimeout;
    this.activationParams = b.activationParams;
    this.blockBatches = b.blockBatches;
    this.fullBlocks = b.fullBlocks;
    if (V1.equals(tokenomics) && config == null) {
      throw new ValidationException("config", "a 1.0 fleet needs the 1.0 configuration (config)");
    }
    if (V2.equals(tokenomics) && deployment == null) {
      throw new ValidationException(
          "deployment", "a 2.0 fleet needs an Economics 2.0 deployment (deployment)");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs (or resumes) the fleet.
   *
   * @return every machine's outcome; failed machines carry their reason
   * @throws FleetFundsException when the operator cannot pay for every machine left (nothing is
   *     sent)
   * @throws ValidationException for bad inputs, or a journal of another run
   */
  public FleetReport run(List<FleetMachine> machines) {
    long started = System.nanoTime();
    if (machines == null || machines.isEmpty()) {
      throw new ValidationException("machines", "a fleet needs at least one machine");
    }
    for (FleetMachine fm : machines) {
      M m = new M(fm);
      if (byAddress.put(m.key(), m) != null) {
        throw new ValidationException(
            "machines", "machine " + fm.address() + " appears twice; each machine once");
      }
      if (V2.equals(tokenomics) && fm.key() == null) {
        throw new ValidationException(
            "machines",
            "machine "
                + fm.address()
                + " has no key: a 2.0 activation is signed by the machine key; give its keystore");
      }
      if (Addresses.same(fm.address(), operator.address())) {
        throw new ValidationException(
            "machines", "the operator " + fm.address() + " cannot be one of its own machines");
      }
    }
    replay();
    broadcaster = Executors.newFixedThreadPool(concurrency, daemon("peaqos-fleet-broadcast"));
    signing = Executors.newFixedThreadPool(signingThreads, daemon("peaqos-fleet-sign"));
    inOrder = Executors.newSingleThreadExecutor(daemon("peaqos-fleet-operator"));
    chunkUnits =
        blockGasLimit()
            .shiftRight(fullBlocks ? 10 : 11)
            .min(BigInteger.valueOf(1 << 26))
            .intValue();
    gasWindowUnits = chunkUnits * (fullBlocks ? 1 : 2 * BLOCKS_IN_FLIGHT);
    gasWindow = new GasWindow(gasWindowUnits);
    tail = Executors.newSingleThreadExecutor(daemon("peaqos-fleet-last-step"));
    try {
      reconcile();
      report("reconcile");
      List<M> all = new ArrayList<>(byAddress.values());
      if (V1.equals(tokenomics)) {
        runV1(all);
      } else {
        runV2(all);
      }
    } finally {
      tail.shutdownNow();
      broadcaster.shutdownNow();
      signing.shutdownNow();
      inOrder.shutdownNow();
    }
    List<MachineOutcome> out = new ArrayList<>();
    for (M m : byAddress.values()) {
      out.add(outcome(m));
    }
    return new FleetReport(tokenomics, out, Duration.ofNanos(System.nanoTime() - started));
  }

  // ------------------------------------------------------------------ journal

  private void replay() {
    List<JsonNode> lines = journal.replay();
    boolean header = false;
    for (JsonNode l : lines) {
      String k = l.path("k").asText();
      switch (k) {
        case "run" -> {
          header = true;
          if (!tokenomics.equals(l.path("tokenomics").asText())
              || !Addresses.same(l.path("operator").asText(), operator.address())) {
            throw new ValidationException(
                "journal",
                "the journal "
                    + journal.file()
                    + " belongs to a "
                    + l.path("tokenomics").asText()
                    + " run of operator "
                    + l.path("operator").asText()
                    + "; use another journal (or the same tokenomics and operator to resume)");
          }
        }
        case "tx" -> {
          unconfirmed.put(l.path("hash").asText(), l);
          for (JsonNode a : l.path("ms")) {
            M m = byAddress.get(a.asText().toLowerCase(Locale.ROOT));
            if (m != null) {
              m.tx.put(l.path("step").asText(), l.path("hash").asText());
            }
          }
        }
        case "done" -> {
          if (l.hasNonNull("hash")) {
            unconfirmed.remove(l.path("hash").asText());
          }
          for (JsonNode a : l.path("ms")) {
            M m = byAddress.get(a.asText().toLowerCase(Locale.ROOT));
            if (m == null) {
              continue;
            }
            m.steps.add(l.path("step").asText());
            if (l.hasNonNull("machineId")) {
              m.machineId = new BigInteger(l.path("machineId").asText());
            }
            if (l.hasNonNull("tokenId")) {
              m.tokenId = new BigInteger(l.path("tokenId").asText());
            }
          }
        }
        case "fail" -> {
          M m = byAddress.get(l.path("m").asText().toLowerCase(Locale.ROOT));
          if (m != null) {
            m.failure = l.path("reason").asText();
          }
        }
        default -> {
          // a line of a later version: ignored
        }
      }
    }
    for (M m : byAddress.values()) {
      if (m.finished()) {
        if (m.failure != null) {
          failed++;
        } else {
          done++;
        }
      }
    }
    if (!header) {
      ObjectNode h = FleetJournal.line("run");
      h.put("tokenomics", tokenomics);
      h.put("operator", operator.address());
      h.put("chainId", chain.chainId());
      journal.append(h);
    }
  }

  private ObjectNode doneLine(String step, List<M> ms, String hash) {
    ObjectNode d = FleetJournal.line("done");
    d.put("step", step);
    ArrayNode arr = d.putArray("ms");
    for (M m : ms) {
      arr.add(m.in.address());
      m.steps.add(step);
    }
    if (hash != null) {
      d.put("hash", hash);
      unconfirmed.remove(hash);
    }
    return d;
  }

  private synchronized void complete(M m, List<ObjectNode> lines) {
    ObjectNode d = doneLine("complete", Collections.singletonList(m), null);
    if (m.machineId != null) {
      d.put("machineId", m.machineId.toString());
    }
    if (m.tokenId != null) {
      d.put("tokenId", m.tokenId.toString());
    }
    lines.add(d);
    done++;
  }

  private synchronized void fail(M m, String step, String reason, List<ObjectNode> lines) {
    if (m.failure != null) {
      return;
    }
    m.failure = step + ": " + reason;
    ObjectNode f = FleetJournal.line("fail");
    f.put("m", m.in.address());
    f.put("step", step);
    f.put("reason", m.failure);
    lines.add(f);
    failed++;
  }

  private synchronized void report(String step) {
    listener.progress(done, failed, byAddress.size(), step);
  }

  // ------------------------------------------------------------------ reconcile

  /**
   * The journal's transactions with no confirmation: receipts read together; the ones the node does
   * not know are broadcast again from their recorded bytes, then awaited. Whatever is still
   * unsettled afterwards is decided by reading chain state in the steps.
   */
  private void reconcile() {
    if (unconfirmed.isEmpty()) {
      return;
    }
    List<String> hashes = new ArrayList<>(unconfirmed.keySet());
    List<Optional<TxReceipt>> first = chain.receipts(hashes);
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      if (!first.get(i).isPresent()) {
        missing.add(hashes.get(i));
      }
    }
    List<String> resent = new ArrayList<>();
    for (String h : missing) {
      try {
        TransactionPipeline.rebroadcast(chain, unconfirmed.get(h).path("raw").asText());
        resent.add(h);
      } catch (RuntimeException refused) {
        // its nonce went to another transaction, or it can never be mined: chain state decides
      }
    }
    Map<String, TxReceipt> receipts = new HashMap<>();
    for (int i = 0; i < hashes.size(); i++) {
      first.get(i).ifPresent(r -> receipts.put(r.transactionHash().toLowerCase(Locale.ROOT), r));
    }
    receipts.putAll(awaitAll(resent));
    List<ObjectNode> lines = new ArrayList<>();
    for (String h : hashes) {
      TxReceipt r = receipts.get(h.toLowerCase(Locale.ROOT));
      JsonNode tx = unconfirmed.get(h);
      if (r == null || tx == null) {
        continue;
      }
      List<M> ms = new ArrayList<>();
      for (JsonNode a : tx.path("ms")) {
        M m = byAddress.get(a.asText().toLowerCase(Locale.ROOT));
        if (m != null) {
          ms.add(m);
        }
      }
      settle(tx.path("step").asText(), ms, r, lines);
    }
    journal.append(lines);
  }

  /** Records what a receipt says about its step for its machines. */
  private void settle(String step, List<M> ms, TxReceipt r, List<ObjectNode> lines) {
    if (!r.success()) {
      String why;
      try {
        why = chain.explainRevert(r, step).getMessage();
      } catch (RuntimeException e) {
        why = "reverted in " + r.transactionHash();
      }
      unconfirmed.remove(r.transactionHash());
      if ("fund".equals(step) || "approve".equals(step)) {
        // a funding or approval that reverted changes no identity: the next wave tries again
        return;
      }
      for (M m : ms) {
        fail(m, step, why + " (transaction " + r.transactionHash() + ")", lines);
      }
      return;
    }
    switch (step) {
      case "register" -> {
        for (M m : ms) {
          BigInteger id = ms.size() == 1 ? registeredId(r) : registeredId(r, m.in.address());
          if (id == null) {
            fail(m, step, whyNot(step, m, ms, r, "MachineRegistered"), lines);
            continue;
          }
          m.machineId = id;
          lines.add(
              doneLine(step, Collections.singletonList(m), r.transactionHash())
                  .put("machineId", id.toString()));
        }
        unconfirmed.remove(r.transactionHash());
      }
      case "mint" -> {
        for (M m : ms) {
          BigInteger token = ms.size() == 1 ? mintedToken(r) : mintedToken(r, m.machineId);
          if (token == null) {
            fail(m, step, whyNot(step, m, ms, r, "MachineMinted"), lines);
            continue;
          }
          m.tokenId = token;
          lines.add(
              doneLine(step, Collections.singletonList(m), r.transactionHash())
                  .put("tokenId", token.toString()));
        }
        unconfirmed.remove(r.transactionHash());
      }
      case "activate" -> {
        M m = ms.get(0);
        BigInteger id = machineId2(m);
        boolean activated =
            r.logs(deployment.machineSubscription(), Econ2Client.activatedTopic()).stream()
                .anyMatch(l -> l.topics().size() > 1 && l.topicAsUint(1).equals(id));
        if (!activated) {
          fail(m, step, "no Activated log for " + id + " in " + r.transactionHash(), lines);
          return;
        }
        m.machineId = id;
        lines.add(doneLine(step, ms, r.transactionHash()).put("machineId", id.toString()));
      }
      default -> lines.add(doneLine(step, ms, r.transactionHash()));
    }
  }

  private BigInteger registeredId(TxReceipt r) {
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), config.contracts().identityRegistry())
          && l.topics().size() >= 2
          && (TOPIC_REGISTERED.equals(l.topic0()) || TOPIC_MACHINE_REGISTERED.equals(l.topic0()))) {
        return l.topicAsUint(1);
      }
    }
    return null;
  }

  /**
   * The id registered for {@code wallet} in a batch's receipt (its {@code MachineRegistered} log,
   * whose second topic is the wallet), or null when its subcall failed.
   */
  private BigInteger registeredId(TxReceipt r, String wallet) {
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), config.contracts().identityRegistry())
          && l.topics().size() >= 3
          && TOPIC_MACHINE_REGISTERED.equals(l.topic0())
          && Addresses.same(topicAddress(l.topics().get(2)), wallet)) {
        return l.topicAsUint(1);
      }
    }
    return null;
  }

  /**
   * The token minted for {@code machineId} in a batch's receipt, or null when its subcall failed.
   */
  private BigInteger mintedToken(TxReceipt r, BigInteger machineId) {
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), config.contracts().machineNft())
          && TOPIC_MINTED.equals(l.topic0())
          && l.topics().size() >= 3
          && l.topicAsUint(2).equals(machineId)) {
        return l.topicAsUint(1);
      }
    }
    return null;
  }

  private static String topicAddress(String topic) {
    return "0x" + topic.substring(topic.length() - 40);
  }

  /**
   * Why a machine's call had no event in its (successful) transaction. In a batch, its call is
   * replayed as a read ({@code eth_estimateGas}, one call, only on failure) for the decoded reason,
   * e.g. {@code AlreadyRegistered} when another party registered the wallet meanwhile.
   */
  private String whyNot(String step, M m, List<M> ms, TxReceipt r, String event) {
    if (ms.size() == 1) {
      return "no " + event + " log in " + r.transactionHash();
    }
    String where =
        " (in the batch "
            + r.transactionHash()
            + ", whose other calls went through; no "
            + event
            + " log for this machine)";
    try {
      if ("register".equals(step)) {
        chain.estimateGas(
            operator.address(),
            config.contracts().identityRegistry(),
            bondOfBatch,
            Abi.encodeCall("registerFor", new Address(m.in.address())));
      } else {
        chain.estimateGas(
            operator.address(),
            config.contracts().machineNft(),
            BigInteger.ZERO,
            Abi.encodeCall("mint", new Uint256(m.machineId), new Address(m.in.address())));
      }
      return "its call failed" + where;
    } catch (ContractRevertException e) {
      return e.getMessage() + where;
    } catch (RuntimeException e) {
      return "its call failed" + where;
    }
  }

  private BigInteger mintedToken(TxReceipt r) {
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), config.contracts().machineNft())
          && TOPIC_MINTED.equals(l.topic0())
          && l.topics().size() >= 2) {
        return l.topicAsUint(1);
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ sending

  /** Journals and broadcasts one transaction per machine, then awaits the receipts together. */
  private void sendStep(String step, List<M> ms, List<TransactionPipeline.Steps> ops) {
    sendStep(step, ms, ops, null);
  }

  /**
   * {@link #sendStep}; with {@code logsOf} set (the operator's steps, whose nonces are in order),
   * only the receipt of the highest nonce is awaited, then one {@code eth_getLogs} over the blocks
   * they went into gives every transaction's events; a transaction without events (a revert) has
   * its receipt read.
   */
  private void sendStep(
      String step, List<M> ms, List<TransactionPipeline.Steps> ops, String logsOf) {
    List<List<M>> groups = new ArrayList<>();
    for (M m : ms) {
      groups.add(Collections.singletonList(m));
    }
    sendGroups(step, groups, ops, logsOf, broadcaster);
  }

  /**
   * Journals and broadcasts one transaction per group of machines (a group of one, or the machines
   * of one batch-precompile call), then awaits the receipts together; see {@link #sendStep}.
   */
  private void sendGroups(
      String step,
      List<List<M>> groups,
      List<TransactionPipeline.Steps> ops,
      String logsOf,
      ExecutorService lanes) {
    if (groups.isEmpty()) {
      return;
    }
    BigInteger fromBlock = logsOf == null ? null : chain.blockNumber();
    Map<String, List<M>> bySignature = new java.util.concurrent.ConcurrentHashMap<>();
    TransactionObserver journaling =
        new TransactionObserver() {
          @Override
          public void beforeBroadcastAll(String operation, List<SignedTransaction> txs) {
            List<ObjectNode> lines = new ArrayList<>();
            for (int i = 0; i < txs.size(); i++) {
              lines.add(txLine(step, groups.get(i), txs.get(i)));
              bySignature.put(txs.get(i).hash(), groups.get(i));
            }
            journal.append(lines);
          }

          @Override
          public void onRefused(
              String operation, SignedTransaction tx, BroadcastRejectedException refusal) {
            resigning.set(bySignature.get(tx.hash()));
          }

          @Override
          public void beforeBroadcast(String operation, SignedTransaction tx) {
            List<M> group = resigning.get();
            synchronized (journal) {
              journal.append(txLine(step, group, tx));
            }
          }
        };
    List<TransactionPipeline.Submitted> sent =
        blockBatches
            ? inBlocks(step, ops, journaling)
            : chain.pipeline().submitAll(step, ops, journaling, lanes);
    List<ObjectNode> lines = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    List<List<M>> inFlight = new ArrayList<>();
    SignedTransaction last = null;
    for (int i = 0; i < sent.size(); i++) {
      TransactionPipeline.Submitted s = sent.get(i);
      if (s.error() != null) {
        for (M m : groups.get(i)) {
          fail(m, step, s.error().getMessage(), lines);
        }
      } else {
        hashes.add(s.sent().hash());
        inFlight.add(groups.get(i));
        for (M m : groups.get(i)) {
          m.tx.put(step, s.sent().hash());
          if (groups.get(i).size() == 1) {
            m.nextNonce = s.sent().nonce().add(BigInteger.ONE); // the machine's own transaction
          }
        }
        if (last == null || s.sent().nonce().compareTo(last.nonce()) > 0) {
          last = s.sent();
        }
      }
    }
    Map<String, TxReceipt> receipts =
        logsOf == null || last == null
            ? awaitAll(hashes)
            : viaLogs(hashes, last, logsOf, fromBlock);
    for (int i = 0; i < hashes.size(); i++) {
      TxReceipt r = receipts.get(hashes.get(i).toLowerCase(Locale.ROOT));
      if (r == null) {
        for (M m : inFlight.get(i)) {
          m.pendingReason =
              step + ": no receipt for " + hashes.get(i) + " yet; run again to resume";
        }
        continue;
      }
      settle(step, inFlight.get(i), r, lines);
    }
    journal.append(lines);
    report(step);
  }

  /**
   * Block-sized sends: signs every operation, lets the observer journal them all (one flush), then
   * broadcasts them in JSON-RPC batches of at most half a block's gas each ({@link
   * ChainClient#broadcastAll}), within the {@link #gasWindow}. On the devnet, which mines a block
   * per send request, a batch is one block instead of one block per few transactions; a node that
   * does not mine on arrival just gets fewer HTTP requests. The operator's batches go out one after
   * the other in nonce order (a node keeps a transaction whose predecessor it has not seen aside);
   * the machines' (one transaction each) side by side. A transaction the batch answer refused is
   * sent again on its own through its steps, with the pipeline's handling of a used nonce or a low
   * fee ({@link TransactionPipeline#submitAll}).
   */
  private List<TransactionPipeline.Submitted> inBlocks(
      String step, List<TransactionPipeline.Steps> ops, TransactionObserver observer) {
    List<SignedTransaction> signed = signAll(ops);
    try {
      observer.beforeBroadcastAll(step, Collections.unmodifiableList(signed));
    } catch (RuntimeException e) {
      abandon(ops, signed);
      throw e;
    }
    TransactionPipeline.Submitted[] out = new TransactionPipeline.Submitted[signed.size()];
    List<int[]> chunks = new ArrayList<>();
    long units = 0;
    int from = 0;
    for (int i = 0; i < signed.size(); i++) {
      long u = gasUnits(signed.get(i).gasLimit());
      if (i > from && (units + u > chunkUnits || i - from >= CALLS_PER_BATCH)) {
        chunks.add(new int[] {from, i});
        from = i;
        units = 0;
      }
      units += u;
    }
    chunks.add(new int[] {from, signed.size()});
    boolean operatorsOwn =
        signed.stream().anyMatch(tx -> Addresses.same(tx.from(), operator.address()));
    if (operatorsOwn || chunks.size() == 1) {
      for (int[] c : chunks) {
        sendChunk(step, ops, signed, c[0], c[1], observer, out);
      }
    } else {
      List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
      for (int[] c : chunks) {
        pending.add(
            broadcaster.submit(() -> sendChunk(step, ops, signed, c[0], c[1], observer, out)));
      }
      for (java.util.concurrent.Future<?> f : pending) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r
              ? r
              : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while broadcasting", e);
        }
      }
    }
    return java.util.Arrays.asList(out);
  }

  /**
   * Signs every operation, in list order. The operator's transactions are signed one after the
   * other (each takes the next nonce of its signer); the machines' (each with the nonce the run
   * read for it) side by side on {@link #signing}'s threads, one slice each: signing is the run's
   * main work on the client (a curve multiplication each), and the machines' are independent. When
   * one fails, those already signed give their nonces back and the first failure is thrown.
   */
  private List<SignedTransaction> signAll(List<TransactionPipeline.Steps> ops) {
    SignedTransaction[] out = new SignedTransaction[ops.size()];
    if (ops.isEmpty()) {
      return new ArrayList<>();
    }
    out[0] = ops.get(0).sign();
    boolean machines = !Addresses.same(out[0].from(), operator.address());
    int slices = machines ? Math.min(signingThreads, ops.size() - 1) : 0;
    RuntimeException failure = null;
    if (slices <= 1) {
      for (int i = 1; i < ops.size() && failure == null; i++) {
        try {
          out[i] = ops.get(i).sign();
        } catch (RuntimeException e) {
          failure = e;
        }
      }
    } else {
      List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
      for (int slice = 0; slice < slices; slice++) {
        int first = 1 + slice;
        int step = slices;
        parts.add(
            signing.submit(
                () -> {
                  for (int i = first; i < ops.size(); i += step) {
                    out[i] = ops.get(i).sign();
                  }
                }));
      }
      for (java.util.concurrent.Future<?> part : parts) {
        try {
          part.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          if (failure == null) {
            failure = new IllegalStateException("interrupted while signing", e);
          }
        }
      }
    }
    List<SignedTransaction> signed = java.util.Arrays.asList(out);
    if (failure != null) {
      abandon(ops, signed);
      throw failure;
    }
    return new ArrayList<>(signed);
  }

  /** Gives back the nonces of signed transactions that will not be broadcast, newest first. */
  private static void abandon(List<TransactionPipeline.Steps> ops, List<SignedTransaction> signed) {
    for (int i = signed.size() - 1; i >= 0; i--) {
      if (signed.get(i) != null) {
        ops.get(i).abandon(signed.get(i));
      }
    }
  }

  private void sendChunk(
      String step,
      List<TransactionPipeline.Steps> ops,
      List<SignedTransaction> signed,
      int from,
      int to,
      TransactionObserver observer,
      TransactionPipeline.Submitted[] out) {
    List<SignedTransaction> chunk = signed.subList(from, to);
    List<BroadcastRejectedException> refusals;
    int units = 0;
    for (SignedTransaction tx : chunk) {
      units += gasUnits(tx.gasLimit());
    }
    try {
      refusals = inWindow(units, () -> chain.broadcastAll(chunk));
    } catch (RuntimeException e) {
      refusals = null; // the whole request failed: each is sent again on its own below
    }
    for (int i = from; i < to; i++) {
      if (refusals != null && refusals.get(i - from) == null) {
        out[i] = new TransactionPipeline.Submitted(signed.get(i), null);
        continue;
      }
      TransactionPipeline.Steps steps = ops.get(i);
      SignedTransaction tx = signed.get(i);
      int u = gasUnits(tx.gasLimit());
      try {
        inWindow(
            u,
            () -> {
              steps.broadcast(tx);
              return null;
            });
        out[i] = new TransactionPipeline.Submitted(tx, null);
      } catch (BroadcastRejectedException e) {
        if (e.reason() != BroadcastRejectedException.Reason.NONCE_TOO_LOW
            && e.reason() != BroadcastRejectedException.Reason.UNDERPRICED) {
          out[i] = new TransactionPipeline.Submitted(null, e);
          continue;
        }
        observer.onRefused(step, tx, e);
        try {
          out[i] =
              new TransactionPipeline.Submitted(
                  inWindow(u, () -> chain.pipeline().submit(step, steps, observer)), null);
        } catch (RuntimeException again) {
          out[i] = new TransactionPipeline.Submitted(null, again);
        }
      } catch (RuntimeException e) {
        out[i] = new TransactionPipeline.Submitted(null, e);
      }
    }
  }

  /** The send window's size after the last wave, in units of 1,024 gas (for tests). */
  int gasWindowSize() {
    return gasWindow.size();
  }

  /** The {@link #gasWindow} for the next wave, from the fees just read. */
  private void sizeWindow() {
    boolean small =
        fees.baseFeePerGas()
                .multiply(BigInteger.valueOf(BASE_FEE_SHARE_OF_TIP))
                .compareTo(fees.maxPriorityFeePerGas())
            <= 0;
    gasWindow.resize(small ? gasWindowUnits : Math.min(chunkUnits, gasWindowUnits));
  }

  /** A fair semaphore whose size can change while permits are held (between waves). */
  private static final class GasWindow extends java.util.concurrent.Semaphore {
    private int size;

    GasWindow(int size) {
      super(size, true);
      this.size = size;
    }

    synchronized int size() {
      return size;
    }

    synchronized void resize(int newSize) {
      if (newSize > size) {
        release(newSize - size);
      } else if (newSize < size) {
        reducePermits(size - newSize); // holders give theirs back as usual
      }
      size = newSize;
    }
  }

  /** Gas in the units of {@link #gasWindow} (1,024 gas, rounded up, at most the window). */
  private int gasUnits(BigInteger gas) {
    long u = (gas.longValue() + 1023) >> 10;
    return (int) Math.max(1, Math.min(gasWindowUnits, u));
  }

  /** Runs a send holding {@code units} of the {@link #gasWindow}. */
  private <T> T inWindow(int units, java.util.function.Supplier<T> send) {
    int u = Math.min(units, gasWindow.size());
    try {
      gasWindow.acquire(u);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before broadcasting", e);
    }
    try {
      return send.get();
    } finally {
      gasWindow.release(u);
    }
  }

  private Map<String, TxReceipt> viaLogs(
      List<String> hashes, SignedTransaction last, String contract, BigInteger fromBlock) {
    Map<String, TxReceipt> got = awaitAll(Collections.singletonList(last.hash()));
    TxReceipt lastReceipt = got.get(last.hash().toLowerCase(Locale.ROOT));
    if (lastReceipt == null) {
      return awaitAll(hashes);
    }
    Map<String, List<LogEntry>> byTx = new HashMap<>();
    for (LogEntry l :
        chain.logs(
            xyz.peaq.os.sdk.chain.LogFilter.builder()
                .address(contract)
                .fromBlock(fromBlock)
                .toBlock(lastReceipt.blockNumber())
                .build())) {
      byTx.computeIfAbsent(l.transactionHash().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(l);
    }
    List<String> rest = new ArrayList<>();
    for (String h : hashes) {
      String key = h.toLowerCase(Locale.ROOT);
      List<LogEntry> logs = byTx.get(key);
      if (got.containsKey(key)) {
        continue;
      }
      if (logs == null) {
        rest.add(h); // no event: reverted, or not mined; its receipt says which
        continue;
      }
      LogEntry first = logs.get(0);
      got.put(
          key,
          new TxReceipt(
              h,
              first.blockNumber(),
              first.blockHash(),
              true,
              BigInteger.ZERO,
              null,
              operator.address(),
              contract,
              null,
              logs));
    }
    got.putAll(awaitAll(rest));
    return got;
  }

  private ObjectNode txLine(String step, List<M> ms, SignedTransaction tx) {
    ObjectNode l = FleetJournal.line("tx");
    l.put("step", step);
    ArrayNode arr = l.putArray("ms");
    for (M m : ms) {
      if (m != null) {
        arr.add(m.in.address());
      }
    }
    l.put("hash", tx.hash());
    l.put("nonce", tx.nonce().toString());
    l.put("raw", tx.rawHex());
    unconfirmed.put(tx.hash(), l);
    return l;
  }

  /** Polls receipts in JSON-RPC batches until all arrived or the receipt timeout passed. */
  private Map<String, TxReceipt> awaitAll(List<String> hashes) {
    Map<String, TxReceipt> got = new HashMap<>();
    List<String> left = new ArrayList<>(hashes);
    long deadline = System.nanoTime() + receiptTimeout.toNanos();
    long sleep = 20;
    long progressAt = System.nanoTime();
    while (!left.isEmpty()) {
      List<Optional<TxReceipt>> rs = chain.receipts(left);
      List<String> still = new ArrayList<>();
      for (int i = 0; i < left.size(); i++) {
        if (rs.get(i).isPresent()) {
          got.put(left.get(i).toLowerCase(Locale.ROOT), rs.get(i).get());
        } else {
          still.add(left.get(i));
        }
      }
      if (still.size() < left.size()) {
        progressAt = System.nanoTime();
      }
      left = still;
      if (left.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      if (System.nanoTime() - progressAt > STALL_NANOS) {
        // Nothing mined for a while: announce the recorded transactions again (a node may have
        // dropped them from its pool; the devnet's miner looks at its pool on every send).
        for (String h : left) {
          JsonNode line = unconfirmed.get(h);
          if (line != null) {
            try {
              TransactionPipeline.rebroadcast(chain, line.path("raw").asText());
            } catch (RuntimeException ignored) {
              // known, mined meanwhile, or refused: the receipt poll decides
            }
          }
        }
        progressAt = System.nanoTime();
      }
      try {
        Thread.sleep(sleep); // polling interval of the node, not synchronisation of ours
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sleep = Math.min(sleep * 2, 500);
    }
    return got;
  }

  private TxRequest request(String to, BigInteger value, String data, BigInteger gasLimit) {
    return TxRequest.builder()
        .to(to)
        .value(value)
        .data(data)
        .gasLimit(gasLimit)
        .maxFeePerGas(fees.maxFeePerGas())
        .maxPriorityFeePerGas(fees.maxPriorityFeePerGas())
        .build();
  }

  /**
   * The gas limit of a kind of call for {@code ms}, estimated once on the first machine whose
   * estimate passes; a machine whose estimate reverts is failed with the decoded reason (nothing is
   * sent for it) and removed from {@code ms}. Null when none is left.
   *
   * @param call from, to, value (decimal) and calldata of a machine's call
   */
  private BigInteger probe(String kind, List<M> ms, Function<M, String[]> call) {
    List<ObjectNode> lines = new ArrayList<>();
    BigInteger l = gasLimits.get(kind);
    java.util.Iterator<M> it = ms.iterator();
    while (l == null && it.hasNext()) {
      M m = it.next();
      String[] c = call.apply(m);
      try {
        l = limit(kind, c[0], c[1], new BigInteger(c[2]), c[3]);
      } catch (ContractRevertException e) {
        fail(m, kind, e.getMessage(), lines);
        it.remove();
      }
    }
    journal.append(lines);
    return l;
  }

  /** The gas limit of a kind of call, estimated on first use and reused. */
  private BigInteger limit(String kind, String from, String to, BigInteger value, String data) {
    BigInteger l = gasLimits.get(kind);
    if (l == null) {
      l = chain.gasPolicy().limitFor(to, chain.estimateGas(from, to, value, data));
      gasLimits.put(kind, l);
    }
    return l;
  }

  /**
   * Steps of a machine-signed transaction with a nonce read beforehand in a batch; a re-signature
   * (the nonce was taken meanwhile) asks the signer's nonce manager.
   */
  private static TransactionPipeline.Steps machineSteps(
      Signer signer, TxRequest req, BigInteger nonce) {
    return new TransactionPipeline.Steps() {
      private boolean first = true;

      @Override
      public SignedTransaction sign() {
        if (first) {
          first = false;
          return signer.sign(req, nonce);
        }
        return signer.sign(req);
      }

      @Override
      public void broadcast(SignedTransaction tx) {
        signer.broadcast(tx);
      }

      @Override
      public void abandon(SignedTransaction tx) {
        // the nonce was read from the chain, not taken from a counter: nothing to give back
      }

      @Override
      public TxReceipt await(SignedTransaction tx, Duration timeout) {
        return signer.awaitSuccess(tx, timeout);
      }
    };
  }

  /**
   * Funds machine wallets with one {@code batchAll} of plain transfers per {@value #FUND_BATCH}
   * machines, journaled like every other transaction.
   */
  private void fund(List<M> ms, BigInteger each) {
    if (ms.isEmpty() || each.signum() <= 0) {
      return;
    }
    String batch = config != null ? config.contracts().batchPrecompile() : batchPrecompile2();
    for (int from = 0; from < ms.size(); from += FUND_BATCH) {
      List<M> part = ms.subList(from, Math.min(ms.size(), from + FUND_BATCH));
      List<Address> to = new ArrayList<>();
      List<Uint256> values = new ArrayList<>();
      List<DynamicBytes> data = new ArrayList<>();
      List<Uint64> gas = new ArrayList<>();
      for (M m : part) {
        to.add(new Address(m.in.address()));
        values.add(new Uint256(each));
        data.add(new DynamicBytes(new byte[0]));
        gas.add(new Uint64(0));
      }
      String call =
          Abi.encodeCall(
              "batchAll",
              new DynamicArray<>(Address.class, to),
              new DynamicArray<>(Uint256.class, values),
              new DynamicArray<>(DynamicBytes.class, data),
              new DynamicArray<>(Uint64.class, gas));
      BigInteger total = each.multiply(BigInteger.valueOf(part.size()));
      BigInteger gasLimit = fundGasBySize.get(part.size());
      if (gasLimit == null) {
        gasLimit =
            chain
                .gasPolicy()
                .limitFor(batch, chain.estimateGas(operator.address(), batch, total, call));
        fundGasBySize.put(part.size(), gasLimit);
      }
      TxRequest req = request(batch, total, call, gasLimit);
      List<M> group = new ArrayList<>(part);
      TransactionObserver journaling =
          new TransactionObserver() {
            @Override
            public void beforeBroadcast(String operation, SignedTransaction tx) {
              journal.append(txLine("fund", group, tx));
            }
          };
      SignedTransaction tx =
          inWindow(
              gasUnits(gasLimit),
              () ->
                  chain
                      .pipeline()
                      .submit("fund", TransactionPipeline.steps(operator, req), journaling));
      group.forEach(m -> m.tx.put("fund", tx.hash()));
      Map<String, TxReceipt> r = awaitAll(Collections.singletonList(tx.hash()));
      TxReceipt receipt = r.get(tx.hash().toLowerCase(Locale.ROOT));
      if (receipt == null || !receipt.success()) {
        fundGasBySize.remove(part.size()); // estimated again next time
        for (M m : group) {
          m.pendingReason = "fund: the funding transfer " + tx.hash() + " did not succeed";
        }
        continue;
      }
      journal.append(doneLine("fund", group, tx.hash()));
      if (walletPreparer != null) {
        List<String> addresses = new ArrayList<>();
        group.forEach(m -> addresses.add(m.in.address()));
        walletPreparer.accept(addresses);
      }
    }
    report("fund");
  }

  private String batchPrecompile2() {
    return xyz.peaq.os.foundation.WellKnownAddresses.BATCH_PRECOMPILE;
  }

  // ------------------------------------------------------------------ 1.0

  private void runV1(List<M> all) {
    String registry = config.contracts().identityRegistry();
    String nft = config.contracts().machineNft();
    String didRegistry = config.contracts().didRegistry();
    String batch = config.contracts().batchPrecompile();
    BigInteger operatorId = machineIdOf(Collections.singletonList(operator.address())).get(0);
    if (operatorId.signum() == 0) {
      throw new ValidationException(
          "operator",
          "the operator "
              + operator.address()
              + " is not a registered machine, and registerFor needs one; register it first"
              + " (peaqos activate)");
    }
    BigInteger bond =
        (BigInteger) Abi.decodeOne(chain.call(registry, Abi.encodeCall("minBond")), "uint256");
    bondOfBatch = bond;
    fees = chain.feeData();
    List<M> left = new ArrayList<>();
    for (M m : all) {
      if (!m.finished()) {
        left.add(m);
      }
    }
    // What the machines left cost the operator at most: bond + each kind's gas at the fee cap.
    if (!left.isEmpty()) {
      M probe = left.get(0);
      BigInteger regGas =
          left.stream().anyMatch(m -> m.machineId == null && !m.steps.contains("register"))
              ? estimateOr(
                  operator.address(),
                  registry,
                  bond,
                  Abi.encodeCall("registerFor", new Address(probe.in.address())),
                  BigInteger.valueOf(400_000))
              : BigInteger.ZERO;
      BigInteger need = BigInteger.ZERO;
      for (M m : left) {
        BigInteger gas = BigInteger.ZERO;
        BigInteger value = BigInteger.ZERO;
        if (!m.steps.contains("register")) {
          gas = gas.add(regGas).add(SUBCALL_GAS_OVERHEAD);
          value = value.add(bond);
        }
        if (!m.steps.contains("mint")) {
          gas = gas.add(MINT_GAS_BOUND).add(SUBCALL_GAS_OVERHEAD);
        }
        if (m.in.key() != null && !m.steps.contains("did") && !m.steps.contains("fund")) {
          gas = gas.add(DID_GAS_BOUND).add(FUND_GAS_PER_MACHINE);
        }
        need = need.add(value).add(gas.multiply(fees.maxFeePerGas()));
      }
      need = need.add(DID_GAS_BOUND.multiply(fees.maxFeePerGas())); // the proxy attributes
      // the base gas of the register and mint batches
      long batches = 2L * ((left.size() + CALLS_PER_BATCH - 1) / CALLS_PER_BATCH + 1);
      need =
          need.add(
              BATCH_GAS_BASE.multiply(BigInteger.valueOf(batches)).multiply(fees.maxFeePerGas()));
      requireBalance(need);
    }
    List<BigInteger> fleetIds = new ArrayList<>();
    for (int from = 0; from < all.size(); from += waveSize) {
      List<M> wave = all.subList(from, Math.min(all.size(), from + waveSize));
      fees = chain.feeData();
      sizeWindow();
      waveV1(wave, registry, nft, didRegistry, batch, bond);
    }
    awaitTail();
    for (M m : all) {
      if (m.machineId != null && m.failure == null) {
        fleetIds.add(m.machineId);
      }
    }
    if (!fleetIds.isEmpty()) {
      // The operator's proxy attributes, once for the run: idempotent (read, then add/update).
      try (PeaqosClient op =
          PeaqosClient.builder()
              .config(config)
              .chain(chain)
              .signer(operatorKey)
              .verifyBeforeWrite(false)
              .build()) {
        op.writeProxyDIDAttributes(operatorId, fleetIds);
      }
      report("proxy");
    }
  }

  private void waveV1(
      List<M> wave,
      String registry,
      String nft,
      String didRegistry,
      String batch,
      BigInteger bond) {
    List<ObjectNode> lines = new ArrayList<>();
    // 1. registration state, in one batch: a machine registered outside this run is reported.
    List<M> unknown = new ArrayList<>();
    for (M m : wave) {
      if (!m.finished() && m.machineId == null) {
        unknown.add(m);
      }
    }
    List<String> addresses = new ArrayList<>();
    unknown.forEach(m -> addresses.add(m.in.address()));
    List<BigInteger> ids = machineIdOf(addresses);
    List<M> toRegister = new ArrayList<>();
    for (int i = 0; i < unknown.size(); i++) {
      M m = unknown.get(i);
      BigInteger id = ids.get(i);
      if (id.signum() == 0) {
        toRegister.add(m);
      } else if (m.tx.containsKey("register")) {
        m.machineId = id; // ours: its receipt was lost with the killed run
        lines.add(
            doneLine("register", Collections.singletonList(m), null)
                .put("machineId", id.toString()));
      } else {
        fail(
            m,
            "register",
            "AlreadyRegistered: "
                + m.in.address()
                + " is already machine "
                + id
                + " (not registered by this run); query the MCR API with the address",
            lines);
      }
    }
    journal.append(lines);
    if (!toRegister.isEmpty()) {
      BigInteger gas =
          probe(
              "register",
              toRegister,
              m ->
                  new String[] {
                    operator.address(),
                    registry,
                    bond.toString(),
                    Abi.encodeCall("registerFor", new Address(m.in.address()))
                  });
      if (gas != null && operatorBatch == 1) {
        List<TransactionPipeline.Steps> ops = new ArrayList<>();
        for (M m : toRegister) {
          ops.add(
              TransactionPipeline.steps(
                  operator,
                  request(
                      registry,
                      bond,
                      Abi.encodeCall("registerFor", new Address(m.in.address())),
                      gas)));
        }
        sendStep("register", toRegister, ops, registry);
      } else if (gas != null) {
        sendBatched(
            "register",
            toRegister,
            registry,
            bond,
            m -> Abi.encodeCall("registerFor", new Address(m.in.address())),
            gas);
      }
    }
    // 2. mint: a machine whose journaled mint is unconfirmed is read first.
    lines = new ArrayList<>();
    List<M> toMint = new ArrayList<>();
    List<M> check = new ArrayList<>();
    for (M m : wave) {
      if (m.finished() || m.machineId == null || m.tokenId != null) {
        continue;
      }
      (m.tx.containsKey("mint") ? check : toMint).add(m);
    }
    List<BigInteger> tokens = tokenIdOf(check, nft);
    for (int i = 0; i < check.size(); i++) {
      if (tokens.get(i).signum() > 0) {
        check.get(i).tokenId = tokens.get(i);
        lines.add(
            doneLine("mint", Collections.singletonList(check.get(i)), null)
                .put("tokenId", tokens.get(i).toString()));
      } else {
        toMint.add(check.get(i));
      }
    }
    journal.append(lines);
    if (!toMint.isEmpty()) {
      BigInteger gas =
          probe(
              "mint",
              toMint,
              m ->
                  new String[] {
                    operator.address(),
                    nft,
                    "0",
                    Abi.encodeCall("mint", new Uint256(m.machineId), new Address(m.in.address()))
                  });
      if (gas != null && operatorBatch == 1) {
        List<TransactionPipeline.Steps> ops = new ArrayList<>();
        for (M m : toMint) {
          ops.add(
              TransactionPipeline.steps(
                  operator,
                  request(
                      nft,
                      BigInteger.ZERO,
                      Abi.encodeCall("mint", new Uint256(m.machineId), new Address(m.in.address())),
                      gas)));
        }
        sendStep("mint", toMint, ops, nft);
      } else if (gas != null) {
        sendBatched(
            "mint",
            toMint,
            nft,
            BigInteger.ZERO,
            m -> Abi.encodeCall("mint", new Uint256(m.machineId), new Address(m.in.address())),
            gas);
      }
    }
    // 3. the machines' own DID attributes (machines with a key), funded by the operator first.
    lines = new ArrayList<>();
    List<M> minted = new ArrayList<>();
    List<M> noKey = new ArrayList<>();
    for (M m : wave) {
      if (m.finished() || m.tokenId == null) {
        continue;
      }
      (m.in.key() == null ? noKey : minted).add(m);
    }
    for (M m : noKey) {
      complete(m, lines);
    }
    List<M> didCheck = new ArrayList<>();
    List<M> toWrite = new ArrayList<>();
    for (M m : minted) {
      if (m.steps.contains("did")) {
        complete(m, lines); // its receipt was settled by the reconciliation
        continue;
      }
      (m.tx.containsKey("did") ? didCheck : toWrite).add(m);
    }
    List<Boolean> written = hasMachineAttribute(didCheck, didRegistry);
    for (int i = 0; i < didCheck.size(); i++) {
      if (written.get(i)) {
        lines.add(doneLine("did", Collections.singletonList(didCheck.get(i)), null));
        complete(didCheck.get(i), lines);
      } else {
        toWrite.add(didCheck.get(i));
      }
    }
    journal.append(lines);
    if (toWrite.isEmpty()) {
      report("did");
      return;
    }
    Map<M, String> calls = new LinkedHashMap<>();
    for (M m : toWrite) {
      calls.put(m, didBatch(m, didRegistry));
    }
    BigInteger gas =
        probe("did", toWrite, m -> new String[] {m.in.address(), batch, "0", calls.get(m)});
    if (gas == null) {
      report("did");
      return;
    }
    List<M> unfunded = new ArrayList<>();
    for (M m : toWrite) {
      if (!m.steps.contains("fund")) {
        unfunded.add(m);
      }
    }
    fund(unfunded, gas.multiply(fees.maxFeePerGas()));
    List<M> ready = new ArrayList<>();
    for (M m : toWrite) {
      if (m.steps.contains("fund") || !unfunded.contains(m)) {
        ready.add(m);
      }
    }
    List<String> readyAddresses = new ArrayList<>();
    ready.forEach(m -> readyAddresses.add(m.in.address()));
    List<BigInteger> nonces = chain.nonces(readyAddresses, BlockRef.pending());
    List<TransactionPipeline.Steps> ops = new ArrayList<>();
    for (int i = 0; i < ready.size(); i++) {
      M m = ready.get(i);
      ops.add(
          machineSteps(
              chain.signer(m.in.key()),
              request(batch, BigInteger.ZERO, calls.get(m), gas),
              nonces.get(i)));
    }
    // The machines' own DID writes go on in the background while the next wave's operator steps
    // (register, mint, fund) run: different signers, so no nonce is shared; at most one wave's DID
    // writes are in flight, and the run waits for the last before the proxy attributes.
    lastStepInBackground("did", ready, ops);
  }

  /**
   * Sends a wave's last, machine-signed step on the background thread once the previous wave's is
   * done (at most one wave behind), then completes the machines it finished.
   */
  private void lastStepInBackground(
      String step, List<M> machines, List<TransactionPipeline.Steps> ops) {
    awaitTail();
    tailJob =
        tail.submit(
            () -> {
              sendStep(step, machines, ops);
              List<ObjectNode> completed = new ArrayList<>();
              for (M m : machines) {
                if (!m.finished() && m.steps.contains(step)) {
                  complete(m, completed);
                }
              }
              journal.append(completed);
              report(step);
            });
  }

  /**
   * Waits for the previous wave's last step (1.0: DID writes; 2.0: activations); what it threw is
   * thrown here.
   */
  private void awaitTail() {
    if (tailJob == null) {
      return;
    }
    try {
      tailJob.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the previous wave", e);
    } finally {
      tailJob = null;
    }
  }

  /**
   * The operator's calls of one step for many machines, {@value #CALLS_PER_BATCH} at most (and no
   * more than half a block's gas) in one {@code batchSome} of the batch precompile, which runs each
   * call as the operator: one transaction, one signature, one send and one block slot for up to
   * {@value #CALLS_PER_BATCH} machines instead of one each. {@code batchSome}, not {@code
   * batchAll}: a machine whose call fails (e.g. registered meanwhile by someone else) is failed
   * alone, by the absence of its event in the receipt, while the others of the batch go through.
   * The batches of a wave are broadcast side by side like single transactions and journaled the
   * same way (one {@code tx} line naming every machine of the batch).
   *
   * @param perCall the gas limit of one call on its own (estimated once, with the margin)
   */
  private void sendBatched(
      String step,
      List<M> ms,
      String target,
      BigInteger valueEach,
      Function<M, String> callOf,
      BigInteger perCall) {
    if (ms.isEmpty()) {
      return;
    }
    String batch = config.contracts().batchPrecompile();
    BigInteger perSubcall = perCall.add(SUBCALL_GAS_OVERHEAD);
    int size = callsPerBatch(perSubcall);
    List<List<M>> groups = new ArrayList<>();
    List<TransactionPipeline.Steps> ops = new ArrayList<>();
    for (int from = 0; from < ms.size(); from += size) {
      List<M> group = new ArrayList<>(ms.subList(from, Math.min(ms.size(), from + size)));
      List<Address> to = new ArrayList<>();
      List<Uint256> values = new ArrayList<>();
      List<DynamicBytes> data = new ArrayList<>();
      List<Uint64> gas = new ArrayList<>();
      for (M m : group) {
        to.add(new Address(target));
        values.add(new Uint256(valueEach));
        data.add(new DynamicBytes(Hex.decode(callOf.apply(m))));
        gas.add(new Uint64(0)); // every subcall may use what is left
      }
      String call =
          Abi.encodeCall(
              "batchSome",
              new DynamicArray<>(Address.class, to),
              new DynamicArray<>(Uint256.class, values),
              new DynamicArray<>(DynamicBytes.class, data),
              new DynamicArray<>(Uint64.class, gas));
      BigInteger n = BigInteger.valueOf(group.size());
      groups.add(group);
      ops.add(
          TransactionPipeline.steps(
              operator,
              request(
                  batch, valueEach.multiply(n), call, perSubcall.multiply(n).add(BATCH_GAS_BASE))));
    }
    // The few batches of a step go out one after the other in nonce order: a node keeps a
    // transaction whose predecessor it has not seen yet aside ("queued"; geth keeps at most 64 of
    // an account), and the devnet's miner mined such a one only at the next send (seen as a 3 s
    // stall per step).
    sendGroups(step, groups, ops, null, inOrder);
  }

  /** Calls in one batch: at most {@value #CALLS_PER_BATCH} and half the block gas limit. */
  private int callsPerBatch(BigInteger perSubcall) {
    BigInteger fit = blockGasLimit().shiftRight(1).subtract(BATCH_GAS_BASE).divide(perSubcall);
    return (int) Math.max(1, Math.min(operatorBatch, fit.longValue()));
  }

  private BigInteger blockGasLimit() {
    if (blockGasLimit == null) {
      blockGasLimit =
          chain
              .block(BlockRef.latest())
              .map(b -> b.gasLimit())
              .orElse(BigInteger.valueOf(15_000_000));
    }
    return blockGasLimit;
  }

  /** The machine's six attributes as one {@code batchAll} of {@code addAttribute} calls. */
  private String didBatch(M m, String didRegistry) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(PeaqosClient.ATTR_MACHINE_ID, m.machineId.toString());
    attrs.put(PeaqosClient.ATTR_NFT_TOKEN_ID, m.tokenId.toString());
    attrs.put(PeaqosClient.ATTR_OPERATOR, Did.of(operator.address()).toString());
    if (m.in.documentationUrl() != null) {
      attrs.put(PeaqosClient.ATTR_DOCUMENTATION_URL, m.in.documentationUrl());
    }
    if (m.in.dataApi() != null) {
      attrs.put(PeaqosClient.ATTR_DATA_API, m.in.dataApi());
    }
    attrs.put(PeaqosClient.ATTR_DATA_VISIBILITY, m.in.dataVisibility());
    List<Address> to = new ArrayList<>();
    List<Uint256> values = new ArrayList<>();
    List<DynamicBytes> calls = new ArrayList<>();
    List<Uint64> gas = new ArrayList<>();
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      if (value.length > PeaqosClient.DID_MAX_VALUE_BYTES) {
        throw new ValidationException(
            e.getKey(),
            e.getKey() + " of " + m.in.address() + " is longer than the DID pallet's 2560 bytes");
      }
      to.add(new Address(didRegistry));
      values.add(new Uint256(0));
      gas.add(new Uint64(0));
      calls.add(
          new DynamicBytes(
              Hex.decode(
                  Abi.encodeCall(
                      "addAttribute",
                      new Address(m.in.address()),
                      new DynamicBytes(e.getKey().getBytes(StandardCharsets.UTF_8)),
                      new DynamicBytes(value),
                      new Uint32(0)))));
    }
    return Abi.encodeCall(
        "batchAll",
        new DynamicArray<>(Address.class, to),
        new DynamicArray<>(Uint256.class, values),
        new DynamicArray<>(DynamicBytes.class, calls),
        new DynamicArray<>(Uint64.class, gas));
  }

  private List<BigInteger> machineIdOf(List<String> addresses) {
    List<String[]> calls = new ArrayList<>();
    for (String a : addresses) {
      calls.add(
          new String[] {
            config.contracts().identityRegistry(),
            Abi.encodeCall("machineIdOfOwner", new Address(a))
          });
    }
    List<BigInteger> out = new ArrayList<>();
    for (Object r : chain.callAll(calls)) {
      if (r instanceof ContractRevertException e) {
        if ("MachineNotFound".equals(e.revertName())) {
          out.add(BigInteger.ZERO);
          continue;
        }
        throw e;
      }
      out.add((BigInteger) Abi.decodeOne((String) r, "uint256"));
    }
    return out;
  }

  private List<BigInteger> tokenIdOf(List<M> ms, String nft) {
    List<String[]> calls = new ArrayList<>();
    for (M m : ms) {
      calls.add(new String[] {nft, Abi.encodeCall("tokenIdOf", new Uint256(m.machineId))});
    }
    List<BigInteger> out = new ArrayList<>();
    for (Object r : chain.callAll(calls)) {
      if (r instanceof RuntimeException e) {
        throw e;
      }
      out.add((BigInteger) Abi.decodeOne((String) r, "uint256"));
    }
    return out;
  }

  /** Whether each machine's DID holds its {@code machineId} attribute (absent reverts). */
  private List<Boolean> hasMachineAttribute(List<M> ms, String didRegistry) {
    List<String[]> calls = new ArrayList<>();
    for (M m : ms) {
      calls.add(
          new String[] {
            didRegistry,
            Abi.encodeCall(
                "readAttribute",
                new Address(m.in.address()),
                new DynamicBytes(PeaqosClient.ATTR_MACHINE_ID.getBytes(StandardCharsets.UTF_8)))
          });
    }
    List<Boolean> out = new ArrayList<>();
    for (Object r : chain.callAll(calls)) {
      if (r instanceof RuntimeException) {
        out.add(false);
        continue;
      }
      String body = Hex.strip0x((String) r);
      boolean present = false;
      if (body.length() >= 64 * 5) {
        List<Object> f = Abi.decodeTuple((String) r, "bytes", "bytes", "uint32", "uint256");
        present = Hex.decode((String) f.get(1)).length > 0;
      }
      out.add(present);
    }
    return out;
  }

  private BigInteger estimateOr(
      String from, String to, BigInteger value, String data, BigInteger fallback) {
    try {
      return chain.gasPolicy().limitFor(to, chain.estimateGas(from, to, value, data));
    } catch (RuntimeException e) {
      return chain.gasPolicy().limitFor(to, fallback);
    }
  }

  private void requireBalance(BigInteger need) {
    BigInteger have = chain.balance(operator.address());
    if (have.compareTo(need) < 0) {
      throw new FleetFundsException(
          operator.address(), need, have, byAddress.size() - done - failed);
    }
  }

  // ------------------------------------------------------------------ 2.0

  private BigInteger machineId2(M m) {
    ActivationParams p = activationParams.apply(m.in);
    return Econ2Client.computeMachineId(p.machineType(), p.credentialSubject());
  }

  private void runV2(List<M> all) {
    Econ2Client reader = Econ2Client.create(chain, deployment, null, null);
    reader.preflight();
    List<M> left = new ArrayList<>();
    for (M m : all) {
      if (!m.finished()) {
        left.add(m);
      }
    }
    if (left.isEmpty()) {
      return;
    }
    Tier tier = activationParams.apply(left.get(0).in).tier();
    String subscription = deployment.machineSubscription();
    BigInteger bond =
        (BigInteger)
            Abi.decodeOne(
                chain.call(
                    subscription,
                    Abi.encodeCall(
                        "requiredPeaqAmount",
                        new org.web3j.abi.datatypes.generated.Uint8(tier.code()))),
                "uint256");
    String token =
        (String)
            Abi.decodeOne(
                chain.call(deployment.infoDesk(), Abi.encodeCall("peaqToken")), "address");
    fees = chain.feeData();
    BigInteger perMachine =
        bond.add(ACTIVATION_GAS_BOUND.add(APPROVAL_GAS_BOUND).multiply(fees.maxFeePerGas()));
    BigInteger need = BigInteger.ZERO;
    for (M m : left) {
      if (!m.steps.contains("fund")) {
        need = need.add(perMachine).add(FUND_GAS_PER_MACHINE.multiply(fees.maxFeePerGas()));
      }
    }
    requireBalance(need);
    for (int from = 0; from < all.size(); from += waveSize) {
      List<M> wave = all.subList(from, Math.min(all.size(), from + waveSize));
      fees = chain.feeData();
      sizeWindow();
      waveV2(wave, subscription, token, bond, perMachine);
    }
    awaitTail();
  }

  private void waveV2(
      List<M> wave, String subscription, String token, BigInteger bond, BigInteger perMachine) {
    List<ObjectNode> lines = new ArrayList<>();
    List<M> open = new ArrayList<>();
    for (M m : wave) {
      if (!m.finished()) {
        open.add(m);
      }
    }
    if (open.isEmpty()) {
      return;
    }
    // 1. activation state in one batch: a machine activated outside this run is reported.
    List<String[]> calls = new ArrayList<>();
    for (M m : open) {
      calls.add(
          new String[] {subscription, Abi.encodeCall("subscriptions", new Uint256(machineId2(m)))});
    }
    List<Object> subs = chain.callAll(calls);
    List<M> toActivate = new ArrayList<>();
    for (int i = 0; i < open.size(); i++) {
      M m = open.get(i);
      if (subs.get(i) instanceof RuntimeException e) {
        throw e;
      }
      BigInteger periodStart = Abi.word((String) subs.get(i), 1);
      if (periodStart.signum() == 0) {
        toActivate.add(m);
      } else if (m.tx.containsKey("activate")) {
        m.machineId = machineId2(m);
        lines.add(
            doneLine("activate", Collections.singletonList(m), null)
                .put("machineId", m.machineId.toString()));
        complete(m, lines);
      } else {
        fail(
            m,
            "activate",
            "ALREADY_ACTIVATED: machine "
                + machineId2(m)
                + " of "
                + m.in.address()
                + " is already activated (not by this run)",
            lines);
      }
    }
    journal.append(lines);
    if (toActivate.isEmpty()) {
      report("activate");
      return;
    }
    // 2. funding of the wallets not funded yet (net bond + the two transactions' gas).
    List<M> unfunded = new ArrayList<>();
    for (M m : toActivate) {
      if (!m.steps.contains("fund")) {
        unfunded.add(m);
      }
    }
    fund(unfunded, perMachine);
    List<M> ready = new ArrayList<>();
    for (M m : toActivate) {
      if (m.steps.contains("fund")) {
        ready.add(m);
      }
    }
    if (ready.isEmpty()) {
      return;
    }
    // 3. approvals (exactly the bond), then activations, each signed by the machine key.
    List<String> addresses = new ArrayList<>();
    ready.forEach(m -> addresses.add(m.in.address()));
    String approve = Abi.encodeCall("approve", new Address(subscription), new Uint256(bond));
    BigInteger approveGas =
        limit("approve", ready.get(0).in.address(), token, BigInteger.ZERO, approve);
    List<M> approving = new ArrayList<>();
    List<TransactionPipeline.Steps> ops = new ArrayList<>();
    List<BigInteger> nonces = chain.nonces(addresses, BlockRef.pending());
    for (int i = 0; i < ready.size(); i++) {
      M m = ready.get(i);
      if (m.steps.contains("approve")) {
        continue;
      }
      approving.add(m);
      ops.add(
          machineSteps(
              chain.signer(m.in.key()),
              request(token, BigInteger.ZERO, approve, approveGas),
              nonces.get(i)));
    }
    sendStep("approve", approving, ops);
    List<M> activating = new ArrayList<>();
    for (M m : ready) {
      if (m.steps.contains("approve") && !m.finished()) {
        activating.add(m);
      }
    }
    if (activating.isEmpty()) {
      return;
    }
    Map<M, String> data = new HashMap<>();
    for (M m : activating) {
      data.put(m, Econ2Client.activationCalldata(activationParams.apply(m.in)));
    }
    BigInteger gas =
        probe(
            "activate",
            activating,
            m -> new String[] {m.in.address(), deployment.machineStateAndSync(), "0", data.get(m)});
    addresses.clear();
    activating.forEach(m -> addresses.add(m.in.address()));
    if (activating.stream().allMatch(m -> m.nextNonce != null)) {
      nonces = new ArrayList<>();
      for (M m : activating) {
        nonces.add(m.nextNonce); // right after the approval this run sent
      }
    } else {
      nonces = chain.nonces(addresses, BlockRef.pending());
    }
    ops = new ArrayList<>();
    for (int i = 0; i < activating.size(); i++) {
      M m = activating.get(i);
      ops.add(
          machineSteps(
              chain.signer(m.in.key()),
              request(deployment.machineStateAndSync(), BigInteger.ZERO, data.get(m), gas),
              nonces.get(i)));
    }
    // As in 1.0: the activations go on in the background while the next wave is funded and
    // approves (other machines, and the operator's funding: no shared nonce).
    lastStepInBackground("activate", activating, ops);
  }

  /**
   * The default 2.0 request of a machine: controller = the operator, one secp256k1 verification
   * method of the machine key, type {@code Machine}, the wallet address as credential subject (so
   * the machine id follows from the address), tier Entry, manufacturer = the operator.
   */
  public static Function<FleetMachine, ActivationParams> defaultActivation(String operator) {
    return m ->
        new ActivationParams(
            operator,
            Collections.singletonList(
                new VerificationMethod(
                    "#key-1",
                    VerificationMethod.SECP256K1,
                    operator,
                    m.key() == null ? "" : VerificationMethod.publicKeyMultibase(m.key()))),
            Collections.singletonList(BigInteger.ZERO),
            Collections.<ServiceEndpoint>emptyList(),
            "Machine",
            Hex.decode(m.address()),
            operator,
            Tier.ENTRY,
            null,
            null);
  }

  // ------------------------------------------------------------------ report

  private MachineOutcome outcome(M m) {
    String status =
        m.failure != null
            ? MachineOutcome.FAILED
            : m.steps.contains("complete") ? MachineOutcome.DONE : MachineOutcome.PENDING;
    String did =
        V2.equals(tokenomics)
            ? (m.machineId == null ? null : Econ2Client.machineDid(m.machineId))
            : Did.of(m.in.address()).toString();
    String reason =
        m.failure != null
            ? m.failure
            : status.equals(MachineOutcome.PENDING)
                ? (m.pendingReason != null ? m.pendingReason : "not finished; run again to resume")
                : null;
    return new MachineOutcome(m.in.address(), status, m.machineId, m.tokenId, did, m.tx, reason);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds a {@link Fleet}. */
  public static final class Builder {
    private ChainReads chain;
    private Credentials operator;
    private String tokenomics = V1;
    private PeaqosConfig config;
    private Econ2Deployment deployment;
    private FleetJournal journal;
    private int waveSize = 200;
    private int concurrency = 16;
    private int operatorBatch = CALLS_PER_BATCH;
    private FleetListener listener = FleetListener.NONE;
    private Consumer<List<String>> walletPreparer;
    private Duration receiptTimeout = Duration.ofSeconds(120);
    private Function<FleetMachine, ActivationParams> activationParams;
    private boolean blockBatches = true;
    private boolean fullBlocks;

    public Builder chain(ChainReads chain) {
      this.chain = chain;
      return this;
    }

    /** The operator's key: pays, registers (1.0), funds, and is the controller (2.0). */
    public Builder operator(Credentials operator) {
      this.operator = operator;
      return this;
    }

    /** {@code 1.0} (default) or {@code 2.0}. */
    public Builder tokenomics(String tokenomics) {
      if (!V1.equals(tokenomics) && !V2.equals(tokenomics)) {
        throw new ValidationException(
            "tokenomics", "tokenomics must be 1.0 or 2.0; got \"" + tokenomics + "\"");
      }
      this.tokenomics = tokenomics;
      return this;
    }

    /** The 1.0 contracts (required for 1.0). */
    public Builder config(PeaqosConfig config) {
      this.config = config;
      return this;
    }

    /** The Economics 2.0 deployment (required for 2.0). */
    public Builder deployment(Econ2Deployment deployment) {
      this.deployment = deployment;
      return this;
    }

    public Builder journal(FleetJournal journal) {
      this.journal = journal;
      return this;
    }

    /** Machines per wave (default 200): their transactions are in flight together. */
    public Builder waveSize(int n) {
      if (n < 1) {
        throw new ValidationException("waveSize", "waveSize must be at least 1; got " + n);
      }
      this.waveSize = n;
      return this;
    }

    /** Broadcasts side by side (default 16). */
    public Builder concurrency(int n) {
      if (n < 1 || n > 256) {
        throw new ValidationException(
            "concurrency", "concurrency must be between 1 and 256; got " + n);
      }
      this.concurrency = n;
      return this;
    }

    /**
     * Most machines whose registration (or mint) goes in one batch-precompile transaction of the
     * operator (1.0), 1 to {@value #CALLS_PER_BATCH} (default); 1 sends one transaction per machine
     * and call. A batch also stays within half the block gas limit.
     */
    public Builder operatorBatch(int n) {
      if (n < 1 || n > CALLS_PER_BATCH) {
        throw new ValidationException(
            "operatorBatch",
            "operatorBatch must be 1 to "
                + CALLS_PER_BATCH
                + " machines per transaction, got "
                + n);
      }
      this.operatorBatch = n;
      return this;
    }

    public Builder listener(FleetListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /**
     * Called with the addresses of each funded group before they sign, e.g. the devnet's native
     * PEAQ delegation for wallets funded by a plain transfer.
     */
    public Builder walletPreparer(Consumer<List<String>> preparer) {
      this.walletPreparer = preparer;
      return this;
    }

    public Builder receiptTimeout(Duration d) {
      this.receiptTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** The 2.0 request of each machine (default {@link Fleet#defaultActivation}). */
    public Builder activationParams(Function<FleetMachine, ActivationParams> f) {
      this.activationParams = f;
      return this;
    }

    /**
     * Whether transactions go out in block-sized JSON-RPC batches (default) or one request each
     * ({@link TransactionPipeline#submitAll} on {@code concurrency} threads): for the benchmark's
     * comparison.
     */
    Builder blockBatches(boolean on) {
      this.blockBatches = on;
      return this;
    }

    /** Block-sized sends up to the block gas limit instead of its target (measurement). */
    Builder fullBlocks(boolean on) {
      this.fullBlocks = on;
      return this;
    }

    public Fleet build() {
      if (activationParams == null && operator != null) {
        activationParams = defaultActivation(Addresses.checksum(operator.getAddress()));
      }
      return new Fleet(this);
    }
  }
}
