package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.errors.AlreadyRegisteredException;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.InsufficientBalanceException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.gasstation.FaucetSetup;
import xyz.peaq.os.sdk.gasstation.FundRequest;
import xyz.peaq.os.sdk.gasstation.FundResult;
import xyz.peaq.os.sdk.gasstation.GasStationClient;
import xyz.peaq.os.sdk.internal.chain.ChainClient;
import xyz.peaq.os.sdk.internal.chain.TransactionSender;
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
 * ({@link #verify()}). Thread-safe; transactions of one signer from many threads get distinct
 * nonces.
 *
 * <p>A facade: each capability lives in its own class (registration and views, Machine NFT, DID
 * attributes, events, the configuration check, the Gas Station and MCR HTTP clients), and every
 * transaction goes through the SDK's one {@link xyz.peaq.os.sdk.chain.TransactionPipeline}.
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

  private final ChainSession session;
  private final boolean ownsChain;
  private final Clock clock;
  private final Registration registration;
  private final MachineNfts nfts;
  private final DidRegistry dids;
  private final EventSubmissions events;
  private volatile McrClient mcrClient;

  /** The Economics 2.0 deployment selected ({@code PEAQOS_DEPLOYMENT_ID}), or null for 1.0. */
  private String tokenomicsDeployment;

  private PeaqosClient(ChainSession session, boolean ownsChain, Clock clock) {
    this.session = session;
    this.ownsChain = ownsChain;
    this.clock = clock;
    this.registration = new Registration(session);
    this.nfts = new MachineNfts(session);
    this.dids = new DidRegistry(session);
    this.events =
        new EventSubmissions(
            session, clock, new EventRateWindow(session.config.operationalLimits()));
  }

  /**
   * A client from the process environment and {@code ./.env} (see {@link
   * PeaqosConfig#fromEnv(EnvSource)}).
   */
  public static PeaqosClient fromEnv() {
    return fromEnv(EnvSource.standard());
  }

  /**
   * A client from an explicit variable source. With {@code PEAQOS_DEPLOYMENT_ID} (or {@code
   * TOKENOMICS_DEPLOYMENT_ID}) set, the 1.0-only operations fail with the official codes (see
   * {@link xyz.peaq.os.sdk.econ2.Tokenomics}); the 2.0 operations are in {@code
   * xyz.peaq.os.sdk.econ2.Econ2Client}.
   */
  public static PeaqosClient fromEnv(EnvSource env) {
    PeaqosClient c = create(PeaqosConfig.fromEnv(env));
    c.tokenomicsDeployment = xyz.peaq.os.sdk.econ2.Tokenomics.select(env, null, null).orElse(null);
    return c;
  }

  /** The Economics 2.0 deployment id this client was configured with; empty in 1.0 mode. */
  public Optional<String> tokenomicsDeployment() {
    return Optional.ofNullable(tokenomicsDeployment);
  }

  /** 1.0-only operations refuse to run in 2.0 mode, with the official SDK's codes. */
  private void legacyOnly(String operation) {
    if (tokenomicsDeployment != null) {
      throw xyz.peaq.os.sdk.econ2.Tokenomics.legacyOperation(operation, tokenomicsDeployment);
    }
  }

  private PeaqosClient inheriting(PeaqosClient other) {
    other.tokenomicsDeployment = tokenomicsDeployment;
    return other;
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
      return new Keypair(
          c.getAddress(),
          org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
              c.getEcKeyPair().getPrivateKey(), 64));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("no secure random source for key generation", e);
    }
  }

  /**
   * A client on the same chain connection and configuration signing with another key, e.g. a
   * machine's own key for its DID. Nonces stay shared per address.
   */
  public PeaqosClient withSigner(String privateKey) {
    PeaqosConfig c = session.config.withPrivateKey(PeaqosConfig.checkKey("privateKey", privateKey));
    return inheriting(
        new PeaqosClient(
            session.withSender(c, session.chain.sender(c.privateKey())), false, clock));
  }

  /**
   * {@link #withSigner(String)} for a key already decoded (e.g. from an encrypted key file), so it
   * is not turned back into hex and parsed again. The configuration keeps no private key.
   */
  public PeaqosClient withSigner(Credentials credentials) {
    ChainClient.requireValid("privateKey", Objects.requireNonNull(credentials, "credentials"));
    return inheriting(
        new PeaqosClient(
            session.withSender(session.config, session.chain.sender(credentials)), false, clock));
  }

  /** The signer's checksummed address. */
  public String address() {
    return session.signer().address();
  }

  /** The signer's DID. */
  public Did did() {
    return Did.of(address());
  }

  public PeaqosConfig config() {
    return session.config;
  }

  /** The chain connection under this client (shared with {@link #withSigner}), for reads. */
  public ChainReads chain() {
    return session.chain;
  }

  // ------------------------------------------------------------------ verification

  /**
   * Checks the chain id against the configuration and each address (see {@link
   * ConfigurationCheck}). The first write runs it unless it passed already.
   *
   * @throws ValidationException naming the variable at fault, listing every problem found
   */
  public VerificationReport verify() {
    return session.check().orThrow();
  }

  /**
   * The same check as {@link #verify()}, every address's verdict returned rather than the first
   * failure thrown (for tools that show them all). A passing report counts as this client's check.
   */
  public ConfigurationCheck.Report checkConfiguration() {
    return session.check();
  }

  // ------------------------------------------------------------------ registration

  /**
   * Registers the signer as a machine, sending {@code minBond()} as the bond.
   *
   * @return the new machine id, read from the receipt
   * @throws AlreadyRegisteredException naming the existing machine id
   * @throws InsufficientBalanceException when the balance is below bond + gas × fee cap (nothing is
   *     sent)
   */
  public BigInteger registerMachine() {
    legacyOnly("registerMachine");
    return registration.registerMachine();
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
    legacyOnly("registerFor");
    return registration.registerFor(machineAddress);
  }

  // ------------------------------------------------------------------ Machine NFT

  /**
   * Mints the Machine NFT of {@code machineId} to {@code recipient}. The signer must be the
   * machine's wallet or its operator, and the machine bonded.
   *
   * @return the transaction hash and the new token id (from the {@code MachineMinted} log)
   * @throws ContractRevertException e.g. {@code MachineNotBonded}, {@code AlreadyMinted}, {@code
   *     NotMachineOwner}
   */
  public NftMint mintNft(BigInteger machineId, String recipient) {
    legacyOnly("mintNft");
    return nfts.mint(machineId, recipient);
  }

  /** The Machine NFT token id of a machine; 0 when none was minted. */
  public BigInteger tokenIdOf(BigInteger machineId) {
    legacyOnly("tokenIdOf");
    return nfts.tokenIdOf(machineId);
  }

  // ------------------------------------------------------------------ views

  /** True when the machine id is registered. */
  public boolean machineExists(BigInteger machineId) {
    return registration.machineExists(machineId);
  }

  /** The wallet of a machine (zero address when none). */
  public String machineWalletOf(BigInteger machineId) {
    return registration.machineWalletOf(machineId);
  }

  /**
   * The operator of a machine registered with {@code registerFor}; the zero address for a
   * self-managed one.
   */
  public String operatorOf(BigInteger machineId) {
    return registration.operatorOf(machineId);
  }

  /** True when the machine's bond sits in IdentityStaking. */
  public boolean isStaked(BigInteger machineId) {
    return registration.isStaked(machineId);
  }

  /** The registration bond in wei. */
  public BigInteger minBond() {
    return registration.minBond();
  }

  /** Native balance in wei. */
  public BigInteger balanceOf(String address) {
    return registration.balanceOf(address);
  }

  /**
   * The machine id registered for a wallet, 0 when none. Asks {@code machineIdOfOwner(address)}
   * (the real IdentityRegistry), then {@code machineIdOf(address)} (SPEC §5).
   */
  public BigInteger machineIdOf(String wallet) {
    return registration.machineIdOf(wallet);
  }

  // ------------------------------------------------------------------ DID

  /**
   * Reads a DID attribute through the precompile. A missing attribute makes the real precompile
   * revert "Cannot find the item" (or {@code EntryNotFound}); that is read as absent.
   */
  public Optional<DidAttribute> readAttribute(String address, String name) {
    return dids.readAttribute(address, name);
  }

  /**
   * Writes the machine attributes on the signer's DID (the signer must be the machine's own key) in
   * one {@code batchAll} through the batch precompile: {@code machineId}, {@code nftTokenId},
   * {@code operator}, {@code data_visibility}, and {@code documentation_url} / {@code data_api}
   * unless they are null (then they are not written). Idempotent: each attribute is read first;
   * absent ones are added, different ones updated, equal ones left alone; with nothing to do no
   * transaction is sent.
   *
   * @throws ValidationException for a bad field, e.g. an empty {@code documentationUrl} (the DID
   *     pallet refuses empty values; pass null to leave it out); nothing is sent
   */
  public DidWriteResult writeMachineDIDAttributes(MachineDidAttributes a) {
    legacyOnly("writeMachineDIDAttributes");
    return dids.writeMachine(a);
  }

  /**
   * {@link #writeMachineDIDAttributes(MachineDidAttributes)} from a {@code preview} of the same
   * attributes by this signer, made just before with {@link #previewMachineDIDAttributes}: sends
   * what it planned without reading the attributes again (nothing when it planned nothing). For a
   * caller that previews anyway, e.g. to say what will be written. An attribute written by someone
   * else in between makes the batch revert as a whole ({@code ContractRevertException}; nothing
   * written), never a partial write.
   *
   * @throws ValidationException when {@code preview} is not a preview of these attributes; nothing
   *     is sent
   */
  public DidWriteResult writeMachineDIDAttributes(MachineDidAttributes a, DidWriteResult preview) {
    legacyOnly("writeMachineDIDAttributes");
    return dids.writeMachine(a, preview);
  }

  /**
   * What {@link #writeMachineDIDAttributes} would do now, without sending: the attributes it would
   * add, update and leave alone on the signer's DID ({@code txHash} empty). Reads only.
   */
  public DidWriteResult previewMachineDIDAttributes(MachineDidAttributes a) {
    return dids.previewMachine(a);
  }

  /**
   * Writes the proxy operator's attributes on the signer's DID: {@code machineId} (the operator's
   * own id) and {@code machines}, a JSON array of the managed ids. Duplicates are dropped (the last
   * occurrence counts as newest) and only the newest 100 (the end of the list) are kept.
   */
  public DidWriteResult writeProxyDIDAttributes(
      BigInteger proxyMachineId, List<BigInteger> machineIds) {
    legacyOnly("writeProxyDIDAttributes");
    return dids.writeProxy(proxyMachineId, machineIds);
  }

  /**
   * The ids a proxy's {@code machines} attribute keeps: duplicates dropped (last occurrence
   * counts), the newest 100.
   */
  public static List<BigInteger> proxyMachinesKept(List<BigInteger> ids) {
    return DidRegistry.proxyMachinesKept(ids);
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
    return events.submit(params);
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
    return session
        .config
        .gasStation()
        .orElseThrow(() -> ValidationException.required(PeaqosConfig.PEAQOS_GAS_STATION_URL));
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

  /**
   * {@code GET /operator/{did}/machines?offset&limit} (limit 1 to 20) on the configured MCR API.
   */
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
          mcrClient = McrClient.create(session.config.mcrApiUrl());
        }
        m = mcrClient;
      }
    }
    return m;
  }

  /** Closes the chain connection when this client created it. */
  @Override
  public void close() {
    if (ownsChain) {
      session.chain.close();
    }
  }

  @Override
  public String toString() {
    return "PeaqosClient["
        + (session.hasSigner() ? session.signer().address() : "read-only")
        + " on "
        + session.chain.endpoint()
        + "]";
  }

  /** Builds a client from a configuration and chain options. */
  public static final class Builder {
    private PeaqosConfig config;
    private ChainReads chain;
    private Clock clock = Clock.systemUTC();
    private RetryPolicy retryPolicy;
    private Duration receiptTimeout;
    private boolean verifyBeforeWrite = true;
    private TransactionObserver observer = TransactionObserver.NONE;
    private Credentials signer;
    private String tokenomicsDeployment;

    /**
     * Economics 2.0 mode: the 1.0-only operations (registration, mint, DID attributes) then fail
     * with the official codes. Null (the default) is 1.0.
     */
    public Builder tokenomicsDeployment(String deploymentId) {
      this.tokenomicsDeployment = deploymentId;
      return this;
    }

    /**
     * Sign with a key already decoded (e.g. from an encrypted key file) instead of the
     * configuration's {@code PEAQOS_PRIVATE_KEY}; the key is not turned back into hex and parsed
     * again.
     */
    public Builder signer(Credentials credentials) {
      this.signer =
          ChainClient.requireValid(
              PeaqosConfig.PEAQOS_PRIVATE_KEY, Objects.requireNonNull(credentials, "credentials"));
      return this;
    }

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
    public Builder chain(ChainReads chain) {
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
        throw new ValidationException(
            "config",
            "a PeaqosConfig is required: PeaqosConfig.fromEnv() or PeaqosConfig.builder()");
      }
      boolean owns = chain == null;
      ChainClient c = chain == null ? null : ChainClient.of(chain);
      if (c == null) {
        ChainClient.Builder b =
            ChainClient.builder(config.rpcUrl()).pollInterval(Duration.ofMillis(200));
        if (retryPolicy != null) {
          b.retryPolicy(retryPolicy);
        }
        if (receiptTimeout != null) {
          b.receiptTimeout(receiptTimeout);
        }
        c = b.build();
      }
      TransactionSender sender =
          signer != null
              ? c.sender(signer)
              : config.privateKey() == null ? null : c.sender(config.privateKey());
      PeaqosClient client =
          new PeaqosClient(
              new ChainSession(config, c, sender, observer, verifyBeforeWrite, false), owns, clock);
      client.tokenomicsDeployment = tokenomicsDeployment;
      return client;
    }
  }
}
