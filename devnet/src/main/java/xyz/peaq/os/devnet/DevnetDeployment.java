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
 * implementations, who deployed them and in which block. {@code econ2} is the Economics 2.0 set
 * deployed beside the 1.0 contracts; null only in a folder written before 2.0 existed (the next
 * start deploys it).
 */
public record DevnetDeployment(
    long chainId,
    String deployer,
    long deployedAtBlock,
    DevnetContracts contracts,
    Map<String, String> implementations,
    Econ2Contracts econ2) {

  static final String FILE_NAME = "deployment.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DevnetDeployment {
    Objects.requireNonNull(deployer, "deployer");
    Objects.requireNonNull(contracts, "contracts");
    implementations = Map.copyOf(implementations);
  }

  /** A deployment of the 1.0 set only. */
  public DevnetDeployment(
      long chainId,
      String deployer,
      long deployedAtBlock,
      DevnetContracts contracts,
      Map<String, String> implementations) {
    this(chainId, deployer, deployedAtBlock, contracts, implementations, null);
  }

  /** The Economics 2.0 set, when deployed. */
  public Optional<Econ2Contracts> econ2Contracts() {
    return Optional.ofNullable(econ2);
  }

  DevnetDeployment withEcon2(Econ2Contracts set, Map<String, String> moreImplementations) {
    Map<String, String> all = new LinkedHashMap<>(implementations);
    all.putAll(moreImplementations);
    return new DevnetDeployment(chainId, deployer, deployedAtBlock, contracts, all, set);
  }

  DevnetDeployment withChainId(long newChainId) {
    return new DevnetDeployment(
        newChainId, deployer, deployedAtBlock, contracts, implementations, econ2);
  }

  /** Reads {@code <dataDir>/deployment.json}; empty when there is none. */
  public static Optional<DevnetDeployment> read(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) return Optional.empty();
    try {
      JsonNode n = JSON.readTree(file.toFile());
      JsonNode c = n.path("contracts");
      DevnetContracts contracts =
          new DevnetContracts(
              c.path("identityRegistry").asText(), c.path("identityStaking").asText(),
              c.path("eventRegistry").asText(), c.path("machineNft").asText(),
              c.path("didRegistry").asText(), c.path("batchPrecompile").asText());
      Map<String, String> impls = new LinkedHashMap<>();
      n.path("implementations")
          .fields()
          .forEachRemaining(e -> impls.put(e.getKey(), e.getValue().asText()));
      JsonNode e2 = n.path("econ2");
      Econ2Contracts econ2 =
          e2.isObject()
              ? new Econ2Contracts(
                  e2.path("infoDesk").asText(),
                  e2.path("machineRegistry").asText(),
                  e2.path("machineStateAndSync").asText(),
                  e2.path("machineSubscription").asText(),
                  e2.path("crossChainMirror").asText(),
                  e2.path("machineBridgeAdapter").asText(),
                  e2.path("subscriptionTokenProvisionPool").asText(),
                  e2.path("eventRegistry").asText(),
                  e2.path("priceOracle").asText())
              : null;
      return Optional.of(
          new DevnetDeployment(
              n.path("chainId").asLong(),
              n.path("deployer").asText(),
              n.path("deployedAtBlock").asLong(),
              contracts,
              impls,
              econ2));
    } catch (IOException e) {
      throw new DevnetException(
          "cannot read "
              + file
              + " ("
              + e.getMessage()
              + "); delete the data folder to start afresh",
          e);
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
    if (econ2 != null) {
      ObjectNode e = n.putObject("econ2");
      e.put("deploymentId", Econ2Contracts.DEPLOYMENT_ID);
      e.put("infoDesk", econ2.infoDesk());
      e.put("machineRegistry", econ2.machineRegistry());
      e.put("machineStateAndSync", econ2.machineStateAndSync());
      e.put("machineSubscription", econ2.machineSubscription());
      e.put("crossChainMirror", econ2.crossChainMirror());
      e.put("machineBridgeAdapter", econ2.machineBridgeAdapter());
      e.put("subscriptionTokenProvisionPool", econ2.subscriptionTokenProvisionPool());
      e.put("eventRegistry", econ2.eventRegistry());
      e.put("priceOracle", econ2.priceOracle());
      e.put("peaqToken", econ2.peaqToken());
    }
    ObjectNode i = n.putObject("implementations");
    new java.util.TreeMap<>(implementations).forEach(i::put);
    try {
      Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
      JSON.writeValue(tmp.toFile(), n);
      Files.move(
          tmp,
          dataDir.resolve(FILE_NAME),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dataDir.resolve(FILE_NAME), e);
    }
  }
}
