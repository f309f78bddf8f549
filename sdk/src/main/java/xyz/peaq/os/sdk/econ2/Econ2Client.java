package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import xyz.peaq.os.sdk.TransactionObserver;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.ReceiptTimeoutException;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.Signer;
import xyz.peaq.os.sdk.chain.TransactionPipeline;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * Economics 2.0 on one deployment: the machine id, the activation preview, the one-call activation
 * ({@code MachineStateAndSync.activateMachine}) and the activation state, as the official SDK
 * 0.12.1 does them. Every transaction goes through the SDK's {@link TransactionPipeline}, the
 * {@link TransactionObserver} seeing it signed before broadcast (operations {@code approval} and
 * {@code activation}); a receipt that does not arrive becomes a {@link
 * PendingTransactionException}, never a second send.
 *
 * <pre>{@code
 * Econ2Client econ2 = Econ2Client.create(chain, Econ2Deployment.resolve("devnet", dir), chain.signer(key), observer);
 * ActivationPreview preview = econ2.previewMachineActivation(params);
 * ActivationResult result = econ2.activateMachine(params.boundTo(preview));
 * }</pre>
 */
public final class Econ2Client {
  static final String DOC_TUPLE =
      "(string,address,(string,string,address,string)[],uint256[],(string,string,string)[])";
  static final String ACTIVATE_MACHINE =
      "activateMachine(" + DOC_TUPLE + ",string,bytes,address,uint8)";
  static final String ACTIVATE_MACHINE_WITH_USDT =
      "activateMachineWithUsdt(" + DOC_TUPLE + ",string,bytes,address,uint8,uint256)";
  private static final BigInteger BPS = BigInteger.valueOf(10_000);
  private static final BigInteger UINT256_MAX =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  static final String TOPIC_ONBOARDED = Abi.eventTopic("MachineOnboarded(uint256,address)");
  static final String TOPIC_MINTED =
      Abi.eventTopic("MachineMinted(uint256,address,address,string)");
  static final String TOPIC_ACTIVATED =
      Abi.eventTopic("Activated(uint256,address,uint8,uint256,uint64,uint64)");
  static final String TOPIC_VOUCHER = Abi.eventTopic("VoucherRedeemed(uint256,address,uint256)");
  static final String TOPIC_PAID_USDT = Abi.eventTopic("PaidWithUsdt(address,uint256,uint256)");

  private final ChainReads chain;
  private final Econ2Deployment deployment;
  private final Signer signer;
  private final TransactionObserver observer;
  private final TransactionPipeline pipeline = TransactionPipeline.defaults();
  private volatile boolean preflightPassed;

  private Econ2Client(
      ChainReads chain, Econ2Deployment deployment, Signer signer, TransactionObserver observer) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.deployment = Objects.requireNonNull(deployment, "deployment");
    this.signer = signer;
    this.observer = observer == null ? TransactionObserver.NONE : observer;
  }

  /**
   * A client of {@code deployment} on {@code chain}, signing with {@code signer} (null for reads
   * only), every transaction seen by {@code observer} (null for none).
   */
  public static Econ2Client create(
      ChainReads chain, Econ2Deployment deployment, Signer signer, TransactionObserver observer) {
    return new Econ2Client(chain, deployment, signer, observer);
  }

  public Econ2Deployment deployment() {
    return deployment;
  }

  /** The signer's address. @throws ValidationException when the client has no signer */
  public String address() {
    return signer().address();
  }

  // ---- identity ---------------------------------------------------------------------------

  /**
   * {@code uint256(keccak256(abi.encode(machineType, credentialSubject)))}, the id {@code
   * MachineRegistry.computeTokenId} gives, computed locally.
   */
  public static BigInteger computeMachineId(String machineType, byte[] credentialSubject) {
    Objects.requireNonNull(machineType, "machineType");
    Objects.requireNonNull(credentialSubject, "credentialSubject");
    String encoded =
        FunctionEncoder.encodeConstructor(
            Immutables.list(new Utf8String(machineType), new DynamicBytes(credentialSubject)));
    return new BigInteger(1, Hash.sha3(Abi.bytes(encoded)));
  }

  /** A machine's DID: {@code did:peaq:<decimal id>}. */
  public static String machineDid(BigInteger machineId) {
    return "did:peaq:" + machineId;
  }

  // ---- preflight --------------------------------------------------------------------------

  /**
   * The chain id, code at the seven record addresses, the six InfoDesk peers and the economic
   * authority, checked once per client.
   *
   * @throws ActivationException {@code CHAIN_MISMATCH}, {@code CONTRACT_NOT_DEPLOYED}, {@code
   *     PEER_UNSET}, {@code PEER_MISMATCH} or {@code NOT_ECONOMIC_AUTHORITY}
   */
  public void preflight() {
    if (preflightPassed) {
      return;
    }
    long id = read(chain::fetchChainId);
    if (id != deployment.chainId()) {
      throw ActivationException.of(
          "CHAIN_MISMATCH",
          null,
          "the RPC "
              + chain.endpoint()
              + " is chain "
              + id
              + " but deployment "
              + deployment.deploymentId()
              + " is chain "
              + deployment.chainId());
    }
    for (var e : deployment.contracts().entrySet()) {
      if (!read(() -> chain.hasCode(e.getValue()))) {
        throw ActivationException.of(
            "CONTRACT_NOT_DEPLOYED",
            role(e.getKey()),
            "no contract code at " + e.getKey() + " " + e.getValue() + " on " + chain.endpoint());
      }
    }
    for (var e : deployment.peers().entrySet()) {
      String key = Hash.sha3String(e.getKey());
      String peer =
          address(
              deployment.infoDesk(),
              Abi.encodeCall("peer", new Bytes32(Abi.bytes(key))),
              "info_desk");
      if (new BigInteger(peer.substring(2), 16).signum() == 0) {
        throw ActivationException.of(
            "PEER_UNSET", role(e.getKey()), "InfoDesk has no peer for " + e.getKey());
      }
      if (!peer.equalsIgnoreCase(e.getValue())) {
        throw ActivationException.of(
            "PEER_MISMATCH",
            role(e.getKey()),
            "InfoDesk names "
                + peer
                + " for "
                + e.getKey()
                + " but the record of "
                + deployment.deploymentId()
                + " says "
                + e.getValue());
      }
    }
    if (!bool(
        deployment.machineSubscription(),
        Abi.encodeCall("isEconomicAuthority"),
        "machine_subscription")) {
      throw ActivationException.of(
          "NOT_ECONOMIC_AUTHORITY",
          "machine_subscription",
          "MachineSubscription of " + deployment.deploymentId() + " is not the economic authority");
    }
    preflightPassed = true;
  }

  // ---- preview and activation ---------------------------------------------------------------

  /** Steps 1 to 6 of the activation, with no write: validation, preflight, id, pauses, quote. */
  public ActivationPreview previewMachineActivation(ActivationParams params) {
    params.validate();
    preflight();
    String me = address();
    BigInteger machineId = computeMachineId(params.machineType(), params.credentialSubject());
    if (params.expectedMachineId() != null && !params.expectedMachineId().equals(machineId)) {
      throw ActivationException.of(
          "MACHINE_ID_MISMATCH",
          "machine_registry",
          "the machine id is "
              + machineId
              + " but the request expects "
              + params.expectedMachineId());
    }
    checkNotPaused(machineId);
    Quote q = quote(params.tier(), me);
    BigInteger balance = uint(q.token, Abi.encodeCall("balanceOf", new Address(me)), "peaq_token");
    BigInteger allowance = allowance(q.token, me);
    return new ActivationPreview(
        deployment.chainId(),
        deployment.deploymentId(),
        deployment,
        me,
        params.controller(),
        machineId,
        params.tier(),
        q.token,
        q.bond,
        q.credit,
        q.net,
        balance,
        allowance,
        q.net.signum() > 0 && allowance.compareTo(q.net) < 0);
  }

  /**
   * The activation: preview, exact approval of the net bond when the allowance is short (never a
   * second one), a re-quote, {@code activateMachine} (simulated by the gas estimate before it is
   * signed), the receipt's events and a re-read of the state.
   *
   * @throws ActivationException with the official codes ({@code MAX_NET_PEAQ_EXCEEDED} when the
   *     quote rose above {@code maxNetPeaqAmount}, {@code INSUFFICIENT_BALANCE}, {@code
   *     ALREADY_ACTIVATED}, {@code EVENT_MISMATCH}, {@code STATE_MISMATCH}, ...)
   * @throws PendingTransactionException when a sent transaction has no receipt in time
   */
  public ActivationResult activateMachine(ActivationParams params) {
    ActivationPreview p = previewMachineActivation(params);
    BigInteger id = p.machineId();
    Subscription existing = subscription(id);
    if (existing.activated()) {
      throw ActivationException.of(
          "ALREADY_ACTIVATED", "machine_subscription", "machine " + id + " is already activated");
    }
    checkCap(params, p.netPeaqAmount());
    if (p.balance().compareTo(p.netPeaqAmount()) < 0) {
      throw ActivationException.of(
          "INSUFFICIENT_BALANCE",
          "peaq_token",
          p.signer()
              + " holds "
              + p.balance()
              + " wei PEAQ but the net bond is "
              + p.netPeaqAmount()
              + " wei");
    }
    String approvalHash = null;
    if (p.approvalRequired()) {
      try {
        TxReceipt r =
            send(
                "approval",
                "peaq_token",
                p.peaqToken(),
                Abi.encodeCall(
                    "approve",
                    new Address(deployment.machineSubscription()),
                    new Uint256(p.netPeaqAmount())));
        approvalHash = r.transactionHash();
      } catch (ActivationException e) {
        throw new ActivationException(
            "APPROVAL_FAILED",
            "the approval of " + p.netPeaqAmount() + " wei PEAQ failed: " + e.getMessage(),
            "peaq_token",
            e.solidityError(),
            e.revertData(),
            e.transactionHash());
      }
    }
    Quote again = quote(params.tier(), p.signer());
    checkCap(params, again.net);
    if (again.net.signum() > 0 && allowance(again.token, p.signer()).compareTo(again.net) < 0) {
      throw ActivationException.of(
          "ALLOWANCE_INSUFFICIENT",
          "peaq_token",
          "the allowance no longer covers the net bond "
              + again.net
              + " after the approval; no second approval is sent");
    }
    TxReceipt receipt =
        send(
            "activation",
            "machine_state_and_sync",
            deployment.machineStateAndSync(),
            activateCall(params));
    return verify(params, p, receipt, approvalHash);
  }

  /**
   * The calldata of {@code activateMachine} for {@code params}, for callers that sign many
   * activations themselves (fleets); checks the params locally first.
   */
  public static String activationCalldata(ActivationParams params) {
    params.validate();
    return activateCall(params);
  }

  /** The topic of {@code MachineSubscription.Activated}, which a successful activation emits. */
  public static String activatedTopic() {
    return TOPIC_ACTIVATED;
  }

  /** The calldata of {@code activateMachine} for {@code params} (the DID id is always empty). */
  static String activateCall(ActivationParams params) {
    return encode(
        ACTIVATE_MACHINE,
        document(params),
        new Utf8String(params.machineType()),
        new DynamicBytes(params.credentialSubject()),
        new Address(params.manufacturer()),
        new Uint8(params.tier().code()));
  }

  /**
   * The events and state after an activation's receipt.
   *
   * @throws ActivationException {@code EVENT_MISMATCH} or {@code STATE_MISMATCH}
   */
  ActivationResult verify(
      ActivationParams params, ActivationPreview p, TxReceipt receipt, String approvalHash) {
    return verify(params, p.machineId(), p.signer(), receipt, approvalHash, false);
  }

  /**
   * The events and state after an activation's receipt; {@code usdtRail} allows the {@code
   * PaidWithUsdt} the USDT rail adds (checked by the caller).
   */
  private ActivationResult verify(
      ActivationParams params,
      BigInteger id,
      String signerAddress,
      TxReceipt receipt,
      String approvalHash,
      boolean usdtRail) {
    String hash = receipt.transactionHash();
    List<LogEntry> onboarded = receipt.logs(deployment.machineStateAndSync(), TOPIC_ONBOARDED);
    List<LogEntry> minted = receipt.logs(deployment.machineRegistry(), TOPIC_MINTED);
    List<LogEntry> activated = receipt.logs(deployment.machineSubscription(), TOPIC_ACTIVATED);
    List<LogEntry> vouchers = receipt.logs(deployment.machineSubscription(), TOPIC_VOUCHER);
    boolean usdt =
        !usdtRail
            && receipt.logs().stream().anyMatch(l -> TOPIC_PAID_USDT.equalsIgnoreCase(l.topic0()));
    if (onboarded.size() != 1
        || minted.size() != 1
        || activated.size() != 1
        || vouchers.size() > 1
        || usdt
        || !onboarded.get(0).topicAsUint(1).equals(id)
        || !minted.get(0).topicAsUint(1).equals(id)
        || !activated.get(0).topicAsUint(1).equals(id)) {
      throw new ActivationException(
          "EVENT_MISMATCH",
          "the activation receipt holds "
              + onboarded.size()
              + " MachineOnboarded, "
              + minted.size()
              + " MachineMinted, "
              + activated.size()
              + " Activated, "
              + vouchers.size()
              + " VoucherRedeemed"
              + (usdt ? " and a PaidWithUsdt" : "")
              + " for machine "
              + id
              + "; expected exactly one of the first three",
          "machine_state_and_sync",
          null,
          null,
          hash);
    }
    List<Object> a = Abi.decode(activated.get(0).data(), "uint8", "uint256", "uint64", "uint64");
    BigInteger bonded = (BigInteger) a.get(1);
    BigInteger credit =
        vouchers.isEmpty()
            ? BigInteger.ZERO
            : (BigInteger) Abi.decode(vouchers.get(0).data(), "uint256").get(0);
    MachineActivationState state = getMachineActivationState(id);
    List<String> diffs = new ArrayList<>();
    if (!state.owner().equalsIgnoreCase(signerAddress)) {
      diffs.add("owner " + state.owner() + " is not the signer " + signerAddress);
    }
    if (!state.controller().equalsIgnoreCase(params.controller())) {
      diffs.add("controller " + state.controller() + " is not " + params.controller());
    }
    Subscription s = state.subscription();
    if (s.tier() != params.tier()) {
      diffs.add("tier " + s.tier().id() + " is not " + params.tier().id());
    }
    if (s.periodStart() == 0 || s.periodEnd() == 0) {
      diffs.add("the subscription period is not set");
    }
    if (!s.bondedAmount().equals(bonded)) {
      diffs.add("bonded amount " + s.bondedAmount() + " is not the event's " + bonded);
    }
    if (!state.homedLocally()) {
      diffs.add("the machine is not homed on this chain");
    }
    if (!diffs.isEmpty()) {
      throw new ActivationException(
          "STATE_MISMATCH",
          "the activation was mined but the state differs: " + String.join("; ", diffs),
          "machine_registry",
          null,
          null,
          hash);
    }
    return new ActivationResult(
        deployment.chainId(),
        id,
        state.owner(),
        state.controller(),
        s.tier(),
        bonded,
        credit,
        bonded.subtract(credit),
        hash,
        approvalHash,
        s,
        true);
  }

  // ---- the USDT rail -----------------------------------------------------------------------

  /**
   * The USDT spend bound for a quote and an accepted slippage: {@code ceil(quoted·(10000 +
   * slippageBps)/10000)}, as the official SDK computes it.
   *
   * @throws ValidationException when {@code slippageBps} is outside 0..10000 or the bound overflows
   *     uint256
   */
  public static BigInteger maxUsdtAmount(BigInteger quotedUsdtAmount, int slippageBps) {
    Objects.requireNonNull(quotedUsdtAmount, "quotedUsdtAmount");
    checkSlippage(slippageBps);
    BigInteger max =
        quotedUsdtAmount
            .multiply(BPS.add(BigInteger.valueOf(slippageBps)))
            .add(BPS.subtract(BigInteger.ONE))
            .divide(BPS);
    if (quotedUsdtAmount.signum() < 0 || max.compareTo(UINT256_MAX) > 0) {
      throw new ValidationException(
          "max_usdt_amount", "the USDT bound " + max + " is outside uint256");
    }
    return max;
  }

  private static void checkSlippage(int slippageBps) {
    if (slippageBps < 0 || slippageBps > 10_000) {
      throw new ValidationException(
          "slippage_bps",
          "slippage_bps must be between 0 and 10000 basis points (100%), was " + slippageBps);
    }
  }

  /**
   * The USDT rail's preview, with no write: the PEAQ preview's identity, pauses and quote, then the
   * provision pool's USDT quote for the net PEAQ, the bound for {@code slippageBps}, and the
   * signer's USDT balance and allowance to the pool. A net of zero (voucher-covered) quotes
   * nothing.
   *
   * @throws ActivationException {@code PROVISION_POOL_NOT_CONFIGURED} when the pool has no USDT
   *     token, or the codes of {@link #previewMachineActivation}
   */
  public UsdtActivationPreview previewMachineActivationWithUsdt(
      ActivationParams params, int slippageBps) {
    checkSlippage(slippageBps);
    ActivationPreview p = previewMachineActivation(params);
    String token = usdtToken();
    BigInteger quoted = quoteUsdt(p.netPeaqAmount());
    BigInteger max = maxUsdtAmount(quoted, slippageBps);
    BigInteger balance =
        uint(token, Abi.encodeCall("balanceOf", new Address(p.signer())), "usdt_token");
    BigInteger allowance = usdtAllowance(token, p.signer());
    return new UsdtActivationPreview(
        p.chainId(),
        p.deploymentId(),
        p.signer(),
        p.controller(),
        p.machineId(),
        p.tier(),
        token,
        p.bondAmount(),
        p.voucherCredit(),
        p.netPeaqAmount(),
        quoted,
        slippageBps,
        max,
        balance,
        allowance,
        p.netPeaqAmount().signum() > 0 && allowance.compareTo(max) < 0);
  }

  /**
   * The activation paid in USDT: the quote checked against {@code maxUsdtAmount} ({@code
   * MAX_USDT_EXCEEDED}) and the USDT balance against the quote ({@code INSUFFICIENT_BALANCE},
   * contract {@code usdt_token}) before anything is sent; an approval of exactly {@code
   * maxUsdtAmount} to the provision pool only when the allowance is short (never a second one); a
   * re-quote; {@code activateMachineWithUsdt} bounded by {@code maxUsdtAmount} (simulated by the
   * gas estimate before it is signed; a quote that moved past the bound reverts there with {@code
   * SLIPPAGE_EXCEEDED}); the receipt's events ({@code PaidWithUsdt} exactly when the net is not
   * zero, for the net, at most the bound) and a re-read of the state.
   *
   * @param params bound to a preview's machine id as on the PEAQ rail ({@code maxNetPeaqAmount} is
   *     checked too when set)
   * @param maxUsdtAmount the accepted USDT bound, usually the preview's {@code maxUsdtAmount}
   * @throws PendingTransactionException when a sent transaction has no receipt in time
   */
  public UsdtActivationResult activateMachineWithUsdt(
      ActivationParams params, BigInteger maxUsdtAmount) {
    Objects.requireNonNull(maxUsdtAmount, "maxUsdtAmount");
    if (maxUsdtAmount.signum() < 0 || maxUsdtAmount.compareTo(UINT256_MAX) > 0) {
      throw new ValidationException(
          "max_usdt_amount", "max_usdt_amount must be between 0 and 2^256-1, was " + maxUsdtAmount);
    }
    UsdtActivationPreview p = previewMachineActivationWithUsdt(params, 0);
    BigInteger id = p.machineId();
    if (subscription(id).activated()) {
      throw ActivationException.of(
          "ALREADY_ACTIVATED", "machine_subscription", "machine " + id + " is already activated");
    }
    checkCap(params, p.netPeaqAmount());
    checkUsdtFunding(p.netPeaqAmount(), p.quotedUsdtAmount(), maxUsdtAmount, p.balance());
    String approvalHash = null;
    if (p.netPeaqAmount().signum() > 0 && p.currentAllowance().compareTo(maxUsdtAmount) < 0) {
      try {
        approvalHash =
            send(
                    "approval",
                    "usdt_token",
                    p.usdtToken(),
                    Abi.encodeCall(
                        "approve",
                        new Address(deployment.subscriptionTokenProvisionPool()),
                        new Uint256(maxUsdtAmount)))
                .transactionHash();
      } catch (ActivationException e) {
        throw new ActivationException(
            "APPROVAL_FAILED",
            "the approval of " + maxUsdtAmount + " USDT units failed: " + e.getMessage(),
            "usdt_token",
            e.solidityError(),
            e.revertData(),
            e.transactionHash());
      }
    }
    Quote again = quote(params.tier(), p.signer());
    checkCap(params, again.net);
    BigInteger quotedAgain = quoteUsdt(again.net);
    BigInteger balanceAgain =
        uint(p.usdtToken(), Abi.encodeCall("balanceOf", new Address(p.signer())), "usdt_token");
    checkUsdtFunding(again.net, quotedAgain, maxUsdtAmount, balanceAgain);
    if (again.net.signum() > 0
        && usdtAllowance(p.usdtToken(), p.signer()).compareTo(maxUsdtAmount) < 0) {
      throw ActivationException.of(
          "ALLOWANCE_INSUFFICIENT",
          "usdt_token",
          "the USDT allowance to the provision pool no longer covers "
              + maxUsdtAmount
              + " after the approval; no second approval is sent");
    }
    TxReceipt receipt =
        send(
            "activation",
            "machine_state_and_sync",
            deployment.machineStateAndSync(),
            encode(
                ACTIVATE_MACHINE_WITH_USDT,
                document(params),
                new Utf8String(params.machineType()),
                new DynamicBytes(params.credentialSubject()),
                new Address(params.manufacturer()),
                new Uint8(params.tier().code()),
                new Uint256(maxUsdtAmount)));
    ActivationResult result = verify(params, id, p.signer(), receipt, approvalHash, true);
    BigInteger paid = paidWithUsdt(receipt, p.signer(), result.netPeaqAmount(), maxUsdtAmount);
    return new UsdtActivationResult(result, p.usdtToken(), maxUsdtAmount, paid);
  }

  /**
   * {@code MachineSubscription.renewWithUsdt(id, maxUsdtAmount)} on the stored tier: the USDT quote
   * of the net bond checked against the bound and the balance, an approval of exactly {@code
   * maxUsdtAmount} to the provision pool only when the allowance is short, then the call.
   */
  public TxReceipt renewWithUsdt(BigInteger machineId, BigInteger maxUsdtAmount) {
    Objects.requireNonNull(maxUsdtAmount, "maxUsdtAmount");
    Quote q = quote(subscription(machineId).tier(), address());
    String token = usdtToken();
    BigInteger quoted = quoteUsdt(q.net);
    BigInteger balance =
        uint(token, Abi.encodeCall("balanceOf", new Address(address())), "usdt_token");
    checkUsdtFunding(q.net, quoted, maxUsdtAmount, balance);
    if (q.net.signum() > 0 && usdtAllowance(token, address()).compareTo(maxUsdtAmount) < 0) {
      write(
          "approval",
          "usdt_token",
          token,
          Abi.encodeCall(
              "approve",
              new Address(deployment.subscriptionTokenProvisionPool()),
              new Uint256(maxUsdtAmount)));
    }
    return write(
        "renew",
        "machine_subscription",
        deployment.machineSubscription(),
        Abi.encodeCall("renewWithUsdt", new Uint256(machineId), new Uint256(maxUsdtAmount)));
  }

  /** The provision pool's USDT token ({@code usdtToken()}). */
  public String usdtToken() {
    String token =
        address(
            deployment.subscriptionTokenProvisionPool(),
            Abi.encodeCall("usdtToken"),
            "subscription_token_provision_pool");
    if (new BigInteger(token.substring(2), 16).signum() == 0) {
      throw ActivationException.of(
          "PROVISION_POOL_NOT_CONFIGURED",
          "subscription_token_provision_pool",
          "the provision pool "
              + deployment.subscriptionTokenProvisionPool()
              + " has no USDT token; pay in PEAQ");
    }
    return token;
  }

  /** The pool's USDT quote for {@code netPeaq}; zero without a read when the net is zero. */
  private BigInteger quoteUsdt(BigInteger netPeaq) {
    if (netPeaq.signum() == 0) {
      return BigInteger.ZERO;
    }
    return uint(
        deployment.subscriptionTokenProvisionPool(),
        Abi.encodeCall("quoteUsdtForPeaq", new Uint256(netPeaq)),
        "subscription_token_provision_pool");
  }

  private BigInteger usdtAllowance(String token, String owner) {
    return uint(
        token,
        Abi.encodeCall(
            "allowance",
            new Address(owner),
            new Address(deployment.subscriptionTokenProvisionPool())),
        "usdt_token");
  }

  private static void checkUsdtFunding(
      BigInteger net, BigInteger quoted, BigInteger max, BigInteger balance) {
    if (net.signum() == 0) {
      return;
    }
    if (quoted.compareTo(max) > 0) {
      throw ActivationException.of(
          "MAX_USDT_EXCEEDED",
          "subscription_token_provision_pool",
          "the current USDT quote "
              + quoted
              + " exceeds max_usdt_amount "
              + max
              + "; nothing was sent");
    }
    if (balance.compareTo(quoted) < 0) {
      throw ActivationException.of(
          "INSUFFICIENT_BALANCE",
          "usdt_token",
          "activation requires "
              + quoted
              + " USDT units (6 decimals) but the signer holds "
              + balance
              + "; nothing was sent");
    }
  }

  /**
   * The receipt's {@code PaidWithUsdt} from MachineSubscription: exactly one when {@code net} is
   * not zero (payer the signer, PEAQ amount the net, USDT at most the bound), none otherwise.
   */
  private BigInteger paidWithUsdt(TxReceipt receipt, String payer, BigInteger net, BigInteger max) {
    List<LogEntry> paid = receipt.logs(deployment.machineSubscription(), TOPIC_PAID_USDT);
    String hash = receipt.transactionHash();
    if (net.signum() == 0) {
      if (!paid.isEmpty()) {
        throw new ActivationException(
            "EVENT_MISMATCH",
            "a zero-net activation emitted PaidWithUsdt",
            "machine_subscription",
            null,
            null,
            hash);
      }
      return BigInteger.ZERO;
    }
    if (paid.size() != 1) {
      throw new ActivationException(
          "EVENT_MISMATCH",
          "the activation receipt holds " + paid.size() + " PaidWithUsdt; expected exactly one",
          "machine_subscription",
          null,
          null,
          hash);
    }
    LogEntry e = paid.get(0);
    List<Object> amounts = Abi.decode(e.data(), "uint256", "uint256");
    BigInteger peaq = (BigInteger) amounts.get(0);
    BigInteger usdt = (BigInteger) amounts.get(1);
    String operator = e.topicAsAddress(1);
    if (!operator.equalsIgnoreCase(payer) || !peaq.equals(net) || usdt.compareTo(max) > 0) {
      throw new ActivationException(
          "EVENT_MISMATCH",
          "PaidWithUsdt (operator "
              + operator
              + ", "
              + peaq
              + " wei PEAQ, "
              + usdt
              + " USDT units) does not match the bounded payment of "
              + net
              + " wei by "
              + payer
              + " for at most "
              + max,
          "machine_subscription",
          null,
          null,
          hash);
    }
    return usdt;
  }

  // ---- state --------------------------------------------------------------------------------

  /**
   * Owner, controller, subscription and home of a machine.
   *
   * @throws ActivationException {@code MACHINE_NOT_FOUND} for an id with no machine
   */
  public MachineActivationState getMachineActivationState(BigInteger machineId) {
    String owner =
        address(
            deployment.machineRegistry(),
            Abi.encodeCall("ownerOf", new Uint256(machineId)),
            "machine_registry");
    String controller =
        address(
            deployment.machineRegistry(),
            Abi.encodeCall("controllerOf", new Uint256(machineId)),
            "machine_registry");
    boolean homed =
        bool(
            deployment.crossChainMirror(),
            Abi.encodeCall("isHomedLocally", new Uint256(machineId)),
            "cross_chain_mirror");
    boolean suspended =
        bool(
            deployment.machineStateAndSync(),
            Abi.encodeCall("isOperatorPaused", new Uint256(machineId)),
            "machine_state_and_sync");
    return new MachineActivationState(
        machineId, owner, controller, subscription(machineId), homed, suspended);
  }

  /** {@code subscriptions(id)} and {@code subscriptionStatus(id)}; all zero for an unknown id. */
  public Subscription subscription(BigInteger machineId) {
    String data =
        call(
            deployment.machineSubscription(),
            Abi.encodeCall("subscriptions", new Uint256(machineId)),
            "machine_subscription");
    List<Object> v = Abi.decode(data, "uint8", "uint64", "uint64", "uint256", "uint256");
    BigInteger status =
        uint(
            deployment.machineSubscription(),
            Abi.encodeCall("subscriptionStatus", new Uint256(machineId)),
            "machine_subscription");
    return new Subscription(
        Tier.of(((BigInteger) v.get(0)).intValue()),
        ((BigInteger) v.get(1)).longValue(),
        ((BigInteger) v.get(2)).longValue(),
        (BigInteger) v.get(3),
        (BigInteger) v.get(4),
        status.intValue());
  }

  // ---- machine writes -----------------------------------------------------------------------
  //
  // Each is one transaction through the pipeline (operation = the method name), a revert decoded
  // into the official code (NOT_OWNER_OR_CONTROLLER, NOT_MACHINE_OWNER, NOT_ACTIVE, ...).

  /**
   * {@code MachineRegistry.setController} (owner only). The zero address clears the controller and
   * must be confirmed with {@code allowZero}.
   */
  public TxReceipt setController(BigInteger machineId, String newController, boolean allowZero) {
    if (new BigInteger(newController.substring(2), 16).signum() == 0 && !allowZero) {
      throw new ValidationException(
          "newController",
          "setting the controller to the zero address clears it; confirm explicitly to do so");
    }
    return write(
        "setController",
        "machine_registry",
        deployment.machineRegistry(),
        Abi.encodeCall("setController", new Uint256(machineId), new Address(newController)));
  }

  /** {@code MachineRegistry.setVerificationMethods}: replaces the whole array. */
  public TxReceipt setVerificationMethods(BigInteger machineId, List<VerificationMethod> methods) {
    List<DynamicStruct> list = new ArrayList<>();
    methods.forEach(m -> list.add(methodStruct(m)));
    return write(
        "setVerificationMethods",
        "machine_registry",
        deployment.machineRegistry(),
        encode(
            "setVerificationMethods(uint256,(string,string,address,string)[])",
            new Uint256(machineId),
            array(DynamicStruct.class, list)));
  }

  /** {@code MachineRegistry.setAuthentication}: replaces the whole array of method indices. */
  public TxReceipt setAuthentication(BigInteger machineId, List<BigInteger> indices) {
    List<Uint256> list = new ArrayList<>();
    indices.forEach(i -> list.add(new Uint256(i)));
    return write(
        "setAuthentication",
        "machine_registry",
        deployment.machineRegistry(),
        encode(
            "setAuthentication(uint256,uint256[])",
            new Uint256(machineId),
            array(Uint256.class, list)));
  }

  /** {@code MachineRegistry.setServiceEndpoints}: replaces the whole array. */
  public TxReceipt setServiceEndpoints(BigInteger machineId, List<ServiceEndpoint> endpoints) {
    List<DynamicStruct> list = new ArrayList<>();
    endpoints.forEach(e -> list.add(endpointStruct(e)));
    return write(
        "setServiceEndpoints",
        "machine_registry",
        deployment.machineRegistry(),
        encode(
            "setServiceEndpoints(uint256,(string,string,string)[])",
            new Uint256(machineId),
            array(DynamicStruct.class, list)));
  }

  /** {@code MachineStateAndSync.suspend} (owner or controller; NOT_ACTIVE when suspended). */
  public TxReceipt suspend(BigInteger machineId) {
    return write(
        "suspend",
        "machine_state_and_sync",
        deployment.machineStateAndSync(),
        Abi.encodeCall("suspend", new Uint256(machineId)));
  }

  /** {@code MachineStateAndSync.resume} (owner or controller; NOT_SUSPENDED when not suspended). */
  public TxReceipt resume(BigInteger machineId) {
    return write(
        "resume",
        "machine_state_and_sync",
        deployment.machineStateAndSync(),
        Abi.encodeCall("resume", new Uint256(machineId)));
  }

  /**
   * {@code MachineSubscription.activate(id, tier)} for an existing machine never activated: the net
   * bond approved exactly when the allowance is short, then the call.
   */
  public TxReceipt activateSubscription(BigInteger machineId, Tier tier) {
    if (subscription(machineId).activated()) {
      // Before any approval: an approval for a call that must revert would be spent for nothing.
      throw ActivationException.of(
          "ALREADY_ACTIVATED",
          "machine_subscription",
          "machine " + machineId + " is already activated");
    }
    approveNetBond(tier);
    return write(
        "activateSubscription",
        "machine_subscription",
        deployment.machineSubscription(),
        Abi.encodeCall("activate", new Uint256(machineId), new Uint8(tier.code())));
  }

  /**
   * {@code MachineSubscription.renew(id)} on the stored tier: the net bond approved exactly when
   * the allowance is short, then the call.
   */
  public TxReceipt renew(BigInteger machineId) {
    approveNetBond(subscription(machineId).tier());
    return write(
        "renew",
        "machine_subscription",
        deployment.machineSubscription(),
        Abi.encodeCall("renew", new Uint256(machineId)));
  }

  private void approveNetBond(Tier tier) {
    Quote q = quote(tier, address());
    BigInteger balance =
        uint(q.token, Abi.encodeCall("balanceOf", new Address(address())), "peaq_token");
    if (balance.compareTo(q.net) < 0) {
      throw ActivationException.of(
          "INSUFFICIENT_BALANCE",
          "peaq_token",
          address() + " holds " + balance + " wei PEAQ but the net bond is " + q.net + " wei");
    }
    if (q.net.signum() > 0 && allowance(q.token, address()).compareTo(q.net) < 0) {
      write(
          "approval",
          "peaq_token",
          q.token,
          Abi.encodeCall(
              "approve", new Address(deployment.machineSubscription()), new Uint256(q.net)));
    }
  }

  /**
   * 2.0 {@code EventRegistry.submitEvent}: the caller must be the machine's owner or controller and
   * its subscription Active or Grace ({@code SUBSCRIPTION_NOT_ELIGIBLE}).
   *
   * @param eventType 0 revenue, 1 activity
   * @param currency 3-10 upper-case letters or digits for revenue, empty for activity
   * @param dataHash 32 bytes (keccak256 of the raw data, or zeros)
   * @param trustLevel 0 self, 1 onchain, 2 hardware
   */
  public TxReceipt submitEvent(
      BigInteger machineId,
      int eventType,
      BigInteger value,
      String currency,
      long timestamp,
      byte[] dataHash,
      int trustLevel,
      BigInteger sourceChainId,
      byte[] sourceTxHash,
      byte[] metadata) {
    String registry =
        deployment
            .eventRegistryAddress()
            .orElseThrow(
                () ->
                    new Econ2Exception(
                        "DEPLOYMENT_UNAVAILABLE",
                        "deployment " + deployment.deploymentId() + " records no EventRegistry"));
    return write(
        "submitEvent",
        "event_registry",
        registry,
        encode(
            "submitEvent(uint256,uint8,uint256,string,uint256,bytes32,uint8,uint256,bytes32,bytes)",
            new Uint256(machineId),
            new Uint8(eventType),
            new Uint256(value),
            new Utf8String(currency),
            new Uint256(timestamp),
            new Bytes32(dataHash),
            new Uint8(trustLevel),
            new Uint256(sourceChainId),
            new Bytes32(sourceTxHash),
            new DynamicBytes(metadata)));
  }

  // ---- internals ----------------------------------------------------------------------------

  private record Quote(String token, BigInteger bond, BigInteger credit, BigInteger net) {}

  private Quote quote(Tier tier, String operator) {
    BigInteger bond =
        uint(
            deployment.machineSubscription(),
            Abi.encodeCall("requiredPeaqAmount", new Uint8(tier.code())),
            "machine_subscription");
    BigInteger pending =
        uint(
            deployment.machineSubscription(),
            Abi.encodeCall("pendingVoucherCredit", new Address(operator)),
            "machine_subscription");
    BigInteger credit = pending.min(bond);
    String token = address(deployment.infoDesk(), Abi.encodeCall("peaqToken"), "info_desk");
    return new Quote(token, bond, credit, bond.subtract(credit));
  }

  private BigInteger allowance(String token, String owner) {
    return uint(
        token,
        Abi.encodeCall(
            "allowance", new Address(owner), new Address(deployment.machineSubscription())),
        "peaq_token");
  }

  private static void checkCap(ActivationParams params, BigInteger net) {
    if (params.maxNetPeaqAmount() != null && net.compareTo(params.maxNetPeaqAmount()) > 0) {
      throw ActivationException.of(
          "MAX_NET_PEAQ_EXCEEDED",
          "machine_subscription",
          "the net bond is now "
              + net
              + " wei, above the accepted maximum "
              + params.maxNetPeaqAmount()
              + " wei; nothing was sent");
    }
  }

  private void checkNotPaused(BigInteger machineId) {
    if (bool(
            deployment.machineStateAndSync(),
            Abi.encodeCall("isTechnicalPausedGlobal"),
            "machine_state_and_sync")
        || bool(
            deployment.machineStateAndSync(),
            Abi.encodeCall("isTechnicalPaused", new Uint256(machineId)),
            "machine_state_and_sync")) {
      throw ActivationException.of(
          "TECHNICALLY_PAUSED",
          "machine_state_and_sync",
          "activations are technically paused (globally or for machine " + machineId + ")");
    }
  }

  Signer signer() {
    if (signer == null) {
      throw ValidationException.required("PEAQOS_PRIVATE_KEY");
    }
    return signer;
  }

  /**
   * One transaction through the pipeline: a revert in the gas estimate (the simulation) or in the
   * block becomes an {@link ActivationException} with the decoded error; no receipt in time becomes
   * a {@link PendingTransactionException} with the phase, hash and nonce.
   */
  TxReceipt send(String phase, String contractRole, String to, String data) {
    SignedTransaction[] last = new SignedTransaction[1];
    TransactionObserver tracking =
        new TransactionObserver() {
          @Override
          public void beforeBroadcast(String operation, SignedTransaction tx) {
            observer.beforeBroadcast(operation, tx);
            last[0] = tx;
          }

          @Override
          public void onRefused(
              String operation, SignedTransaction tx, BroadcastRejectedException refusal) {
            observer.onRefused(operation, tx, refusal);
            last[0] = null;
          }

          @Override
          public void afterReceipt(String operation, TxReceipt receipt) {
            observer.afterReceipt(operation, receipt);
          }
        };
    try {
      return pipeline.send(
          phase,
          TransactionPipeline.steps(signer(), TxRequest.call(to, data)),
          tracking,
          chain.receiptTimeout());
    } catch (ReceiptTimeoutException e) {
      SignedTransaction tx = last[0];
      throw new PendingTransactionException(
          phase, tx == null ? e.txHash() : tx.hash(), tx == null ? null : tx.nonce(), e);
    } catch (ContractRevertException e) {
      throw Econ2Reverts.toActivationError(
          e, contractRole, last[0] == null ? null : last[0].hash());
    }
  }

  /** A write of a machine: a receipt, or an activation error with the decoded revert. */
  TxReceipt write(String phase, String contractRole, String to, String data) {
    return send(phase, contractRole, to, data);
  }

  String call(String to, String data, String contractRole) {
    try {
      return chain.call(to, data);
    } catch (ContractRevertException e) {
      throw Econ2Reverts.toActivationError(e, contractRole, null);
    } catch (RpcException e) {
      throw new ActivationException(
          "READ_FAILED",
          "a read of " + contractRole + " failed: " + e.getMessage(),
          contractRole,
          null,
          null,
          null);
    }
  }

  BigInteger uint(String to, String data, String role) {
    return (BigInteger) Abi.decodeOne(call(to, data, role), "uint256");
  }

  boolean bool(String to, String data, String role) {
    return (Boolean) Abi.decodeOne(call(to, data, role), "bool");
  }

  String address(String to, String data, String role) {
    return (String) Abi.decodeOne(call(to, data, role), "address");
  }

  private static <T> T read(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (RpcException e) {
      throw new ActivationException("READ_FAILED", e.getMessage());
    }
  }

  private static String role(String key) {
    return key.toLowerCase(java.util.Locale.ROOT);
  }

  /** The DID document tuple; its id is always empty (the contract derives the DID). */
  static DynamicStruct document(ActivationParams p) {
    List<DynamicStruct> methods = new ArrayList<>();
    for (VerificationMethod m : p.verificationMethods()) {
      methods.add(methodStruct(m));
    }
    List<Uint256> auth = new ArrayList<>();
    for (BigInteger i : p.authentication()) {
      auth.add(new Uint256(i));
    }
    List<DynamicStruct> endpoints = new ArrayList<>();
    for (ServiceEndpoint s : p.serviceEndpoints()) {
      endpoints.add(endpointStruct(s));
    }
    return new DynamicStruct(
        new Utf8String(""),
        new Address(p.controller()),
        array(DynamicStruct.class, methods),
        array(Uint256.class, auth),
        array(DynamicStruct.class, endpoints));
  }

  static DynamicStruct methodStruct(VerificationMethod m) {
    return new DynamicStruct(
        new Utf8String(m.id()),
        new Utf8String(m.methodType()),
        new Address(m.controller()),
        new Utf8String(m.publicKeyMultibase()));
  }

  static DynamicStruct endpointStruct(ServiceEndpoint s) {
    return new DynamicStruct(
        new Utf8String(s.id()),
        new Utf8String(s.serviceType()),
        new Utf8String(s.serviceEndpoint()));
  }

  static <T extends Type> DynamicArray<T> array(Class<T> type, List<T> values) {
    return new DynamicArray<>(type, values);
  }

  /** selector(signature) followed by the ABI encoding of {@code args}. */
  static String encode(String signature, Type<?>... args) {
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> list = new ArrayList<>(Immutables.list(args));
    return Abi.selector(signature)
        + (list.isEmpty() ? "" : FunctionEncoder.encodeConstructor(list));
  }
}
