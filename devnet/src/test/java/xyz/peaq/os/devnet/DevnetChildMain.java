package xyz.peaq.os.devnet;

import java.nio.file.Path;

/** Started as a separate JVM by {@link DevnetLifecycleTest}: runs a devnet until it is killed. */
public final class DevnetChildMain {
  private DevnetChildMain() {}

  public static void main(String[] args) throws Exception {
    DevnetOptions.Builder options = DevnetOptions.builder().dataDir(Path.of(args[0]));
    if (args.length > 1) options.stateIntervalSeconds(Integer.parseInt(args[1]));
    DevnetChain chain = DevnetChain.start(options.build());
    System.out.println("ANVIL_PID " + chain.anvilPid());
    System.out.println("RPC_URL " + chain.rpcUrl());
    System.out.flush();
    // Block until killed; the test SIGKILLs this JVM, so no shutdown hook runs.
    System.in.read();
    Thread.sleep(Long.MAX_VALUE);
  }
}
