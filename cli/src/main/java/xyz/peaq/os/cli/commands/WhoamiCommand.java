package xyz.peaq.os.cli.commands;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.errors.ValidationException;

/** {@code peaqos whoami}: the signer, the network and the contracts in use. */
@Command(
    name = "whoami",
    description = "Show the configured address, network, RPC, chain id, MCR API and contracts.")
public final class WhoamiCommand implements Runnable {
  @Option(
      names = "--network",
      paramLabel = "NAME",
      description = "devnet, agung (or testnet) or mainnet (default PEAQOS_NETWORK).")
  String network;

  @Option(
      names = "--devnet-dir",
      paramLabel = "DIR",
      description = "Devnet folder (default ~/.peaqos/devnet, or PEAQOS_DEVNET_DIR).")
  Path devnetDir;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public void run() {
    CliEnv env = CliEnv.load();
    var net = Target.networkOf(env, network);
    boolean devnet = net.map("devnet"::equals).orElse(false);
    SignerKeys.Resolved key =
        SignerKeys.find(env, devnet)
            .orElseThrow(() -> ValidationException.required("PEAQOS_PRIVATE_KEY"));
    Target t = Target.resolve(env, net, devnetDir);
    for (String v : Target.ADDRESS_VARS) {
      t.address(v);
    }
    long chainId;
    try (ChainReads chain = ChainReads.connect(t.rpc())) {
      chainId = chain.fetchChainId();
    }
    if (t.expectedChainId() != null && t.expectedChainId() != chainId) {
      throw CliException.config(
          "The RPC at "
              + t.rpc()
              + " reports chain id "
              + chainId
              + " but "
              + t.network()
              + " expects "
              + t.expectedChainId());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", key.address());
    m.put("keySource", key.source());
    m.put("network", t.network());
    m.put("rpcUrl", t.rpc());
    m.put("chainId", chainId);
    m.put("mcrApiUrl", t.mcrUrl());
    m.put("gasStationUrl", t.gasStationUrl());
    m.put("contracts", t.addresses());
    if (json) {
      Json.print(m);
      return;
    }
    Out.result("Address     : " + key.address() + " (key from " + key.source() + ")");
    Out.result("Network     : " + t.network());
    Out.result("RPC URL     : " + t.rpc());
    Out.result("Chain ID    : " + chainId);
    Out.result("MCR API     : " + t.mcrUrl());
    Out.result("Gas Station : " + (t.gasStationUrl() == null ? "(none)" : t.gasStationUrl()));
    Out.result("Contracts:");
    Out.result("  IdentityRegistry : " + t.address(Target.IDENTITY_REGISTRY));
    Out.result("  IdentityStaking  : " + t.address(Target.IDENTITY_STAKING));
    Out.result("  EventRegistry    : " + t.address(Target.EVENT_REGISTRY));
    Out.result("  MachineNFT       : " + t.address(Target.MACHINE_NFT));
    Out.result("  DID Registry     : " + t.address(Target.DID_REGISTRY));
    Out.result("  Batch Precompile : " + t.address(Target.BATCH_PRECOMPILE));
  }
}
