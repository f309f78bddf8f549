package xyz.peaq.os.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.utils.Numeric;
import xyz.peaq.os.contracts.ContractArtifact;
import xyz.peaq.os.contracts.ContractArtifacts;
import xyz.peaq.os.foundation.WellKnownAddresses;

/**
 * Deploys the four peaqOS contracts behind ERC-1967 proxies from anvil's (unlocked) dev account 0,
 * wires them together and installs the precompile emulations with anvil_setCode.
 */
final class Deployer {
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);

  private final Web3j web3j;
  private final Web3jService service;
  private final String deployer = DevAccount.of(0).address();

  Deployer(Web3j web3j, Web3jService service) {
    this.web3j = web3j;
    this.service = service;
  }

  /** True when every recorded contract still has code (the state file held the deployment). */
  boolean isDeployed(DevnetContracts c) {
    return hasCode(c.identityRegistry())
        && hasCode(c.identityStaking())
        && hasCode(c.eventRegistry())
        && hasCode(c.machineNft());
  }

  /**
   * Deploys; with interval mining, mining switches to automine for the deployment (a dozen
   * transactions would otherwise wait a block time each) and back afterwards.
   */
  DevnetDeployment deployMined(long chainId, Optional<Integer> blockTimeSeconds) {
    return mined(blockTimeSeconds, () -> deploy(chainId));
  }

  /** Deploys the Economics 2.0 set (see {@link #deployEcon2}) under automine. */
  Econ2Contracts deployEcon2Mined(
      Optional<Integer> blockTimeSeconds, Map<String, String> implementations) {
    return mined(blockTimeSeconds, () -> deployEcon2(implementations));
  }

  private <T> T mined(Optional<Integer> blockTimeSeconds, Supplier<T> work) {
    if (blockTimeSeconds.isEmpty()) return work.get();
    rpc("evm_setAutomine", true);
    try {
      return work.get();
    } finally {
      rpc("evm_setIntervalMining", blockTimeSeconds.get());
    }
  }

  /**
   * A state saved under a fork before cancun (the devnet's default was paris) ends in a block
   * without the blob-gas header fields, and anvil on prague then refuses every eth_call ("Excess
   * blob gas not set"). Mining one block under the current fork gives the chain a head that has
   * them.
   */
  void ensureBlobGasHead() {
    try {
      Response<?> r =
          new Request<>(
                  "eth_getBlockByNumber",
                  Arrays.asList("latest", false),
                  service,
                  MapResponse.class)
              .send();
      Object block = r.getResult();
      if (block instanceof Map<?, ?> m && !m.containsKey("excessBlobGas")) rpc("evm_mine");
    } catch (IOException e) {
      throw new DevnetException("eth_getBlockByNumber failed: " + e.getMessage(), e);
    }
  }

  /** A JSON-RPC response whose result is kept as a map. */
  public static final class MapResponse extends Response<Map<String, Object>> {}

  /** True when every recorded 2.0 contract still has code. */
  boolean isDeployed(Econ2Contracts c) {
    return c.all().stream().allMatch(this::hasCode);
  }

  /**
   * Deploys the Economics 2.0 set behind ERC-1967 proxies (adapter and pool as plain stand-ins),
   * registers the peers in InfoDesk, sets the PEAQ token (0x…0809), the default tier prices,
   * period, grace and runoff ({@link Econ2Defaults}) and stamps the default PEAQ/USD price.
   * Implementation addresses are added to {@code implementations}.
   */
  Econ2Contracts deployEcon2(Map<String, String> implementations) {
    String infoImpl = create(ContractArtifacts.load(ContractArtifacts.INFO_DESK), List.of());
    String info = proxy(infoImpl, call("initialize", new Address(deployer)));
    Map<String, String> proxies = new LinkedHashMap<>();
    implementations.put(ContractArtifacts.INFO_DESK, checksum(infoImpl));
    for (String name :
        List.of(
            ContractArtifacts.MACHINE_REGISTRY,
            ContractArtifacts.MACHINE_STATE_AND_SYNC,
            ContractArtifacts.MACHINE_SUBSCRIPTION,
            ContractArtifacts.CROSS_CHAIN_MIRROR,
            ContractArtifacts.EVENT_REGISTRY_V2,
            ContractArtifacts.PRICE_ORACLE)) {
      String impl = create(ContractArtifacts.load(name), List.of());
      proxies.put(name, proxy(impl, call("initialize", new Address(info))));
      implementations.put(name, checksum(impl));
    }
    String adapter =
        create(
            ContractArtifacts.load(ContractArtifacts.MACHINE_BRIDGE_ADAPTER),
            List.of(new Address(info)));
    // The USDT rail: a test USDT owned by the deployer, and the provision pool converting it
    // into PEAQ from a native reserve (see Econ2Defaults).
    String usdt =
        create(ContractArtifacts.load(ContractArtifacts.TEST_USDT), List.of(new Address(deployer)));
    String pool =
        create(
            ContractArtifacts.load(ContractArtifacts.PROVISION_POOL),
            List.of(new Address(info), new Address(usdt)));
    setBalance(pool, Econ2Defaults.PROVISION_POOL_RESERVE_WEI);
    for (int i = 0; i < DevAccount.COUNT; i++) {
      send(
          usdt,
          call(
              "mint",
              new Address(DevAccount.of(i).address()),
              new Uint256(Econ2Defaults.DEV_ACCOUNT_USDT)));
    }
    Map<String, String> peers = new LinkedHashMap<>();
    peers.put("MACHINE_REGISTRY", proxies.get(ContractArtifacts.MACHINE_REGISTRY));
    peers.put("MACHINE_SUBSCRIPTION", proxies.get(ContractArtifacts.MACHINE_SUBSCRIPTION));
    peers.put("MACHINE_STATE_AND_SYNC", proxies.get(ContractArtifacts.MACHINE_STATE_AND_SYNC));
    peers.put("CROSS_CHAIN_MIRROR", proxies.get(ContractArtifacts.CROSS_CHAIN_MIRROR));
    peers.put("MACHINE_BRIDGE_ADAPTER", adapter);
    peers.put("SUBSCRIPTION_TOKEN_PROVISION_POOL", pool);
    peers.put("PRICE_ORACLE", proxies.get(ContractArtifacts.PRICE_ORACLE));
    peers.forEach(
        (role, address) -> send(info, call("setPeer", roleKey(role), new Address(address))));
    send(info, call("setPeaqToken", new Address(Econ2Contracts.PEAQ_TOKEN_ADDRESS)));
    for (int tier = 0; tier < Econ2Defaults.TIER_PRICES_USD_E8.size(); tier++) {
      send(
          info,
          call(
              "setTierPriceUsd",
              new Uint8(tier),
              new Uint256(Econ2Defaults.TIER_PRICES_USD_E8.get(tier))));
    }
    send(info, call("setSubscriptionPeriodLength", new Uint64(Econ2Defaults.PERIOD_SECONDS)));
    send(info, call("setGraceDuration", new Uint64(Econ2Defaults.GRACE_SECONDS)));
    send(info, call("setRunoffDuration", new Uint64(Econ2Defaults.RUNOFF_SECONDS)));
    Econ2Contracts contracts =
        new Econ2Contracts(
            checksum(info),
            checksum(proxies.get(ContractArtifacts.MACHINE_REGISTRY)),
            checksum(proxies.get(ContractArtifacts.MACHINE_STATE_AND_SYNC)),
            checksum(proxies.get(ContractArtifacts.MACHINE_SUBSCRIPTION)),
            checksum(proxies.get(ContractArtifacts.CROSS_CHAIN_MIRROR)),
            checksum(adapter),
            checksum(pool),
            checksum(proxies.get(ContractArtifacts.EVENT_REGISTRY_V2)),
            checksum(proxies.get(ContractArtifacts.PRICE_ORACLE)));
    setPeaqUsdPrice(contracts, Econ2Defaults.PEAQ_USD_E8);
    return contracts;
  }

  // ---- devnet admin calls on the 2.0 set (from the deployer, which owns every contract) ----

  TransactionReceipt setPeaqUsdPrice(Econ2Contracts c, BigInteger usdE8) {
    return send(
        c.priceOracle(),
        call(
            "commitPrices",
            new DynamicArray<>(
                Bytes32.class,
                new Bytes32(Hash.sha3("PEAQ".getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
            new DynamicArray<>(Uint256.class, new Uint256(usdE8)),
            new Uint64(0)));
  }

  TransactionReceipt setTierPriceUsd(Econ2Contracts c, int tier, BigInteger usdE8) {
    return send(c.infoDesk(), call("setTierPriceUsd", new Uint8(tier), new Uint256(usdE8)));
  }

  TransactionReceipt setSubscriptionClock(Econ2Contracts c, String setter, long seconds) {
    return send(c.infoDesk(), call(setter, new Uint64(seconds)));
  }

  TransactionReceipt grantVoucher(Econ2Contracts c, String operator, BigInteger wei) {
    return send(
        c.machineSubscription(), call("grantVoucher", new Address(operator), new Uint256(wei)));
  }

  /** The provision pool's test USDT (read from the pool, as the SDK does). */
  String usdtToken(Econ2Contracts c) {
    try {
      String out =
          web3j
              .ethCall(
                  Transaction.createEthCallTransaction(
                      deployer, c.subscriptionTokenProvisionPool(), call("usdtToken")),
                  DefaultBlockParameterName.LATEST)
              .send()
              .getValue();
      return checksum("0x" + Numeric.cleanHexPrefix(out).substring(24));
    } catch (IOException | RuntimeException e) {
      throw new DevnetException("reading the provision pool's usdtToken() failed: " + e, e);
    }
  }

  TransactionReceipt mintUsdt(Econ2Contracts c, String to, BigInteger amount) {
    return send(usdtToken(c), call("mint", new Address(to), new Uint256(amount)));
  }

  TransactionReceipt setTechnicalPausedGlobal(Econ2Contracts c, boolean paused) {
    return send(c.machineStateAndSync(), call("setTechnicalPausedGlobal", new Bool(paused)));
  }

  TransactionReceipt setTechnicalPaused(Econ2Contracts c, BigInteger machineId, boolean paused) {
    return send(
        c.machineStateAndSync(),
        call("setTechnicalPaused", new Uint256(machineId), new Bool(paused)));
  }

  /**
   * Installs (or refreshes) the native-balance ERC-20 emulation at 0x…0809 and the EIP-7702
   * delegate NativeBalancePull; storage (allowances) is kept.
   */
  void installNativeToken() {
    setCodeIfDifferent(
        Econ2Contracts.PEAQ_TOKEN_ADDRESS, ContractArtifacts.load(ContractArtifacts.NATIVE_TOKEN));
    setCodeIfDifferent(
        Econ2Contracts.NATIVE_PULL_ADDRESS, ContractArtifacts.load(ContractArtifacts.NATIVE_PULL));
  }

  /**
   * Gives an account the EIP-7702 delegation to NativeBalancePull, so that 0x…0809 can move its
   * native balance. Accounts holding code (a contract, this or another delegation) are left alone.
   */
  void delegateNativePull(String address) {
    String code = code(address);
    if (code == null || code.length() <= 2) rpc("anvil_setCode", address, NATIVE_PULL_DESIGNATOR);
  }

  /**
   * {@link #delegateNativePull} for many accounts in two JSON-RPC batches (their code, then the
   * delegations they lack): one at a time, each delegation is a state override the devnet applies
   * alone, between blocks, and a fleet's wave of 200 waited for them one by one (0.4-1.2 s).
   */
  void delegateNativePullAll(List<String> addresses) {
    if (addresses.isEmpty()) return;
    try {
      org.web3j.protocol.core.BatchRequest reads = web3j.newBatch();
      for (String a : addresses) reads.add(web3j.ethGetCode(a, DefaultBlockParameterName.LATEST));
      List<? extends Response<?>> codes = reads.send().getResponses();
      org.web3j.protocol.core.BatchRequest writes = web3j.newBatch();
      int n = 0;
      for (int i = 0; i < addresses.size(); i++) {
        Response<?> code = codes.get(i);
        if (code.hasError())
          throw new DevnetException("eth_getCode failed: " + code.getError().getMessage());
        String c = (String) code.getResult();
        if (c == null || c.length() <= 2) {
          writes.add(
              new Request<>(
                  "anvil_setCode",
                  Arrays.asList(addresses.get(i), NATIVE_PULL_DESIGNATOR),
                  service,
                  VoidResponse.class));
          n++;
        }
      }
      if (n == 0) return;
      for (Response<?> r : writes.send().getResponses()) {
        if (r.hasError())
          throw new DevnetException("anvil_setCode failed: " + r.getError().getMessage());
      }
    } catch (IOException e) {
      throw new DevnetException("delegating native pulls failed: " + e.getMessage(), e);
    }
  }

  private static final String NATIVE_PULL_DESIGNATOR =
      "0xef0100" + Econ2Contracts.NATIVE_PULL_ADDRESS.substring(2).toLowerCase();

  private static Bytes32 roleKey(String role) {
    return new Bytes32(Hash.sha3(role.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  DevnetDeployment deploy(long chainId) {
    Map<String, String> impls = new LinkedHashMap<>();
    String stakingImpl = create(ContractArtifacts.identityStaking(), List.of());
    String staking =
        proxy(stakingImpl, call("initialize", new Address(zero()), new Address(deployer)));
    String registryImpl = create(ContractArtifacts.identityRegistry(), List.of());
    String registry = proxy(registryImpl, call("initialize", new Address(deployer)));
    String nftImpl = create(ContractArtifacts.machineNft(), List.of());
    String nft =
        proxy(
            nftImpl,
            call("initialize", new Address(registry), new Address(staking), new Address(deployer)));
    String eventsImpl = create(ContractArtifacts.eventRegistry(), List.of());
    String events =
        proxy(
            eventsImpl,
            call("initialize", new Address(registry), new Address(staking), new Address(deployer)));
    TransactionReceipt last = send(staking, call("authorize", new Address(registry)));
    send(registry, call("setIdentityStaking", new Address(staking)));
    impls.put("IdentityStaking", checksum(stakingImpl));
    impls.put("IdentityRegistry", checksum(registryImpl));
    impls.put("MachineNFT", checksum(nftImpl));
    impls.put("EventRegistry", checksum(eventsImpl));
    DevnetContracts contracts =
        new DevnetContracts(
            checksum(registry),
            checksum(staking),
            checksum(events),
            checksum(nft),
            WellKnownAddresses.DID_PRECOMPILE,
            WellKnownAddresses.BATCH_PRECOMPILE);
    return new DevnetDeployment(
        chainId, deployer, last.getBlockNumber().longValueExact(), contracts, impls);
  }

  /**
   * Installs (or refreshes, when the compiled code changed) the DID and batch emulations; storage
   * is kept. A DID emulation installed for the first time gets a {@code DidAttributeStore} created
   * for it (its address written into the emulation's store slot) and keeps its attributes there: a
   * forked chain reads each new slot of an account it did not create from the origin, one round
   * trip each (see the contract). One installed before keeps its attributes in its own storage.
   */
  void installPrecompiles(Optional<Integer> blockTimeSeconds) {
    String did = WellKnownAddresses.DID_PRECOMPILE;
    if (!hasCode(did) && isZero(storageAt(did, DID_STORE_SLOT))) {
      // a kill after the creation and before the slot is written leaves an unused store behind;
      // the next start creates another
      String store =
          mined(
              blockTimeSeconds,
              () ->
                  create(
                      ContractArtifacts.load(ContractArtifacts.DID_STORE),
                      List.of(new Address(did))));
      rpc(
          "anvil_setStorageAt",
          did,
          DID_STORE_SLOT,
          Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(store), 64));
    }
    setCodeIfDifferent(did, ContractArtifacts.didPrecompile());
    setCodeIfDifferent(WellKnownAddresses.BATCH_PRECOMPILE, ContractArtifacts.batchPrecompile());
  }

  /**
   * EIP-2935's block-hash history contract, which anvil installs at genesis from prague on and into
   * which every block writes its parent's hash: one more storage slot per block up to 8,191.
   */
  static final String BLOCK_HASH_HISTORY = "0x0000F90827F1C53a10cb7A02335B175320002935";

  /**
   * Removes the code of EIP-2935's history contract, so blocks no longer write into it (the system
   * call to an address without code does nothing). Why: anvil 1.7.1 recomputes the state root over
   * every storage slot at every block, and this ring buffer was most of a long devnet's slots
   * (8,191 of 13,675 at 8.7k blocks), so each block cost more the longer the chain. peaq (Frontier)
   * has no such contract, and the {@code BLOCKHASH} opcode does not read it.
   */
  void removeBlockHashHistory() {
    if (hasCode(BLOCK_HASH_HISTORY)) rpc("anvil_setCode", BLOCK_HASH_HISTORY, "0x");
  }

  void setBalance(String address, BigInteger wei) {
    rpc("anvil_setBalance", address, Numeric.toHexStringWithPrefix(wei));
  }

  private void setCodeIfDifferent(String address, ContractArtifact artifact) {
    String current = code(address);
    if (!current.equalsIgnoreCase(artifact.deployedBytecode()))
      rpc("anvil_setCode", address, artifact.deployedBytecode());
  }

  private String create(ContractArtifact artifact, List<Type> args) {
    String data =
        artifact.bytecode() + (args.isEmpty() ? "" : FunctionEncoder.encodeConstructor(args));
    TransactionReceipt receipt =
        submit(Transaction.createContractTransaction(deployer, null, null, data), artifact.name());
    return receipt.getContractAddress();
  }

  private String proxy(String implementation, String initData) {
    ContractArtifact proxy = ContractArtifacts.proxy();
    String data =
        proxy.bytecode()
            + FunctionEncoder.encodeConstructor(
                List.of(
                    new Address(implementation),
                    new DynamicBytes(Numeric.hexStringToByteArray(initData))));
    return submit(
            Transaction.createContractTransaction(deployer, null, null, data),
            "proxy of " + implementation)
        .getContractAddress();
  }

  private TransactionReceipt send(String to, String data) {
    return submit(
        Transaction.createFunctionCallTransaction(deployer, null, null, null, to, data),
        "call to " + to);
  }

  private TransactionReceipt submit(Transaction unsized, String what) {
    try {
      Transaction tx = withGasMargin(unsized, what);
      EthSendTransaction sent = web3j.ethSendTransaction(tx).send();
      if (sent.hasError()) {
        throw new DevnetException(
            "deploying the devnet failed at " + what + ": " + sent.getError().getMessage());
      }
      String hash = sent.getTransactionHash();
      long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
      while (true) {
        Optional<TransactionReceipt> receipt =
            web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        if (receipt.isPresent()) {
          if (!receipt.get().isStatusOK()) {
            throw new DevnetException(
                "deploying the devnet failed at "
                    + what
                    + ": transaction "
                    + hash
                    + " reverted"
                    + revertReason(tx, receipt.get()));
          }
          return receipt.get();
        }
        if (System.nanoTime() > deadline) {
          throw new DevnetException(
              "no receipt for "
                  + what
                  + " ("
                  + hash
                  + ") within "
                  + RECEIPT_TIMEOUT.toSeconds()
                  + " s");
        }
        Thread.sleep(25);
      }
    } catch (IOException e) {
      throw new DevnetException(
          "deploying the devnet failed at " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevnetException("interrupted while deploying the devnet", e);
    }
  }

  /**
   * The transaction with its gas estimated now plus a quarter: anvil's own estimate, taken when the
   * transaction is sent without gas, is exact, and a call whose cost depends on state that moves
   * before it is mined (a price commit after another block, a warm slot gone cold) then runs out of
   * gas.
   */
  private Transaction withGasMargin(Transaction tx, String what) throws IOException {
    var estimate = web3j.ethEstimateGas(tx).send();
    if (estimate.hasError()) {
      throw new DevnetException(
          "deploying the devnet failed at "
              + what
              + ": the gas estimate was refused ("
              + estimate.getError().getMessage()
              + ")");
    }
    BigInteger gas = estimate.getAmountUsed().multiply(BigInteger.valueOf(5)).shiftRight(2);
    return new Transaction(
        tx.getFrom(),
        null,
        null,
        gas,
        tx.getTo(),
        tx.getValue() == null ? null : Numeric.decodeQuantity(tx.getValue()),
        tx.getData());
  }

  /**
   * The revert data of a failed transaction, replayed with eth_call on the state before its block;
   * anvil runs with --prune-history, so when that state is gone the call is replayed on the block
   * itself (the devnet mines its own calls, so nothing else changed the contract in between).
   */
  private String revertReason(Transaction tx, TransactionReceipt receipt) {
    try {
      var call =
          web3j
              .ethCall(
                  tx,
                  org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                      receipt.getBlockNumber().subtract(BigInteger.ONE)))
              .send();
      if (call.hasError()
          && String.valueOf(call.getError().getMessage()).contains("BlockOutOfRange")) {
        call =
            web3j
                .ethCall(
                    tx,
                    org.web3j.protocol.core.DefaultBlockParameter.valueOf(receipt.getBlockNumber()))
                .send();
      }
      String data = call.hasError() ? String.valueOf(call.getError().getData()) : call.getValue();
      String message = call.hasError() ? call.getError().getMessage() : "";
      return " (" + message + (data == null || data.equals("null") ? "" : " " + data) + ")";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The DID emulation's slot holding its store's address (its {@code STORE_SLOT}). */
  static final String DID_STORE_SLOT =
      Numeric.toHexString(
          Hash.sha3(
              "peaqos.devnet.did-emulation.store"
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

  private String storageAt(String address, String slot) {
    try {
      return web3j
          .ethGetStorageAt(address, Numeric.toBigInt(slot), DefaultBlockParameterName.LATEST)
          .send()
          .getData();
    } catch (IOException e) {
      throw new DevnetException("eth_getStorageAt failed: " + e.getMessage(), e);
    }
  }

  private static boolean isZero(String word) {
    return word == null || Numeric.toBigInt(word).signum() == 0;
  }

  private boolean hasCode(String address) {
    String code = code(address);
    return code != null && code.length() > 2;
  }

  private String code(String address) {
    try {
      return web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
    } catch (IOException e) {
      throw new DevnetException("eth_getCode failed: " + e.getMessage(), e);
    }
  }

  private void rpc(String method, Object... params) {
    try {
      Response<?> r =
          new Request<>(method, Arrays.asList(params), service, VoidResponse.class).send();
      if (r.hasError()) throw new DevnetException(method + " failed: " + r.getError().getMessage());
    } catch (IOException e) {
      throw new DevnetException(method + " failed: " + e.getMessage(), e);
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static String call(String name, Type... args) {
    return FunctionEncoder.encode(new Function(name, (List) Arrays.asList(args), List.of()));
  }

  private static String zero() {
    return "0x0000000000000000000000000000000000000000";
  }

  private static String checksum(String address) {
    return Keys.toChecksumAddress(address);
  }
}
