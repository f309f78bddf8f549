package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;
import xyz.peaq.os.foundation.WellKnownAddresses;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.AlreadyRegisteredException;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.InsufficientBalanceException;
import xyz.peaq.os.sdk.errors.PeaqosException;
import xyz.peaq.os.sdk.errors.RateLimitExceededException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.errors.ValueCapExceededException;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * Every operation of the SDK against a real devnet (anvil + the peaqOS contracts + precompile
 * emulations).
 */
class PeaqosClientDevnetTest {
  static final BigInteger ETH = BigInteger.TEN.pow(18);

  @TempDir static Path dataDir;
  static DevnetChain devnet;
  static ChainClient chain;
  static PeaqosConfig base;

  @BeforeAll
  static void start() {
    devnet = DevnetChain.start(DevnetOptions.builder().dataDir(dataDir).build());
    chain = ChainClient.builder(devnet.rpcUrl()).pollInterval(Duration.ofMillis(20)).build();
    base = PeaqosConfig.builder().devnet(dataDir).build();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  /** A client for a new key holding {@code wei} (set directly on the devnet). */
  static PeaqosClient funded(BigInteger wei) {
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), wei);
    return client(kp.privateKey());
  }

  static PeaqosClient client(String key) {
    return PeaqosClient.builder().config(base.withPrivateKey(key)).chain(chain).build();
  }

  static PeaqosClient registered() {
    PeaqosClient c = funded(ETH.multiply(BigInteger.valueOf(5)));
    c.registerMachine();
    return c;
  }

  @Test
  void verifyPassesOnTheDevnet() {
    VerificationReport r = client(devnet.devAccount(0).privateKey()).verify();
    assertThat(r.chainId()).isEqualTo(devnet.chainId()).isEqualTo(33380L);
    assertThat(r.checks())
        .anyMatch(s -> s.contains("is an EventRegistry"))
        .anyMatch(s -> s.contains("EventRegistry points at the configured IdentityRegistry"));
  }

  @Test
  void verifyNamesSwappedAddresses() {
    ContractAddresses c = base.contracts();
    PeaqosConfig swapped =
        PeaqosConfig.builder()
            .devnet(dataDir)
            .identityRegistry(c.eventRegistry())
            .eventRegistry(c.identityRegistry())
            .build();
    assertThatThrownBy(() -> PeaqosClient.builder().config(swapped).chain(chain).build().verify())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(
            "IDENTITY_REGISTRY_ADDRESS " + c.eventRegistry() + " is an EventRegistry")
        .hasMessageContaining("swapped with EVENT_REGISTRY_ADDRESS")
        .hasMessageContaining(
            "EVENT_REGISTRY_ADDRESS " + c.identityRegistry() + " is an IdentityRegistry")
        .satisfies(
            e ->
                assertThat(((ValidationException) e).field())
                    .isEqualTo("IDENTITY_REGISTRY_ADDRESS"));

    PeaqosConfig nftStaking =
        PeaqosConfig.builder()
            .devnet(dataDir)
            .machineNft(c.identityStaking())
            .identityStaking(c.machineNft())
            .build();
    assertThatThrownBy(
            () -> PeaqosClient.builder().config(nftStaking).chain(chain).build().verify())
        .hasMessageContaining("swapped with MACHINE_NFT_ADDRESS")
        .hasMessageContaining("swapped with IDENTITY_STAKING_ADDRESS");

    PeaqosConfig precompiles =
        PeaqosConfig.builder()
            .devnet(dataDir)
            .didRegistry(c.batchPrecompile())
            .batchPrecompile(c.didRegistry())
            .build();
    assertThatThrownBy(
            () -> PeaqosClient.builder().config(precompiles).chain(chain).build().verify())
        .hasMessageContaining("DID_REGISTRY_ADDRESS and BATCH_PRECOMPILE_ADDRESS are swapped");

    String empty = PeaqosClient.generateKeypair().address();
    PeaqosConfig noCode = PeaqosConfig.builder().devnet(dataDir).machineNft(empty).build();
    assertThatThrownBy(() -> PeaqosClient.builder().config(noCode).chain(chain).build().verify())
        .hasMessageContaining(
            "MACHINE_NFT_ADDRESS " + empty + " has no contract code on chain 33380");

    // A registry the EventRegistry does not belong to: the proxy-level cross-check catches it.
    PeaqosConfig wrongChain = PeaqosConfig.builder().devnet(dataDir).chainId(3338L).build();
    assertThatThrownBy(
            () -> PeaqosClient.builder().config(wrongChain).chain(chain).build().verify())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("answers chain id 33380 but network devnet expects 3338");
  }

  @Test
  void misconfiguredClientRefusesToWriteBeforeSendingAnything() {
    ContractAddresses c = base.contracts();
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), ETH.multiply(BigInteger.TWO));
    PeaqosConfig swapped =
        PeaqosConfig.builder()
            .devnet(dataDir)
            .privateKey(kp.privateKey())
            .identityRegistry(c.eventRegistry())
            .eventRegistry(c.identityRegistry())
            .build();
    PeaqosClient client = PeaqosClient.builder().config(swapped).chain(chain).build();
    assertThatThrownBy(client::registerMachine)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("swapped");
    assertThat(chain.nonce(kp.address(), BlockRef.latest())).isZero();
  }

  @Test
  void selfManagedFlowFromKeypairToDid() {
    // keypair → fund from a devnet account → register → mint → DID
    Keypair kp = PeaqosClient.generateKeypair();
    chain
        .sender(devnet.devAccount(1).privateKey())
        .send(TxRequest.transfer(kp.address(), ETH.multiply(BigInteger.TWO)));
    try (PeaqosClient machine = client(kp.privateKey())) {
      assertThat(machine.address()).isEqualTo(kp.address());
      assertThat(machine.machineIdOf(kp.address())).isZero();
      BigInteger id = machine.registerMachine();
      assertThat(id).isPositive();
      assertThat(machine.machineIdOf(kp.address())).isEqualTo(id);
      assertThat(machine.machineExists(id)).isTrue();
      assertThat(machine.machineWalletOf(id)).isEqualTo(kp.address());
      assertThat(machine.operatorOf(id)).isEqualTo(WellKnownAddresses.ZERO);
      assertThat(machine.isStaked(id)).isTrue();
      assertThat(machine.balanceOf(kp.address())).isLessThan(ETH);

      NftMint nft = machine.mintNft(id, kp.address());
      assertThat(nft.txHash()).matches("0x[0-9a-f]{64}");
      assertThat(nft.tokenId()).isPositive();
      assertThat(machine.tokenIdOf(id)).isEqualTo(nft.tokenId());

      DidWriteResult did =
          machine.writeMachineDIDAttributes(
              MachineDidAttributes.selfManaged(
                  id, nft.tokenId(), "https://docs.example.com/m", "https://api.example.com/m"));
      assertThat(did.txHash()).isPresent();
      assertThat(did.added())
          .containsExactly(
              "machineId",
              "nftTokenId",
              "operator",
              "documentation_url",
              "data_api",
              "data_visibility");
      assertThat(chain.receipt(did.txHash().get()).orElseThrow().to())
          .isEqualTo(WellKnownAddresses.BATCH_PRECOMPILE);
      assertThat(machine.readAttribute(kp.address(), "machineId"))
          .get()
          .extracting(DidAttribute::value)
          .isEqualTo(id.toString());
      assertThat(machine.readAttribute(kp.address(), "nftTokenId"))
          .get()
          .extracting(DidAttribute::value)
          .isEqualTo(nft.tokenId().toString());
      // Self-managed: operator empty, as the official SDK writes it.
      assertThat(machine.readAttribute(kp.address(), "operator"))
          .get()
          .extracting(DidAttribute::value)
          .isEqualTo("");
      assertThat(machine.readAttribute(kp.address(), "data_visibility"))
          .get()
          .extracting(DidAttribute::value)
          .isEqualTo("public");
    }
  }

  @Test
  void didWritesAreIdempotent() {
    PeaqosClient m = registered();
    BigInteger id = m.machineIdOf(m.address());
    NftMint nft = m.mintNft(id, m.address());
    MachineDidAttributes attrs =
        MachineDidAttributes.selfManaged(
            id, nft.tokenId(), "https://docs.example.com", "https://api.example.com");
    assertThat(m.writeMachineDIDAttributes(attrs).written()).isEqualTo(6);
    BigInteger nonce = chain.nonce(m.address(), BlockRef.latest());

    DidWriteResult again = m.writeMachineDIDAttributes(attrs);
    assertThat(again.txHash()).isEmpty();
    assertThat(again.unchanged()).hasSize(6);
    assertThat(chain.nonce(m.address(), BlockRef.latest())).isEqualTo(nonce);

    DidWriteResult changed =
        m.writeMachineDIDAttributes(
            new MachineDidAttributes(
                id,
                nft.tokenId(),
                null,
                "https://docs.example.com/v2",
                "https://api.example.com",
                "private"));
    assertThat(changed.txHash()).isPresent();
    assertThat(changed.updated()).containsExactly("documentation_url", "data_visibility");
    assertThat(changed.unchanged()).hasSize(4);
    assertThat(m.readAttribute(m.address(), "documentation_url"))
        .get()
        .extracting(DidAttribute::value)
        .isEqualTo("https://docs.example.com/v2");
  }

  @Test
  void nullUrlsAreNotWrittenAndLeaveExistingValuesAlone() {
    PeaqosClient m = registered();
    BigInteger id = m.machineIdOf(m.address());
    NftMint nft = m.mintNft(id, m.address());
    MachineDidAttributes bare = MachineDidAttributes.selfManaged(id, nft.tokenId(), null, null);
    DidWriteResult preview = m.previewMachineDIDAttributes(bare);
    assertThat(preview.txHash()).isEmpty();
    assertThat(preview.added())
        .containsExactly("machineId", "nftTokenId", "operator", "data_visibility");

    DidWriteResult wrote = m.writeMachineDIDAttributes(bare);
    assertThat(wrote.txHash()).isPresent();
    assertThat(wrote.added())
        .containsExactly("machineId", "nftTokenId", "operator", "data_visibility");
    assertThat(m.readAttribute(m.address(), "operator"))
        .get()
        .extracting(DidAttribute::value)
        .isEqualTo("");
    assertThat(m.readAttribute(m.address(), "documentation_url")).isEmpty();
    assertThat(m.readAttribute(m.address(), "data_api")).isEmpty();
    assertThat(m.previewMachineDIDAttributes(bare).unchanged()).hasSize(4);

    // One URL given later: only that one is added; null for the other still writes nothing for it.
    DidWriteResult docs =
        m.writeMachineDIDAttributes(
            MachineDidAttributes.selfManaged(id, nft.tokenId(), "https://d", null));
    assertThat(docs.added()).containsExactly("documentation_url");
    assertThat(docs.unchanged()).hasSize(4);
    BigInteger nonce = chain.nonce(m.address(), BlockRef.latest());
    DidWriteResult again = m.writeMachineDIDAttributes(bare);
    assertThat(again.txHash()).isEmpty();
    assertThat(again.unchanged()).hasSize(4);
    assertThat(chain.nonce(m.address(), BlockRef.latest())).isEqualTo(nonce);
    assertThat(m.readAttribute(m.address(), "documentation_url"))
        .get()
        .extracting(DidAttribute::value)
        .isEqualTo("https://d");
  }

  @Test
  void aWriteFromItsPreviewSendsWhatThePreviewPlannedAndRefusesAnotherPreview() {
    PeaqosClient m = registered();
    BigInteger id = m.machineIdOf(m.address());
    NftMint nft = m.mintNft(id, m.address());
    MachineDidAttributes bare = MachineDidAttributes.selfManaged(id, nft.tokenId(), null, null);
    MachineDidAttributes docs =
        MachineDidAttributes.selfManaged(id, nft.tokenId(), "https://d", null);
    BigInteger nonce = chain.nonce(m.address(), BlockRef.latest());

    // A preview of other attributes is refused, naming the field; nothing is sent.
    DidWriteResult previewBare = m.previewMachineDIDAttributes(bare);
    assertThatThrownBy(() -> m.writeMachineDIDAttributes(docs, previewBare))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("previewMachineDIDAttributes")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("preview"));
    assertThat(chain.nonce(m.address(), BlockRef.latest())).isEqualTo(nonce);

    DidWriteResult wrote = m.writeMachineDIDAttributes(bare, previewBare);
    assertThat(wrote.txHash()).isPresent();
    assertThat(wrote.added())
        .containsExactly("machineId", "nftTokenId", "operator", "data_visibility");
    assertThat(m.previewMachineDIDAttributes(bare).unchanged()).hasSize(4);

    // A preview with an update: only that attribute is written, as planned.
    DidWriteResult previewDocs = m.previewMachineDIDAttributes(docs);
    assertThat(previewDocs.added()).containsExactly("documentation_url");
    DidWriteResult wroteDocs = m.writeMachineDIDAttributes(docs, previewDocs);
    assertThat(wroteDocs.added()).containsExactly("documentation_url");
    assertThat(m.readAttribute(m.address(), "documentation_url"))
        .get()
        .extracting(DidAttribute::value)
        .isEqualTo("https://d");

    // A preview that planned nothing sends nothing.
    BigInteger after = chain.nonce(m.address(), BlockRef.latest());
    DidWriteResult none = m.writeMachineDIDAttributes(docs, m.previewMachineDIDAttributes(docs));
    assertThat(none.txHash()).isEmpty();
    assertThat(chain.nonce(m.address(), BlockRef.latest())).isEqualTo(after);

    // A stale preview (the attribute was added since) reverts as a whole: nothing half written.
    MachineDidAttributes api =
        MachineDidAttributes.selfManaged(id, nft.tokenId(), "https://d", "https://a");
    DidWriteResult stale = m.previewMachineDIDAttributes(api);
    m.writeMachineDIDAttributes(api);
    assertThatThrownBy(() -> m.writeMachineDIDAttributes(api, stale))
        .isInstanceOf(ContractRevertException.class);
    assertThat(m.previewMachineDIDAttributes(api).unchanged()).hasSize(6);
  }

  @Test
  void emptyUrlsAreRefusedNamingTheFieldAndSendNothing() {
    PeaqosClient m = funded(ETH);
    BigInteger one = BigInteger.ONE;
    assertThatThrownBy(
            () -> m.writeMachineDIDAttributes(MachineDidAttributes.selfManaged(one, one, "", null)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("documentationUrl must not be empty")
        .satisfies(
            e -> assertThat(((ValidationException) e).field()).isEqualTo("documentationUrl"));
    assertThatThrownBy(
            () -> m.writeMachineDIDAttributes(MachineDidAttributes.selfManaged(one, one, null, "")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("dataApi must not be empty")
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("dataApi"));
    assertThatThrownBy(
            () ->
                m.writeMachineDIDAttributes(
                    MachineDidAttributes.selfManaged(one, one, "https://d", "  ")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("dataApi"));
    assertThatThrownBy(
            () ->
                m.previewMachineDIDAttributes(
                    MachineDidAttributes.selfManaged(one, one, "", "https://a")))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> assertThat(((ValidationException) e).field()).isEqualTo("documentationUrl"));
    assertThat(chain.nonce(m.address(), BlockRef.latest())).isZero();
  }

  @Test
  void readingAMissingAttributeIsEmpty() {
    String nobody = PeaqosClient.generateKeypair().address();
    assertThat(client(devnet.devAccount(0).privateKey()).readAttribute(nobody, "machineId"))
        .isEmpty();
  }

  @Test
  void didInputIsValidatedBeforeAnyTransaction() {
    PeaqosClient m = funded(ETH);
    BigInteger one = BigInteger.ONE;
    assertThatThrownBy(
            () ->
                m.writeMachineDIDAttributes(
                    new MachineDidAttributes(one, one, null, "https://d", "https://a", "secret")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("dataVisibility");
    assertThatThrownBy(
            () ->
                m.writeMachineDIDAttributes(
                    new MachineDidAttributes(one, one, null, "", "https://a", "public")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("documentationUrl must not be empty");
    assertThatThrownBy(
            () ->
                m.writeMachineDIDAttributes(
                    new MachineDidAttributes(
                        one, one, "did:peaq:0x12", "https://d", "https://a", "public")))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("did"));
    assertThatThrownBy(
            () ->
                m.writeMachineDIDAttributes(
                    new MachineDidAttributes(
                        one, one, null, "x".repeat(2561), "https://a", "public")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("2560");
    assertThatThrownBy(
            () ->
                m.writeMachineDIDAttributes(
                    new MachineDidAttributes(
                        BigInteger.ZERO, one, null, "https://d", "https://a", "public")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("machineId");
    assertThat(chain.nonce(m.address(), BlockRef.latest())).isZero();
  }

  @Test
  void registeringTwiceNamesTheExistingMachine() {
    PeaqosClient m = registered();
    BigInteger id = m.machineIdOf(m.address());
    BigInteger balance = m.balanceOf(m.address());
    assertThatThrownBy(m::registerMachine)
        .isInstanceOf(AlreadyRegisteredException.class)
        .hasMessageContaining("machine " + id)
        .hasMessageContaining("MCR API")
        .hasMessageContaining(m.address())
        .satisfies(
            e -> assertThat(((AlreadyRegisteredException) e).existingMachineId()).isEqualTo(id));
    assertThat(m.balanceOf(m.address())).isEqualTo(balance);
  }

  @Test
  void concurrentRegistrationsOfOneWalletGiveOneMachine() throws Exception {
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), ETH.multiply(BigInteger.TEN));
    PeaqosClient a = client(kp.privateKey());
    a.verify();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<BigInteger>> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return a.registerMachine();
              }));
    }
    go.countDown();
    List<BigInteger> ids = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    for (Future<BigInteger> f : results) {
      try {
        ids.add(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        errors.add(e.getCause());
      }
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
    assertThat(errors)
        .singleElement()
        .isInstanceOf(AlreadyRegisteredException.class)
        .satisfies(
            e ->
                assertThat(((AlreadyRegisteredException) e).existingMachineId())
                    .isEqualTo(ids.get(0)));
  }

  @Test
  void insufficientBalanceIsCheckedBeforeSending() {
    PeaqosClient poor = funded(ETH.divide(BigInteger.TWO));
    assertThatThrownBy(poor::registerMachine)
        .isInstanceOf(InsufficientBalanceException.class)
        .satisfies(
            e -> {
              InsufficientBalanceException ib = (InsufficientBalanceException) e;
              assertThat(ib.available()).isEqualTo(ETH.divide(BigInteger.TWO));
              assertThat(ib.required()).isGreaterThan(ETH);
              assertThat(ib.address()).isEqualTo(poor.address());
            })
        .hasMessageContaining("Insufficient balance for gas + bond");
    // Exactly the bond: nothing left for gas.
    PeaqosClient exact = funded(ETH);
    assertThatThrownBy(exact::registerMachine)
        .isInstanceOf(InsufficientBalanceException.class)
        .satisfies(
            e -> assertThat(((InsufficientBalanceException) e).required()).isGreaterThan(ETH));
    assertThat(chain.nonce(poor.address(), BlockRef.latest())).isZero();
    assertThat(chain.nonce(exact.address(), BlockRef.latest())).isZero();
    PeaqosClient operator = funded(ETH.divide(BigInteger.TWO));
    assertThatThrownBy(() -> operator.registerFor(PeaqosClient.generateKeypair().address()))
        .isInstanceOf(InsufficientBalanceException.class);
  }

  @Test
  void proxyOperatorRegistersMintsAndWritesFleetDids() {
    PeaqosClient operator = registered();
    BigInteger opId = operator.machineIdOf(operator.address());
    Keypair machineKey = PeaqosClient.generateKeypair();
    BigInteger mid = operator.registerFor(machineKey.address());
    assertThat(mid).isGreaterThan(opId);
    assertThat(operator.operatorOf(mid)).isEqualTo(operator.address());
    assertThat(operator.machineWalletOf(mid)).isEqualTo(machineKey.address());
    assertThat(operator.machineIdOf(machineKey.address())).isEqualTo(mid);
    NftMint nft = operator.mintNft(mid, machineKey.address());
    assertThat(operator.tokenIdOf(mid)).isEqualTo(nft.tokenId());

    assertThatThrownBy(() -> operator.registerFor(machineKey.address()))
        .isInstanceOf(AlreadyRegisteredException.class)
        .satisfies(
            e -> assertThat(((AlreadyRegisteredException) e).existingMachineId()).isEqualTo(mid));

    // The machine key signs its own DID and names its operator.
    devnet.setBalance(machineKey.address(), ETH);
    PeaqosClient machine = operator.withSigner(machineKey.privateKey());
    machine.writeMachineDIDAttributes(
        new MachineDidAttributes(
            mid,
            nft.tokenId(),
            operator.did().toString(),
            "https://docs.example.com",
            "https://api.example.com",
            "public"));
    assertThat(machine.readAttribute(machineKey.address(), "operator"))
        .get()
        .extracting(DidAttribute::value)
        .isEqualTo("did:peaq:" + operator.address());

    List<BigInteger> ids = IntStream.rangeClosed(1, 150).mapToObj(BigInteger::valueOf).toList();
    DidWriteResult proxy = operator.writeProxyDIDAttributes(opId, ids);
    assertThat(proxy.added()).containsExactly("machineId", "machines");
    String machines = operator.readAttribute(operator.address(), "machines").orElseThrow().value();
    assertThat(machines).startsWith("[51, 52, ").endsWith(", 150]");
    assertThat(machines.split(",")).hasSize(100);
    DidWriteResult newer =
        operator.writeProxyDIDAttributes(opId, List.of(BigInteger.valueOf(100_000), mid));
    assertThat(newer.updated()).containsExactly("machines");
    assertThat(operator.readAttribute(operator.address(), "machines").orElseThrow().value())
        .isEqualTo("[100000, " + mid + "]");
    assertThatThrownBy(() -> operator.writeProxyDIDAttributes(opId, List.of()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void registerForFromAnUnregisteredOperatorIsDecoded() {
    PeaqosClient stranger = funded(ETH.multiply(BigInteger.TWO));
    assertThatThrownBy(() -> stranger.registerFor(PeaqosClient.generateKeypair().address()))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e -> {
              ContractRevertException c = (ContractRevertException) e;
              assertThat(c.revertName()).isEqualTo("OperatorNotRegistered");
              assertThat(c.arguments()).containsExactly(stranger.address());
            });
  }

  @Test
  void mintRevertsAreDecoded() {
    PeaqosClient m = registered();
    BigInteger id = m.machineIdOf(m.address());
    m.mintNft(id, m.address());
    assertThatThrownBy(() -> m.mintNft(id, m.address()))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e -> assertThat(((ContractRevertException) e).revertName()).isEqualTo("AlreadyMinted"));
    PeaqosClient stranger = registered();
    assertThatThrownBy(() -> stranger.mintNft(id, stranger.address()))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e ->
                assertThat(((ContractRevertException) e).revertName())
                    .isIn("NotMachineOwner", "AlreadyMinted"));
    PeaqosClient fresh = registered();
    BigInteger freshId = fresh.machineIdOf(fresh.address());
    assertThatThrownBy(() -> stranger.mintNft(freshId, stranger.address()))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e ->
                assertThat(((ContractRevertException) e).revertName())
                    .isEqualTo("NotMachineOwner"));
    assertThatThrownBy(() -> fresh.mintNft(BigInteger.valueOf(999_999), fresh.address()))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e ->
                assertThat(((ContractRevertException) e).revertName())
                    .isEqualTo("MachineNotFound"));
    assertThat(fresh.tokenIdOf(freshId)).isZero();
  }

  @Test
  void eventsAreSubmittedWithTheirDataHash() {
    PeaqosClient m = registered();
    BigInteger id = m.machineIdOf(m.address());
    byte[] raw = "{\"kwh\":12.5}".getBytes();
    long ts = Instant.now().getEpochSecond() - 5;
    EventSubmission s =
        m.submitEvent(
            EventParams.builder()
                .machineId(id)
                .revenue(BigInteger.valueOf(1250), null)
                .timestamp(ts)
                .rawData(raw)
                .build());
    assertThat(s.dataHash()).isEqualTo(EventValidator.dataHash(raw));
    assertThat(chain.receipt(s.txHash()).orElseThrow().success()).isTrue();
    EventSubmission a =
        m.submitEvent(
            EventParams.builder()
                .machineId(id)
                .activity(BigInteger.ONE)
                .timestamp(ts)
                .trustLevel(1)
                .sourceChainId(3338)
                .sourceTxHash(s.txHash())
                .metadata("{}".getBytes())
                .build());
    assertThat(a.dataHash()).isEqualTo("0x" + "0".repeat(64));
    assertThat(eventCount(id)).isEqualTo(2);

    PeaqosClient stranger = registered();
    assertThatThrownBy(
            () ->
                stranger.submitEvent(
                    EventParams.builder().machineId(id).value(1).timestamp(ts).build()))
        .isInstanceOf(ContractRevertException.class)
        .satisfies(
            e ->
                assertThat(((ContractRevertException) e).revertName())
                    .isEqualTo("NotAuthorizedSubmitter"));
    assertThatThrownBy(
            () ->
                m.submitEvent(
                    EventParams.builder()
                        .machineId(id)
                        .value(1)
                        .timestamp(Instant.now().plusSeconds(3600))
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("future");
    assertThat(eventCount(id)).isEqualTo(2);
  }

  @Test
  void fiftyEventsFromEightThreadsAllLandWithDistinctNonces() throws Exception {
    PeaqosClient m = registered();
    BigInteger id = m.machineIdOf(m.address());
    long ts = Instant.now().getEpochSecond() - 5;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<EventSubmission>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long value = i;
      futures.add(
          pool.submit(
              () ->
                  m.submitEvent(
                      EventParams.builder().machineId(id).value(value).timestamp(ts).build())));
    }
    Set<BigInteger> nonces = new HashSet<>();
    for (Future<EventSubmission> f : futures) {
      nonces.add(chain.transaction(f.get().txHash()).orElseThrow().nonce());
    }
    pool.shutdown();
    assertThat(nonces).hasSize(50);
    assertThat(eventCount(id)).isEqualTo(50);
  }

  @Test
  void operationalLimitsStopEventsBeforeAnyRpc() {
    MutableClock clock = new MutableClock(Instant.now());
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), ETH.multiply(BigInteger.valueOf(3)));
    PeaqosClient m =
        PeaqosClient.builder()
            .chain(chain)
            .clock(clock)
            .config(
                base.withPrivateKey(kp.privateKey())
                    .withOperationalLimits(new OperationalLimits(BigInteger.valueOf(1000), 2, 60)))
            .build();
    BigInteger id = m.registerMachine();
    long ts = clock.instant().getEpochSecond() - 5;
    BigInteger nonce = chain.nonce(m.address(), BlockRef.latest());
    assertThatThrownBy(
            () ->
                m.submitEvent(
                    EventParams.builder().machineId(id).value(1001).timestamp(ts).build()))
        .isInstanceOf(ValueCapExceededException.class)
        .satisfies(
            e ->
                assertThat(((ValueCapExceededException) e).cap())
                    .isEqualTo(BigInteger.valueOf(1000)));
    m.submitEvent(EventParams.builder().machineId(id).value(1000).timestamp(ts).build());
    m.submitEvent(EventParams.builder().machineId(id).value(1).timestamp(ts).build());
    assertThatThrownBy(
            () -> m.submitEvent(EventParams.builder().machineId(id).value(1).timestamp(ts).build()))
        .isInstanceOf(RateLimitExceededException.class)
        .satisfies(e -> assertThat(((RateLimitExceededException) e).maxEvents()).isEqualTo(2));
    assertThat(chain.nonce(m.address(), BlockRef.latest())).isEqualTo(nonce.add(BigInteger.TWO));
    clock.advance(Duration.ofSeconds(61));
    m.submitEvent(EventParams.builder().machineId(id).value(1).timestamp(ts).build());
    assertThat(eventCount(id)).isEqualTo(3);
  }

  @Test
  void noMessageOrToStringShowsAPrivateKey() {
    Keypair kp = PeaqosClient.generateKeypair();
    String bare = kp.privateKey().substring(2);
    devnet.setBalance(kp.address(), ETH.divide(BigInteger.TEN));
    PeaqosClient c = client(kp.privateKey());
    List<String> texts = new ArrayList<>();
    texts.add(kp.toString());
    texts.add(c.toString());
    texts.add(c.config().toString());
    texts.add(chain.sender(kp.privateKey()).toString());
    texts.add(
        chain
            .sender(kp.privateKey())
            .sign(TxRequest.transfer(WellKnownAddresses.ZERO, BigInteger.ONE))
            .toString());
    List<Runnable> failing =
        List.of(
            c::registerMachine,
            () -> c.mintNft(BigInteger.valueOf(999_999), kp.address()),
            () -> c.submitEvent(EventParams.builder().machineId(1).value(1).timestamp(1).build()),
            () -> PeaqosConfig.builder().devnet(dataDir).privateKey(kp.privateKey() + "ff").build(),
            () -> PeaqosConfig.builder().devnet(dataDir).identityRegistry(kp.privateKey()).build(),
            () -> Did.parse("did:peaq:" + kp.privateKey()),
            () -> c.withSigner(bare.substring(1)),
            () -> c.readAttribute(kp.privateKey(), "x"));
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
    java.io.PrintStream capture = new java.io.PrintStream(logs, true);
    System.setOut(capture);
    System.setErr(capture);
    try {
      for (Runnable r : failing) {
        try {
          r.run();
          texts.add("no exception");
        } catch (PeaqosException e) {
          e.printStackTrace();
          for (Throwable t = e; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
          }
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    texts.add(logs.toString());
    assertThat(texts)
        .hasSizeGreaterThan(10)
        .allSatisfy(t -> assertThat(t.toLowerCase()).doesNotContain(bare));
  }

  @Test
  void benchmarkSelfManagedFlow() {
    PeaqosClient funder = client(devnet.devAccount(2).privateKey());
    funder.verify();
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Keypair kp = PeaqosClient.generateKeypair();
      devnet.setBalance(kp.address(), ETH.multiply(BigInteger.TWO));
      PeaqosClient m = funder.withSigner(kp.privateKey());
      long t0 = System.nanoTime();
      BigInteger id = m.registerMachine();
      NftMint nft = m.mintNft(id, kp.address());
      m.writeMachineDIDAttributes(
          MachineDidAttributes.selfManaged(
              id, nft.tokenId(), "https://docs.example.com", "https://api.example.com"));
      millis.add((System.nanoTime() - t0) / 1_000_000);
    }
    List<Long> sorted = millis.stream().sorted().toList();
    double median = (sorted.get(4) + sorted.get(5)) / 2.0;
    System.out.printf(
        "BENCHMARK self-managed flow (register + mint + DID) on the devnet: median %.1f ms, min %d ms, max %d ms over %d runs%n",
        median, sorted.get(0), sorted.get(9), sorted.size());
    assertThat(sorted).hasSize(10);
  }

  @Test
  void observerSeesEachHashBeforeItIsSentAndCanStopIt() {
    Keypair kp = PeaqosClient.generateKeypair();
    devnet.setBalance(kp.address(), ETH.multiply(BigInteger.valueOf(3)));
    List<String> journal = new ArrayList<>();
    List<String> receipts = new ArrayList<>();
    TransactionObserver recorder =
        new TransactionObserver() {
          @Override
          public void beforeBroadcast(
              String operation, xyz.peaq.os.sdk.chain.SignedTransaction tx) {
            // Write-ahead: the node has not seen it yet.
            assertThat(chain.transaction(tx.hash())).isEmpty();
            journal.add(operation + " " + tx.hash());
          }

          @Override
          public void afterReceipt(String operation, xyz.peaq.os.sdk.chain.TxReceipt receipt) {
            receipts.add(operation + " " + receipt.transactionHash());
          }
        };
    PeaqosClient m =
        PeaqosClient.builder()
            .config(base.withPrivateKey(kp.privateKey()))
            .chain(chain)
            .observer(recorder)
            .build();
    BigInteger id = m.registerMachine();
    NftMint nft = m.mintNft(id, kp.address());
    m.writeMachineDIDAttributes(
        MachineDidAttributes.selfManaged(
            id, nft.tokenId(), "https://d.example", "https://a.example"));
    assertThat(journal).hasSize(3).isEqualTo(receipts);
    assertThat(journal.get(0)).startsWith("register 0x");
    assertThat(journal.get(1)).isEqualTo("mintNft " + nft.txHash());
    assertThat(journal.get(2)).startsWith("writeDidAttributes 0x");

    // A journal that cannot record stops the transaction; its nonce is reused afterwards.
    PeaqosClient failing =
        PeaqosClient.builder()
            .config(base.withPrivateKey(kp.privateKey()))
            .chain(chain)
            .observer(
                new TransactionObserver() {
                  @Override
                  public void beforeBroadcast(
                      String operation, xyz.peaq.os.sdk.chain.SignedTransaction tx) {
                    throw new IllegalStateException("disk full");
                  }
                })
            .build();
    BigInteger nonce = chain.nonce(kp.address(), BlockRef.latest());
    long ts = Instant.now().getEpochSecond() - 5;
    assertThatThrownBy(
            () ->
                failing.submitEvent(
                    EventParams.builder().machineId(id).value(1).timestamp(ts).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");
    assertThat(chain.nonce(kp.address(), BlockRef.pending())).isEqualTo(nonce);
    EventSubmission ok =
        m.submitEvent(EventParams.builder().machineId(id).value(1).timestamp(ts).build());
    assertThat(chain.transaction(ok.txHash()).orElseThrow().nonce()).isEqualTo(nonce);
  }

  @Test
  void fromEnvReadsTheDevnetEnvFileThatDevnetUpWrote() {
    PeaqosConfig cfg =
        PeaqosConfig.fromEnv(
            EnvSource.of(
                java.util.Map.of(
                    "PEAQOS_NETWORK",
                    "devnet",
                    "PEAQOS_DEVNET_DIR",
                    dataDir.toString(),
                    "PEAQOS_PRIVATE_KEY",
                    devnet.devAccount(3).privateKey())));
    assertThat(cfg.rpcUrl()).isEqualTo(devnet.rpcUrl());
    assertThat(cfg.contracts().identityRegistry()).isEqualTo(devnet.contracts().identityRegistry());
    try (PeaqosClient c = PeaqosClient.create(cfg)) {
      assertThat(c.verify().chainId()).isEqualTo(33380L);
      assertThat(c.address()).isEqualTo(devnet.devAccount(3).address());
      assertThat(c.minBond()).isEqualTo(ETH);
    }
  }

  static long eventCount(BigInteger machineId) {
    return ((BigInteger)
            Abi.decodeOne(
                chain.call(
                    base.contracts().eventRegistry(),
                    Abi.encodeCall("getEventCount", new Uint256(machineId))),
                "uint256"))
        .longValueExact();
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
