package xyz.peaq.os.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
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
        return hasCode(c.identityRegistry()) && hasCode(c.identityStaking()) && hasCode(c.eventRegistry())
                && hasCode(c.machineNft());
    }

    /**
     * Deploys; with interval mining, mining switches to automine for the deployment (a dozen
     * transactions would otherwise wait a block time each) and back afterwards.
     */
    DevnetDeployment deployMined(long chainId, Optional<Integer> blockTimeSeconds) {
        if (blockTimeSeconds.isEmpty()) return deploy(chainId);
        rpc("evm_setAutomine", true);
        try {
            return deploy(chainId);
        } finally {
            rpc("evm_setIntervalMining", blockTimeSeconds.get());
        }
    }

    DevnetDeployment deploy(long chainId) {
        Map<String, String> impls = new LinkedHashMap<>();
        String stakingImpl = create(ContractArtifacts.identityStaking(), List.of());
        String staking = proxy(stakingImpl, call("initialize", new Address(zero()), new Address(deployer)));
        String registryImpl = create(ContractArtifacts.identityRegistry(), List.of());
        String registry = proxy(registryImpl, call("initialize", new Address(deployer)));
        String nftImpl = create(ContractArtifacts.machineNft(), List.of());
        String nft = proxy(nftImpl, call("initialize", new Address(registry), new Address(staking), new Address(deployer)));
        String eventsImpl = create(ContractArtifacts.eventRegistry(), List.of());
        String events = proxy(eventsImpl, call("initialize", new Address(registry), new Address(staking), new Address(deployer)));
        TransactionReceipt last = send(staking, call("authorize", new Address(registry)));
        send(registry, call("setIdentityStaking", new Address(staking)));
        impls.put("IdentityStaking", checksum(stakingImpl));
        impls.put("IdentityRegistry", checksum(registryImpl));
        impls.put("MachineNFT", checksum(nftImpl));
        impls.put("EventRegistry", checksum(eventsImpl));
        DevnetContracts contracts = new DevnetContracts(checksum(registry), checksum(staking), checksum(events),
                checksum(nft), WellKnownAddresses.DID_PRECOMPILE, WellKnownAddresses.BATCH_PRECOMPILE);
        return new DevnetDeployment(chainId, deployer, last.getBlockNumber().longValueExact(), contracts, impls);
    }

    /** Installs (or refreshes, when the compiled code changed) the DID and batch emulations; storage is kept. */
    void installPrecompiles() {
        setCodeIfDifferent(WellKnownAddresses.DID_PRECOMPILE, ContractArtifacts.didPrecompile());
        setCodeIfDifferent(WellKnownAddresses.BATCH_PRECOMPILE, ContractArtifacts.batchPrecompile());
    }

    void setBalance(String address, BigInteger wei) {
        rpc("anvil_setBalance", address, Numeric.toHexStringWithPrefix(wei));
    }

    private void setCodeIfDifferent(String address, ContractArtifact artifact) {
        String current = code(address);
        if (!current.equalsIgnoreCase(artifact.deployedBytecode())) rpc("anvil_setCode", address, artifact.deployedBytecode());
    }

    private String create(ContractArtifact artifact, List<Type> args) {
        String data = artifact.bytecode() + (args.isEmpty() ? "" : FunctionEncoder.encodeConstructor(args));
        TransactionReceipt receipt = submit(Transaction.createContractTransaction(deployer, null, null, data), artifact.name());
        return receipt.getContractAddress();
    }

    private String proxy(String implementation, String initData) {
        ContractArtifact proxy = ContractArtifacts.proxy();
        String data = proxy.bytecode() + FunctionEncoder.encodeConstructor(
                List.of(new Address(implementation), new DynamicBytes(Numeric.hexStringToByteArray(initData))));
        return submit(Transaction.createContractTransaction(deployer, null, null, data), "proxy of " + implementation)
                .getContractAddress();
    }

    private TransactionReceipt send(String to, String data) {
        return submit(Transaction.createFunctionCallTransaction(deployer, null, null, null, to, data), "call to " + to);
    }

    private TransactionReceipt submit(Transaction tx, String what) {
        try {
            EthSendTransaction sent = web3j.ethSendTransaction(tx).send();
            if (sent.hasError()) {
                throw new DevnetException("deploying the devnet failed at " + what + ": " + sent.getError().getMessage());
            }
            String hash = sent.getTransactionHash();
            long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
            while (true) {
                Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
                if (receipt.isPresent()) {
                    if (!receipt.get().isStatusOK()) {
                        throw new DevnetException("deploying the devnet failed at " + what + ": transaction " + hash + " reverted");
                    }
                    return receipt.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new DevnetException("no receipt for " + what + " (" + hash + ") within " + RECEIPT_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(25);
            }
        } catch (IOException e) {
            throw new DevnetException("deploying the devnet failed at " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while deploying the devnet", e);
        }
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
            Response<?> r = new Request<>(method, Arrays.asList(params), service, VoidResponse.class).send();
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
