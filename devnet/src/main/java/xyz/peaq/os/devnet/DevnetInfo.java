package xyz.peaq.os.devnet;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A devnet data folder as seen from outside the process that runs it (for {@code peaqos devnet
 * status}).
 *
 * @param dataDir the folder
 * @param rpcUrl the RPC URL last written to devnet.env
 * @param chainId the chain id
 * @param contracts the deployed contracts
 * @param anvilPid the pid of the anvil process last started there, when recorded
 * @param running whether that anvil process is alive and answering at {@code rpcUrl}
 * @param env every variable of devnet.env
 */
public record DevnetInfo(
    Path dataDir,
    String rpcUrl,
    long chainId,
    DevnetContracts contracts,
    OptionalLong anvilPid,
    boolean running,
    Map<String, String> env) {
  public DevnetInfo {
    env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
  }
}
