package xyz.peaq.os.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What was deployed into a devnet data folder ({@code deployment.json}): the proxies, their
 * implementations, who deployed them and in which block.
 */
public record DevnetDeployment(
        long chainId,
        String deployer,
        long deployedAtBlock,
        DevnetContracts contracts,
        Map<String, String> implementations) {

    static final String FILE_NAME = "deployment.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DevnetDeployment {
        Objects.requireNonNull(deployer, "deployer");
        Objects.requireNonNull(contracts, "contracts");
        implementations = Map.copyOf(implementations);
    }

    /** Reads {@code <dataDir>/deployment.json}; empty when there is none. */
    public static Optional<DevnetDeployment> read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(file.toFile());
            JsonNode c = n.path("contracts");
            DevnetContracts contracts = new DevnetContracts(
                    c.path("identityRegistry").asText(), c.path("identityStaking").asText(),
                    c.path("eventRegistry").asText(), c.path("machineNft").asText(),
                    c.path("didRegistry").asText(), c.path("batchPrecompile").asText());
            Map<String, String> impls = new LinkedHashMap<>();
            n.path("implementations").fields().forEachRemaining(e -> impls.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new DevnetDeployment(n.path("chainId").asLong(), n.path("deployer").asText(),
                    n.path("deployedAtBlock").asLong(), contracts, impls));
        } catch (IOException e) {
            throw new DevnetException("cannot read " + file + " (" + e.getMessage() + "); delete the data folder to start afresh", e);
        }
    }

    void write(Path dataDir) {
        ObjectNode n = JSON.createObjectNode();
        n.put("chainId", chainId);
        n.put("deployer", deployer);
        n.put("deployedAtBlock", deployedAtBlock);
        ObjectNode c = n.putObject("contracts");
        c.put("identityRegistry", contracts.identityRegistry());
        c.put("identityStaking", contracts.identityStaking());
        c.put("eventRegistry", contracts.eventRegistry());
        c.put("machineNft", contracts.machineNft());
        c.put("didRegistry", contracts.didRegistry());
        c.put("batchPrecompile", contracts.batchPrecompile());
        ObjectNode i = n.putObject("implementations");
        new java.util.TreeMap<>(implementations).forEach(i::put);
        try {
            Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
            JSON.writeValue(tmp.toFile(), n);
            Files.move(tmp, dataDir.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE_NAME), e);
        }
    }
}
