package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.sdk.internal.chain.Abi;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.chain.FeeData;
import xyz.peaq.os.sdk.internal.chain.Hex;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.chain.SignedTransaction;
import xyz.peaq.os.sdk.chain.BroadcastRejectedException;
import xyz.peaq.os.sdk.internal.chain.TransactionSender;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.AlreadyRegisteredException;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.InsufficientBalanceException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.mcr.MachineProfile;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.McrResponse;
import xyz.peaq.os.sdk.mcr.OperatorMachines;

/**
 * The peaqOS client: machine registration, Machine NFT, DID attributes, events and views on one
 * network, signed by one key.
 *
 * <pre>{@code
 * try (PeaqosClient client = PeaqosClient.fromEnv()) {
 *   BigInteger machineId = client.registerMachine();
 *   NftMint nft = client.mintNft(machineId, client.address());
 *   client.writeMachineDIDAttributes(MachineDidAttributes.selfManaged(machineId, nft.tokenId(),
 *       "https://docs.example.com", "https://api.example.com"));
 * }
 * }</pre>
 *
 * Construction does no I/O. Before the first transaction the client checks once that the RPC's
 * chain id is the configured one and that every configured address holds the contract it claims
 * ({@link #verify()}). Thread-safe; transactions of one signer from many threads get distinct nonces.
 */
public final class PeaqosClient implements AutoCloseable {
  /** Attribute names of reference §5.3. */
  public static final String ATTR_MACHINE_ID = "machineId";
  public static final String ATTR_NFT_TOKEN_ID = "nftTokenId";
  public static final String ATTR_OPERATOR = "operator";
  public static final String ATTR_DOCUMENTATION_URL = "documentation_url";
  public static final String ATTR_DATA_API = "data_api";
  public static final String ATTR_DATA_VISIBILITY = "data_visibility";
  public static final String ATTR_MACHINES = "machines";
  /** Size limits of the DID pallet. */
  public static final int DID_MAX_NAME_BYTES = 64;
  public static final int DID_MAX_VALUE_BYTES = 2560;
  /** Most machine ids kept in a proxy's {@code machines} attribute. */
  public static final int PROXY_MACHINES_CAP = 100;

  /** Gas assumed for a registration when it cannot be estimated (the wallet cannot even pay the bond). */
  private static final BigInteger REGISTER_GAS_FALLBACK = BigInteger.valueOf(400_000);

  private final PeaqosConfig config;
  private final ChainClient chain;
  private final boolean ownsChain;
  private final TransactionSender sender;
  private final Clock clock;
  private final EventRateWindow eventWindow;
  private final boolean verifyBeforeWrite;
  private final TransactionObserver observer;
  private volatile boolean verified;
  private volatile McrClient mcrClient;

  private PeaqosClient(PeaqosConfig config, ChainClient chain, boolean ownsChain, Clock clock, boolean verifyBeforeWrite,
      TransactionObserver observer) {
    this.config = config;
    this.chain = chain;
    this.ownsChain = ownsChain;
    this.sender = config.privateKey() == null ? null : chain.sender(config.privateKey());
    this.clock = clock;
    this.eventWindow = new EventRateWindow(config.operationalLimits());
    this.verifyBeforeWrite = verifyBeforeWrite;
    this.observer = observer;
  }

  /** A client from the process environment and {@code ./.env} (see {@link PeaqosConfig#fromEnv(EnvSource)}). */
  public static PeaqosClient fromEnv() {
    return create(PeaqosConfig.fromEnv());
  }

  /** A client from an explicit variable source. */
  public static PeaqosClient fromEnv(EnvSource env) {
    return create(PeaqosConfig.fromEnv(env));
  }

  /** A client with default chain options. */
  public static PeaqosClient create(PeaqosConfig config) {
    return builder().config(config).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new random keypair, made locally (no chain call). */
  public static Keypair generateKeypair() {
    try {
      Credentials c = Credentials.create(Keys.createEcKeyPair());
      return new Keypair(c.getAddress(), org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no secure random source for key generation", e);
    }
  }

  /**
   * A client on the same chain connection and configuration signing with another key, e.g. a
   * machine's own key for its DID. Nonces stay shared per address.
   */
  public PeaqosClient withSigner(String privateKey) {
    PeaqosClient c = new PeaqosClient(config.withPrivateKey(PeaqosConfig.checkKey("privateKey", privateKey)), chain,
        false, clock, verifyBeforeWrite, observer);
    c.verified = verified;
    return c;
  }

  /** The signer's checksummed address. */
  public String address() {
    return signer().address();
  }

  /** The signer's DID. */
  public Did did() {
    return Did.of(address());
  }

  public PeaqosConfig config() {
    return config;
  }

  /** The chain layer under this client (shared with {@link #withSigner}). */
  public ChainClient chain() {
    return chain;
  }

  // ------------------------------------------------------------------ verification

  /**
   * Checks the chain id against the configuration and each address: code present and the contract
   * answers as its kind (IdentityRegistry {@code minBond()}, IdentityStaking {@code isStaked(0)},
   * MachineNFT {@code tokenIdOf(0)}, EventRegistry {@code identityRegistryAddress()} equal to the
   * configured registry and {@code identityStakingAddress()} to the configured staking). The DID and
   * batch addresses must be peaq's fixed precompiles; real chains report no code there, the devnet's
   * emulations must have code.
   *
   * @throws ValidationException naming the variable at fault, listing every problem found
   */
  public VerificationReport verify() {
    List<String> checks = new ArrayList<>();
    long actual = chain.fetchChainId();
    if (config.chainId() != null && actual != config.chainId()) {
      throw new ValidationException(PeaqosConfig.PEAQOS_RPC_URL, "PEAQOS_RPC_URL answers chain id " + actual + " but "
          + (config.network() == null ? "PEAQOS_CHAIN_ID" : "network " + config.network().id()) + " expects "
          + config.chainId() + "; point PEAQOS_RPC_URL at the right network");
    }
    checks.add("chain id " + actual);
    ContractAddresses c = config.contracts();
    Map<String, Kind> expected = new LinkedHashMap<>();
    expected.put(PeaqosConfig.IDENTITY_REGISTRY_ADDRESS, Kind.IDENTITY_REGISTRY);
    expected.put(PeaqosConfig.IDENTITY_STAKING_ADDRESS, Kind.IDENTITY_STAKING);
    expected.put(PeaqosConfig.EVENT_REGISTRY_ADDRESS, Kind.EVENT_REGISTRY);
    expected.put(PeaqosConfig.MACHINE_NFT_ADDRESS, Kind.MACHINE_NFT);
    Map<String, String> addressOf = Map.of(PeaqosConfig.IDENTITY_REGISTRY_ADDRESS, c.identityRegistry(),
        PeaqosConfig.IDENTITY_STAKING_ADDRESS, c.identityStaking(), PeaqosConfig.EVENT_REGISTRY_ADDRESS, c.eventRegistry(),
        PeaqosConfig.MACHINE_NFT_ADDRESS, c.machineNft());
    List<String[]> problems = new ArrayList<>();
    for (Map.Entry<String, Kind> e : expected.entrySet()) {
      String var = e.getKey();
      String addr = addressOf.get(var);
      if (!chain.hasCode(addr)) {
        problems.add(new String[] {var, var + " " + addr + " has no contract code on chain " + actual});
        continue;
      }
      if (e.getValue().probe(this, addr)) {
        checks.add(var + " " + addr + " is " + e.getValue().withArticle);
        continue;
      }
      Optional<Kind> actualKind = java.util.Arrays.stream(Kind.values()).filter(k -> k != e.getValue() && k.probe(this, addr)).findFirst();
      if (actualKind.isPresent()) {
        String other = expected.entrySet().stream().filter(x -> x.getValue() == actualKind.get()).map(Map.Entry::getKey).findFirst().orElse("?");
        problems.add(new String[] {var, var + " " + addr + " is " + actualKind.get().withArticle + ", not " + e.getValue().withArticle
            + "; it looks swapped with " + other});
      } else {
        problems.add(new String[] {var, var + " " + addr + " does not answer as " + e.getValue().withArticle});
      }
    }
    if (problems.isEmpty()) {
      String reg = (String) Abi.decodeOne(chain.call(c.eventRegistry(), Abi.encodeCall("identityRegistryAddress")), "address");
      if (!Addresses.same(reg, c.identityRegistry())) {
        problems.add(new String[] {PeaqosConfig.IDENTITY_REGISTRY_ADDRESS, "EVENT_REGISTRY_ADDRESS " + c.eventRegistry()
            + " belongs to IdentityRegistry " + reg + ", but IDENTITY_REGISTRY_ADDRESS is " + c.identityRegistry()});
      }
      String stk = (String) Abi.decodeOne(chain.call(c.eventRegistry(), Abi.encodeCall("identityStakingAddress")), "address");
      if (!Addresses.same(stk, c.identityStaking())) {
        problems.add(new String[] {PeaqosConfig.IDENTITY_STAKING_ADDRESS, "EVENT_REGISTRY_ADDRESS " + c.eventRegistry()
            + " belongs to IdentityStaking " + stk + ", but IDENTITY_STAKING_ADDRESS is " + c.identityStaking()});
      }
      if (problems.isEmpty()) {
        checks.add("EventRegistry points at the configured IdentityRegistry and IdentityStaking");
      }
    }
    boolean didOk = Addresses.same(c.didRegistry(), Addresses.DID_PRECOMPILE);
    boolean batchOk = Addresses.same(c.batchPrecompile(), Addresses.BATCH_PRECOMPILE);
    if (!didOk || !batchOk) {
      boolean swapped = Addresses.same(c.didRegistry(), Addresses.BATCH_PRECOMPILE) && Addresses.same(c.batchPrecompile(), Addresses.DID_PRECOMPILE);
      if (swapped) {
        problems.add(new String[] {PeaqosConfig.DID_REGISTRY_ADDRESS, "DID_REGISTRY_ADDRESS and BATCH_PRECOMPILE_ADDRESS are swapped: the DID precompile is "
            + Addresses.DID_PRECOMPILE + ", the batch precompile " + Addresses.BATCH_PRECOMPILE});
      } else {
        if (!didOk) {
          problems.add(new String[] {PeaqosConfig.DID_REGISTRY_ADDRESS, "DID_REGISTRY_ADDRESS must be peaq's DID precompile " + Addresses.DID_PRECOMPILE
              + "; got " + c.didRegistry()});
        }
        if (!batchOk) {
          problems.add(new String[] {PeaqosConfig.BATCH_PRECOMPILE_ADDRESS, "BATCH_PRECOMPILE_ADDRESS must be peaq's batch precompile "
              + Addresses.BATCH_PRECOMPILE + "; got " + c.batchPrecompile()});
        }
      }
    } else if (config.network() == Network.DEVNET) {
      // Real precompiles report no code; the devnet's emulations are contracts and must be there.
      if (!chain.hasCode(c.didRegistry())) {
        problems.add(new String[] {PeaqosConfig.DID_REGISTRY_ADDRESS, "the devnet has no DID precompile emulation at " + c.didRegistry()});
      }
      if (!chain.hasCode(c.batchPrecompile())) {
        problems.add(new String[] {PeaqosConfig.BATCH_PRECOMPILE_ADDRESS, "the devnet has no batch precompile emulation at " + c.batchPrecompile()});
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems.get(0)[0], "Configuration does not match chain " + actual + ": "
          + problems.stream().map(p -> p[1]).collect(Collectors.joining("; ")));
    }
    checks.add("DID precompile " + c.didRegistry() + ", batch precompile " + c.batchPrecompile());
    verified = true;
    return new VerificationReport(actual, checks);
  }

  private enum Kind {
    IDENTITY_REGISTRY("IdentityRegistry") {
      @Override
      boolean probe(PeaqosClient c, String a) {
        return c.answers(a, Abi.encodeCall("minBond"), "uint256");
      }
    },
    IDENTITY_STAKING("IdentityStaking") {
      @Override
      boolean probe(PeaqosClient c, String a) {
        return c.answers(a, Abi.encodeCall("isStaked", new Uint256(0)), "bool");
      }
    },
    EVENT_REGISTRY("EventRegistry") {
      @Override
      boolean probe(PeaqosClient c, String a) {
        return c.answers(a, Abi.encodeCall("identityRegistryAddress"), "address");
      }
    },
    MACHINE_NFT("MachineNFT") {
      @Override
      boolean probe(PeaqosClient c, String a) {
        return c.answers(a, Abi.encodeCall("tokenIdOf", new Uint256(0)), "uint256");
      }
    };

    final String label;
    final String withArticle;

    Kind(String label) {
      this.label = label;
      this.withArticle = ("AEIOU".indexOf(label.charAt(0)) >= 0 ? "an " : "a ") + label;
    }

    abstract boolean probe(PeaqosClient c, String address);
  }

  private boolean answers(String address, String data, String type) {
    try {
      String out = chain.call(address, data);
      return Hex.strip0x(out).length() == 64 && Abi.decode(out, type).size() == 1;
    } catch (ContractRevertException | IllegalArgumentException e) {
      return false;
    }
  }

  private void beforeWrite() {
    if (verifyBeforeWrite && !verified) {
      synchronized (this) {
        if (!verified) {
          verify();
        }
      }
    }
  }

  // ------------------------------------------------------------------ registration

  /**
   * Registers the signer as a machine, sending {@code minBond()} as the bond.
   *
   * @return the new machine id, read from the receipt
   * @throws AlreadyRegisteredException naming the existing machine id
   * @throws InsufficientBalanceException when the balance is below bond + gas × fee cap (nothing is sent)
   */
  public BigInteger registerMachine() {
    return register(address(), Abi.encodeCall("register"), "register");
  }

  /**
   * Registers {@code machineAddress} with the signer as its operator (proxy mode). The signer pays
   * the bond and must itself be a registered machine.
   *
   * @return the new machine id
   * @throws AlreadyRegisteredException when the machine address is registered already
   * @throws InsufficientBalanceException when the operator cannot pay bond + gas
   */
  public BigInteger registerFor(String machineAddress) {
    String machine = Addresses.require("machineAddress", machineAddress);
    return register(machine, Abi.encodeCall("registerFor", new Address(machine)), "registerFor");
  }

  private BigInteger register(String wallet, String data, String operation) {
    TransactionSender s = signer();
    beforeWrite();
    String registry = config.contracts().identityRegistry();
    BigInteger existing = machineIdOf(wallet);
    if (existing.signum() > 0) {
      throw new AlreadyRegisteredException(wallet, existing, null, null);
    }
    BigInteger bond = minBond();
    FeeData fees = chain.feeData();
    BigInteger balance = chain.balance(s.address());
    BigInteger gasLimit;
    if (balance.compareTo(bond) < 0) {
      gasLimit = chain.gasPolicy().limitFor(registry, REGISTER_GAS_FALLBACK);
      throw new InsufficientBalanceException(s.address(), bond.add(gasLimit.multiply(fees.maxFeePerGas())), balance);
    }
    try {
      gasLimit = chain.gasPolicy().limitFor(registry, chain.estimateGas(s.address(), registry, bond, data));
    } catch (ContractRevertException e) {
      throw mapRegisterRevert(e, wallet);
    } catch (RpcException e) {
      String m = String.valueOf(e.getMessage()).toLowerCase();
      if (m.contains("insufficient funds") || m.contains("exceeds allowance") || m.contains("gas required exceeds")) {
        gasLimit = chain.gasPolicy().limitFor(registry, REGISTER_GAS_FALLBACK);
        throw new InsufficientBalanceException(s.address(), bond.add(gasLimit.multiply(fees.maxFeePerGas())), balance);
      }
      throw e;
    }
    BigInteger required = bond.add(gasLimit.multiply(fees.maxFeePerGas()));
    if (balance.compareTo(required) < 0) {
      throw new InsufficientBalanceException(s.address(), required, balance);
    }
    TxReceipt receipt;
    try {
      receipt = send(operation, TxRequest.builder().to(registry).value(bond).data(data).gasLimit(gasLimit)
          .maxFeePerGas(fees.maxFeePerGas()).maxPriorityFeePerGas(fees.maxPriorityFeePerGas()).build());
    } catch (ContractRevertException e) {
      throw mapRegisterRevert(e, wallet);
    }
    return machineIdFromReceipt(receipt, registry, wallet);
  }

  private ContractRevertException mapRegisterRevert(ContractRevertException e, String wallet) {
    if ("AlreadyRegistered".equals(e.revertName())) {
      return new AlreadyRegisteredException(wallet, machineIdOf(wallet), e.revertData(), e.txHash());
    }
    return e;
  }

  static BigInteger machineIdFromReceipt(TxReceipt receipt, String registry, String wallet) {
    for (LogEntry l : receipt.logs()) {
      if (!Addresses.same(l.address(), registry) || l.topics().size() < 2) {
        continue;
      }
      String t0 = l.topic0();
      if (PeaqosAbi.REGISTERED.equals(t0) || PeaqosAbi.MACHINE_REGISTERED.equals(t0)) {
        return l.topicAsUint(1);
      }
    }
    for (LogEntry l : receipt.logs()) {
      if (Addresses.same(l.address(), registry) && PeaqosAbi.TRANSFER.equals(l.topic0()) && l.topics().size() == 4
          && l.topicAsUint(1).signum() == 0 && Addresses.same(l.topicAsAddress(2), wallet)) {
        return l.topicAsUint(3);
      }
    }
    throw new RpcException("receipt", "Registration " + receipt.transactionHash()
        + " succeeded but its receipt holds no Registered or mint Transfer log of " + registry, null);
  }

  // ------------------------------------------------------------------ Machine NFT

  /**
   * Mints the Machine NFT of {@code machineId} to {@code recipient}. The signer must be the
   * machine's wallet or its operator, and the machine bonded.
   *
   * @return the transaction hash and the new token id (from the {@code MachineMinted} log)
   * @throws ContractRevertException e.g. {@code MachineNotBonded}, {@code AlreadyMinted}, {@code NotMachineOwner}
   */
  public NftMint mintNft(BigInteger machineId, String recipient) {
    requirePositive("machineId", machineId);
    String to = Addresses.require("recipient", recipient);
    TransactionSender s = signer();
    beforeWrite();
    String nft = config.contracts().machineNft();
    TxReceipt r = send("mintNft", TxRequest.call(nft, Abi.encodeCall("mint", new Uint256(machineId), new Address(to))));
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), nft) && PeaqosAbi.MACHINE_MINTED.equals(l.topic0()) && l.topics().size() >= 2) {
        return new NftMint(r.transactionHash(), l.topicAsUint(1));
      }
    }
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), nft) && PeaqosAbi.TRANSFER.equals(l.topic0()) && l.topics().size() == 4
          && l.topicAsUint(1).signum() == 0) {
        return new NftMint(r.transactionHash(), l.topicAsUint(3));
      }
    }
    return new NftMint(r.transactionHash(), tokenIdOf(machineId));
  }

  /** The Machine NFT token id of a machine; 0 when none was minted. */
  public BigInteger tokenIdOf(BigInteger machineId) {
    requireNonNegative("machineId", machineId);
    return uint(config.contracts().machineNft(), Abi.encodeCall("tokenIdOf", new Uint256(machineId)));
  }

  // ------------------------------------------------------------------ views

  /** True when the machine id is registered. */
  public boolean machineExists(BigInteger machineId) {
    requireNonNegative("machineId", machineId);
    return bool(config.contracts().identityRegistry(), Abi.encodeCall("machineExists", new Uint256(machineId)));
  }

  /** The wallet of a machine (zero address when none). */
  public String machineWalletOf(BigInteger machineId) {
    requireNonNegative("machineId", machineId);
    return address(config.contracts().identityRegistry(), Abi.encodeCall("machineWalletOf", new Uint256(machineId)));
  }

  /** The operator of a machine registered with {@code registerFor}; the zero address for a self-managed one. */
  public String operatorOf(BigInteger machineId) {
    requireNonNegative("machineId", machineId);
    return address(config.contracts().identityRegistry(), Abi.encodeCall("operatorOf", new Uint256(machineId)));
  }

  /** True when the machine's bond sits in IdentityStaking. */
  public boolean isStaked(BigInteger machineId) {
    requireNonNegative("machineId", machineId);
    return bool(config.contracts().identityStaking(), Abi.encodeCall("isStaked", new Uint256(machineId)));
  }

  /** The registration bond in wei. */
  public BigInteger minBond() {
    return uint(config.contracts().identityRegistry(), Abi.encodeCall("minBond"));
  }

  /** Native balance in wei. */
  public BigInteger balanceOf(String address) {
    return chain.balance(Addresses.require("address", address));
  }

  /**
   * The machine id registered for a wallet, 0 when none. Asks {@code machineIdOfOwner(address)}
   * (the real IdentityRegistry), then {@code machineIdOf(address)} (SPEC §5).
   */
  public BigInteger machineIdOf(String wallet) {
    String w = Addresses.require("wallet", wallet);
    String registry = config.contracts().identityRegistry();
    ContractRevertException first;
    try {
      return uint(registry, Abi.encodeCall("machineIdOfOwner", new Address(w)));
    } catch (ContractRevertException e) {
      if ("MachineNotFound".equals(e.revertName())) {
        return BigInteger.ZERO;
      }
      first = e;
    } catch (IllegalArgumentException e) {
      first = null;
    }
    try {
      return uint(registry, Abi.encodeCall("machineIdOf", new Address(w)));
    } catch (ContractRevertException e) {
      if ("MachineNotFound".equals(e.revertName())) {
        return BigInteger.ZERO;
      }
      throw first != null ? first : e;
    }
  }

  // ------------------------------------------------------------------ DID

  /**
   * Reads a DID attribute through the precompile. A missing attribute makes the real precompile
   * revert "Cannot find the item" (or {@code EntryNotFound}); that is read as absent.
   */
  public Optional<DidAttribute> readAttribute(String address, String name) {
    String account = Addresses.require("address", address);
    byte[] nameBytes = checkName(name);
    String data = Abi.encodeCall("readAttribute", new Address(account), new DynamicBytes(nameBytes));
    String out;
    try {
      out = chain.call(config.contracts().didRegistry(), data);
    } catch (ContractRevertException e) {
      if (isNotFound(e.revertName(), e.getMessage())) {
        return Optional.empty();
      }
      throw e;
    } catch (RpcException e) {
      if (isNotFound(null, e.getMessage())) {
        return Optional.empty();
      }
      throw e;
    }
    String body = Hex.strip0x(out);
    if (body.length() < 64 * 5) {
      return Optional.empty();
    }
    // One dynamic tuple: skip its offset word, then its fields encode like top-level values.
    List<Object> f = Abi.decode("0x" + body.substring(64), "bytes", "bytes", "uint32", "uint256");
    byte[] storedName = Hex.decode((String) f.get(0));
    byte[] value = Hex.decode((String) f.get(1));
    if (storedName.length == 0 && value.length == 0) {
      return Optional.empty();
    }
    return Optional.of(new DidAttribute(name, value, ((BigInteger) f.get(2)).longValue(), (BigInteger) f.get(3)));
  }

  private static boolean isNotFound(String revertName, String message) {
    return "EntryNotFound".equals(revertName) || message != null && message.contains("Cannot find the item");
  }

  /**
   * Writes the machine attributes on the signer's DID (the signer must be the machine's own key)
   * in one {@code batchAll} through the batch precompile: {@code machineId}, {@code nftTokenId},
   * {@code operator}, {@code data_visibility}, and {@code documentation_url} / {@code data_api}
   * unless they are null (then they are not written). Idempotent: each attribute is read first;
   * absent ones are added, different ones updated, equal ones left alone; with nothing to do no
   * transaction is sent.
   *
   * @throws ValidationException for a bad field, e.g. an empty {@code documentationUrl} (the DID
   *     pallet refuses empty values; pass null to leave it out); nothing is sent
   */
  public DidWriteResult writeMachineDIDAttributes(MachineDidAttributes a) {
    return writeAttributes(machineAttributes(a));
  }

  /**
   * What {@link #writeMachineDIDAttributes} would do now, without sending: the attributes it would
   * add, update and leave alone on the signer's DID ({@code txHash} empty). Reads only.
   */
  public DidWriteResult previewMachineDIDAttributes(MachineDidAttributes a) {
    Map<String, String> attrs = machineAttributes(a);
    checkAttributes(attrs);
    DidPlan plan = plan(signer().address(), attrs);
    return new DidWriteResult(Optional.empty(), plan.added(), plan.updated(), plan.unchanged());
  }

  private Map<String, String> machineAttributes(MachineDidAttributes a) {
    Objects.requireNonNull(a, "attributes");
    requirePositive("machineId", a.machineId());
    requirePositive("nftTokenId", a.nftTokenId());
    String operator = a.operatorDid() == null || a.operatorDid().isBlank() ? did().toString()
        : Did.parse(a.operatorDid()).toString();
    String visibility = a.dataVisibility() == null ? MachineDidAttributes.PUBLIC : a.dataVisibility();
    if (!List.of(MachineDidAttributes.PUBLIC, MachineDidAttributes.PRIVATE, MachineDidAttributes.ONCHAIN).contains(visibility)) {
      throw new ValidationException("dataVisibility", "dataVisibility must be public, private or onchain; got \"" + visibility + "\"");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(ATTR_MACHINE_ID, a.machineId().toString());
    attrs.put(ATTR_NFT_TOKEN_ID, a.nftTokenId().toString());
    attrs.put(ATTR_OPERATOR, operator);
    if (a.documentationUrl() != null) {
      attrs.put(ATTR_DOCUMENTATION_URL, requireText("documentationUrl", a.documentationUrl()));
    }
    if (a.dataApi() != null) {
      attrs.put(ATTR_DATA_API, requireText("dataApi", a.dataApi()));
    }
    attrs.put(ATTR_DATA_VISIBILITY, visibility);
    return attrs;
  }

  /**
   * Writes the proxy operator's attributes on the signer's DID: {@code machineId} (the operator's
   * own id) and {@code machines}, a JSON array of the managed ids. Duplicates are dropped (the last
   * occurrence counts as newest) and only the newest 100 (the end of the list) are kept.
   */
  public DidWriteResult writeProxyDIDAttributes(BigInteger proxyMachineId, List<BigInteger> machineIds) {
    requirePositive("proxyMachineId", proxyMachineId);
    if (machineIds == null || machineIds.isEmpty()) {
      throw new ValidationException("machineIds", "machineIds must not be empty");
    }
    for (int i = 0; i < machineIds.size(); i++) {
      BigInteger id = machineIds.get(i);
      if (id == null || id.signum() <= 0) {
        throw new ValidationException("machineIds[" + i + "]", "machineIds[" + i + "] must be a positive integer");
      }
    }
    List<BigInteger> kept = proxyMachinesKept(machineIds);
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(ATTR_MACHINE_ID, proxyMachineId.toString());
    attrs.put(ATTR_MACHINES, kept.stream().map(BigInteger::toString).collect(Collectors.joining(", ", "[", "]")));
    return writeAttributes(attrs);
  }

  /** The ids a proxy's {@code machines} attribute keeps: duplicates dropped (last occurrence counts), the newest 100. */
  public static List<BigInteger> proxyMachinesKept(List<BigInteger> ids) {
    LinkedHashSet<BigInteger> ordered = new LinkedHashSet<>();
    for (BigInteger id : ids) {
      ordered.remove(id);
      ordered.add(id);
    }
    List<BigInteger> list = new ArrayList<>(ordered);
    return List.copyOf(list.subList(Math.max(0, list.size() - PROXY_MACHINES_CAP), list.size()));
  }

  private DidWriteResult writeAttributes(Map<String, String> attrs) {
    TransactionSender s = signer();
    checkAttributes(attrs);
    beforeWrite();
    DidPlan plan = plan(s.address(), attrs);
    if (plan.calls().isEmpty()) {
      return new DidWriteResult(Optional.empty(), plan.added(), plan.updated(), plan.unchanged());
    }
    int n = plan.calls().size();
    String did = config.contracts().didRegistry();
    List<Address> to = new ArrayList<>();
    List<Uint256> values = new ArrayList<>();
    List<Uint64> gas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      to.add(new Address(did));
      values.add(new Uint256(0));
      gas.add(new Uint64(0));
    }
    String data = Abi.encodeCall("batchAll", new DynamicArray<>(Address.class, to), new DynamicArray<>(Uint256.class, values),
        new DynamicArray<>(DynamicBytes.class, plan.calls()), new DynamicArray<>(Uint64.class, gas));
    TxReceipt r = send("writeDidAttributes", TxRequest.call(config.contracts().batchPrecompile(), data));
    return new DidWriteResult(Optional.of(r.transactionHash()), plan.added(), plan.updated(), plan.unchanged());
  }

  private static void checkAttributes(Map<String, String> attrs) {
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      checkName(e.getKey());
      if (e.getValue().getBytes(StandardCharsets.UTF_8).length > DID_MAX_VALUE_BYTES) {
        throw new ValidationException(e.getKey(), e.getKey() + " must be at most " + DID_MAX_VALUE_BYTES + " bytes of UTF-8");
      }
    }
  }

  /** The DID calls that bring {@code account}'s attributes to {@code attrs}, from a read of each. */
  private record DidPlan(List<String> added, List<String> updated, List<String> unchanged, List<DynamicBytes> calls) {}

  private DidPlan plan(String account, Map<String, String> attrs) {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<DynamicBytes> calls = new ArrayList<>();
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      Optional<DidAttribute> current = readAttribute(account, e.getKey());
      String fn;
      if (current.isEmpty()) {
        fn = "addAttribute";
        added.add(e.getKey());
      } else if (java.util.Arrays.equals(current.get().rawValue(), value)) {
        unchanged.add(e.getKey());
        continue;
      } else {
        fn = "updateAttribute";
        updated.add(e.getKey());
      }
      calls.add(new DynamicBytes(Hex.decode(Abi.encodeCall(fn, new Address(account), new DynamicBytes(name),
          new DynamicBytes(value), new Uint32(0)))));
    }
    return new DidPlan(added, updated, unchanged, calls);
  }

  // ------------------------------------------------------------------ events

  /**
   * Submits an event to the EventRegistry. Checked first, with no I/O: the rules of reference §2.7
   * ({@link EventValidator}), then the operational limits.
   *
   * @return the transaction hash and the {@code dataHash} sent
   * @throws ValidationException for a bad field
   * @throws xyz.peaq.os.sdk.errors.ValueCapExceededException above {@code maxValuePerTx}
   * @throws xyz.peaq.os.sdk.errors.RateLimitExceededException beyond the rate limit
   * @throws ContractRevertException e.g. {@code MachineNotBonded}, {@code NotAuthorizedSubmitter}
   */
  public EventSubmission submitEvent(EventParams params) {
    Objects.requireNonNull(params, "params");
    EventParams p = EventValidator.validate(params, clock.instant());
    TransactionSender s = signer();
    eventWindow.admit(p.value(), clock.instant());
    beforeWrite();
    String dataHash = EventValidator.dataHash(p.rawData());
    String sourceTx = p.sourceTxHash() == null ? Hex.zeroHash() : p.sourceTxHash();
    String data = Abi.encodeCall("submitEvent", new Uint256(p.machineId()), new Uint8(p.eventType()),
        new Uint256(p.value()), new Utf8String(p.currency()), new Uint256(p.timestamp()),
        new Bytes32(Hex.decode(dataHash)), new Uint8(p.trustLevel()), new Uint256(p.sourceChainId()),
        new Bytes32(Hex.decode(sourceTx)), new DynamicBytes(p.metadata()));
    TxReceipt r = send("submitEvent", TxRequest.call(config.contracts().eventRegistry(), data));
    return new EventSubmission(r.transactionHash(), dataHash);
  }

  // ------------------------------------------------------------------ Gas Station (HTTP)

  /** Starts the owner's 2FA enrolment at the Gas Station (QR as SVG). Needs no signer. */
  public FaucetSetup setupFaucet2FA(String ownerAddress, String gasStationUrl) {
    return GasStationClient.setupFaucet2FA(ownerAddress, gasStationUrl);
  }

  /** {@link #setupFaucet2FA(String, String)} at the configured {@code PEAQOS_GAS_STATION_URL}. */
  public FaucetSetup setupFaucet2FA(String ownerAddress) {
    return setupFaucet2FA(ownerAddress, gasStationUrl());
  }

  /** Activates the owner's 2FA with a current 6-digit code. */
  public void confirmFaucet2FA(String ownerAddress, String gasStationUrl, String twoFactorCode) {
    GasStationClient.confirmFaucet2FA(ownerAddress, gasStationUrl, twoFactorCode);
  }

  /** {@link #confirmFaucet2FA(String, String, String)} at the configured Gas Station. */
  public void confirmFaucet2FA(String ownerAddress, String twoFactorCode) {
    confirmFaucet2FA(ownerAddress, gasStationUrl(), twoFactorCode);
  }

  /**
   * Asks the Gas Station to fund {@code request.targetWalletAddress()}: {@code Funded} with the
   * transfer, or {@code Skipped} when the wallet already holds enough gas. The request id is
   * generated when absent and always returned.
   */
  public FundResult fundFromGasStation(FundRequest request, String gasStationUrl) {
    return GasStationClient.fundFromGasStation(request, gasStationUrl);
  }

  /** {@link #fundFromGasStation(FundRequest, String)} at the configured Gas Station. */
  public FundResult fundFromGasStation(FundRequest request) {
    return fundFromGasStation(request, gasStationUrl());
  }

  private String gasStationUrl() {
    return config.gasStation().orElseThrow(() -> ValidationException.required(PeaqosConfig.PEAQOS_GAS_STATION_URL));
  }

  // ------------------------------------------------------------------ MCR API (HTTP)

  /** {@code GET /mcr/{did}} on the configured MCR API ({@code PEAQOS_MCR_API_URL}). */
  public McrResponse queryMcr(String did) {
    return mcr().queryMcr(did);
  }

  /** {@code GET /machine/{did}} on the configured MCR API. */
  public MachineProfile queryMachine(String did) {
    return mcr().queryMachine(did);
  }

  /** {@code GET /operator/{did}/machines?offset&limit} (limit 1 to 20) on the configured MCR API. */
  public OperatorMachines queryOperatorMachines(String did, int offset, int limit) {
    return mcr().queryOperatorMachines(did, offset, limit);
  }

  /** The first page (up to 20) of an operator's machines. */
  public OperatorMachines queryOperatorMachines(String did) {
    return mcr().queryOperatorMachines(did);
  }

  /** The MCR API client of this configuration (created on first use). */
  public McrClient mcr() {
    McrClient m = mcrClient;
    if (m == null) {
      synchronized (this) {
        if (mcrClient == null) {
          mcrClient = McrClient.create(config.mcrApiUrl());
        }
        m = mcrClient;
      }
    }
    return m;
  }

  // ------------------------------------------------------------------ helpers

  /** Through the one {@link xyz.peaq.os.sdk.chain.TransactionPipeline}, the observer seeing each signature first. */
  private TxReceipt send(String operation, TxRequest req) {
    return chain.pipeline().send(operation, xyz.peaq.os.sdk.chain.TransactionPipeline.steps(signer(), req), observer,
        chain.receiptTimeout());
  }

  private TransactionSender signer() {
    if (sender == null) {
      throw ValidationException.required(PeaqosConfig.PEAQOS_PRIVATE_KEY);
    }
    return sender;
  }

  private BigInteger uint(String to, String data) {
    return (BigInteger) Abi.decodeOne(chain.call(to, data), "uint256");
  }

  private boolean bool(String to, String data) {
    return (Boolean) Abi.decodeOne(chain.call(to, data), "bool");
  }

  private String address(String to, String data) {
    return (String) Abi.decodeOne(chain.call(to, data), "address");
  }

  private static byte[] checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw ValidationException.required("name");
    }
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    if (b.length > DID_MAX_NAME_BYTES) {
      throw new ValidationException("name", "attribute name must be at most " + DID_MAX_NAME_BYTES + " bytes");
    }
    return b;
  }

  private static String requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, field + " must not be empty (the DID pallet refuses empty values); leave it"
          + " null not to write it");
    }
    return value;
  }

  private static void requirePositive(String field, BigInteger v) {
    if (v == null) {
      throw ValidationException.required(field);
    }
    if (v.signum() <= 0) {
      throw new ValidationException(field, field + " must be a positive integer; got " + v);
    }
  }

  private static void requireNonNegative(String field, BigInteger v) {
    if (v == null) {
      throw ValidationException.required(field);
    }
    if (v.signum() < 0) {
      throw new ValidationException(field, field + " must not be negative; got " + v);
    }
  }

  /** Closes the chain connection when this client created it. */
  @Override
  public void close() {
    if (ownsChain) {
      chain.close();
    }
  }

  @Override
  public String toString() {
    return "PeaqosClient[" + (sender == null ? "read-only" : sender.address()) + " on " + chain.endpoint() + "]";
  }

  /** Builds a client from a configuration and chain options. */
  public static final class Builder {
    private PeaqosConfig config;
    private ChainClient chain;
    private Clock clock = Clock.systemUTC();
    private RetryPolicy retryPolicy;
    private Duration receiptTimeout;
    private boolean verifyBeforeWrite = true;
    private TransactionObserver observer = TransactionObserver.NONE;

    /** Sees each transaction before broadcast and after its receipt (journals, progress). */
    public Builder observer(TransactionObserver observer) {
      this.observer = Objects.requireNonNull(observer);
      return this;
    }

    public Builder config(PeaqosConfig config) {
      this.config = config;
      return this;
    }

    /** Share a chain connection (and its nonce managers) with other clients or services. */
    public Builder chain(ChainClient chain) {
      this.chain = chain;
      return this;
    }

    /** The clock for event timestamps and rate limits (tests inject one). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder retryPolicy(RetryPolicy p) {
      this.retryPolicy = p;
      return this;
    }

    public Builder receiptTimeout(Duration d) {
      this.receiptTimeout = d;
      return this;
    }

    /** Whether the first write runs {@link #verify()} (default true). */
    public Builder verifyBeforeWrite(boolean v) {
      this.verifyBeforeWrite = v;
      return this;
    }

    public PeaqosClient build() {
      if (config == null) {
        throw new ValidationException("config", "a PeaqosConfig is required: PeaqosConfig.fromEnv() or PeaqosConfig.builder()");
      }
      boolean owns = chain == null;
      ChainClient c = chain;
      if (c == null) {
        ChainClient.Builder b = ChainClient.builder(config.rpcUrl()).pollInterval(Duration.ofMillis(200));
        if (retryPolicy != null) {
          b.retryPolicy(retryPolicy);
        }
        if (receiptTimeout != null) {
          b.receiptTimeout(receiptTimeout);
        }
        c = b.build();
      }
      return new PeaqosClient(config, c, owns, clock, verifyBeforeWrite, observer);
    }
  }
}
