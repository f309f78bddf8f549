package xyz.peaq.os.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract artifacts compiled during the build (contracts/build/compile.mjs), read from the classpath.
 */
public final class ContractArtifacts {
    public static final String IDENTITY_REGISTRY = "IdentityRegistry";
    public static final String IDENTITY_STAKING = "IdentityStaking";
    public static final String MACHINE_NFT = "MachineNFT";
    public static final String EVENT_REGISTRY = "EventRegistry";
    public static final String DID_PRECOMPILE = "DidPrecompileEmulation";
    public static final String BATCH_PRECOMPILE = "BatchPrecompileEmulation";
    /** The ERC-1967 proxy the four UUPS contracts are deployed behind. */
    public static final String PROXY = "DevnetProxy";

    /** Every artifact a devnet deployment needs. */
    public static final List<String> NAMES = List.of(
            IDENTITY_REGISTRY, IDENTITY_STAKING, MACHINE_NFT, EVENT_REGISTRY, DID_PRECOMPILE, BATCH_PRECOMPILE, PROXY);

    private static final String ROOT = "/xyz/peaq/os/contracts/artifacts/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentHashMap<String, ContractArtifact> CACHE = new ConcurrentHashMap<>();

    private ContractArtifacts() {}

    /**
     * The artifact of one contract.
     *
     * @throws IllegalArgumentException when no artifact of that name was compiled
     */
    public static ContractArtifact load(String name) {
        return CACHE.computeIfAbsent(name, ContractArtifacts::read);
    }

    public static ContractArtifact identityRegistry() { return load(IDENTITY_REGISTRY); }
    public static ContractArtifact identityStaking() { return load(IDENTITY_STAKING); }
    public static ContractArtifact machineNft() { return load(MACHINE_NFT); }
    public static ContractArtifact eventRegistry() { return load(EVENT_REGISTRY); }
    public static ContractArtifact didPrecompile() { return load(DID_PRECOMPILE); }
    public static ContractArtifact batchPrecompile() { return load(BATCH_PRECOMPILE); }
    public static ContractArtifact proxy() { return load(PROXY); }

    private static ContractArtifact read(String name) {
        String resource = ROOT + name + ".json";
        try (InputStream in = ContractArtifacts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract artifact '" + name + "' on the classpath (" + resource
                        + "); known: " + NAMES + ". Build the contracts module (mvn -pl contracts generate-resources).");
            }
            JsonNode node = JSON.readTree(in);
            return new ContractArtifact(
                    node.path("contractName").asText(name),
                    JSON.writeValueAsString(node.path("abi")),
                    node.path("bytecode").asText(),
                    node.path("deployedBytecode").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract artifact " + resource, e);
        }
    }
}
