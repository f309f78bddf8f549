package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.peaq.os.devnet.TestClient.ONE_PEAQ;
import static xyz.peaq.os.devnet.TestClient.encode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import xyz.peaq.os.foundation.DotEnv;

class DevnetLifecycleTest {
  @TempDir Path dir;

  private static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline)
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      Thread.sleep(20);
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void restartOnTheSameFolderKeepsMachinesAndAttributesAndDeploysNothingTwice() throws Exception {
    DevnetOptions options = DevnetOptions.builder().dataDir(dir).build();
    DevnetContracts first;
    String machine;
    long firstPid;
    String deploymentJson;
    try (DevnetChain chain = DevnetChain.start(options)) {
      assertThat(chain.freshlyDeployed()).isTrue();
      first = chain.contracts();
      firstPid = chain.anvilPid();
      TestClient client = new TestClient(chain);
      Credentials wallet = client.newFundedWallet(3);
      machine = wallet.getAddress();
      client.send(wallet, first.identityRegistry(), encode("register"), ONE_PEAQ);
      client.send(wallet, first.didRegistry(), Did.add(machine, "machineId", "1"));
      deploymentJson = Files.readString(dir.resolve("deployment.json"));
    }
    assertThat(alive(firstPid)).as("anvil stopped by close()").isFalse();
    assertThat(DevnetChain.inspect(dir))
        .hasValueSatisfying(info -> assertThat(info.running()).isFalse());

    try (DevnetChain chain = DevnetChain.start(options)) {
      assertThat(chain.freshlyDeployed()).isFalse();
      assertThat(chain.contracts()).isEqualTo(first);
      assertThat(Files.readString(dir.resolve("deployment.json"))).isEqualTo(deploymentJson);
      TestClient client = new TestClient(chain);
      assertThat(
              client.callUint(
                  first.identityRegistry(), encode("machineIdOf", new Address(machine))))
          .isEqualTo(1);
      assertThat(client.callBool(first.identityStaking(), encode("isStaked", new Uint256(1))))
          .isTrue();
      assertThat(
              Did.decode(client.call(first.didRegistry(), Did.read(machine, "machineId"))).text())
          .isEqualTo("1");
      assertThat(client.callUint(first.identityRegistry(), encode("nextMachineId"))).isEqualTo(2);
      assertThat(DotEnv.read(chain.envFile())).containsEntry("PEAQOS_RPC_URL", chain.rpcUrl());
    }
  }

  @Test
  void noAnvilSurvivesASigkilledJvmAndTheStateIsKept() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                DevnetChildMain.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long anvilPid;
    String rpcUrl;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String pidLine = out.readLine();
      String rpcLine = out.readLine();
      assertThat(pidLine).as("child output").startsWith("ANVIL_PID ");
      anvilPid = Long.parseLong(pidLine.substring("ANVIL_PID ".length()).trim());
      rpcUrl = rpcLine.substring("RPC_URL ".length()).trim();
      assertThat(alive(anvilPid)).isTrue();

      // register a machine from dev account 1 and wait until anvil has dumped state after it
      Web3j web3j = Web3j.build(new HttpService(rpcUrl));
      try {
        DevnetContracts contracts = DevnetDeployment.read(dir).orElseThrow().contracts();
        Credentials dev1 = Credentials.create(DevAccount.of(1).privateKey());
        EthSendTransaction sent =
            new RawTransactionManager(web3j, dev1, DevnetOptions.DEFAULT_CHAIN_ID)
                .sendTransaction(
                    TestClient.GAS_PRICE,
                    TestClient.GAS_LIMIT,
                    contracts.identityRegistry(),
                    encode("register"),
                    ONE_PEAQ);
        assertThat(sent.hasError()).isFalse();
        TransactionReceipt[] receipt = new TransactionReceipt[1];
        await(
            "receipt",
            Duration.ofSeconds(10),
            () -> {
              try {
                receipt[0] =
                    web3j
                        .ethGetTransactionReceipt(sent.getTransactionHash())
                        .send()
                        .getTransactionReceipt()
                        .orElse(null);
                return receipt[0] != null;
              } catch (Exception e) {
                return false;
              }
            });
        assertThat(receipt[0].isStatusOK()).isTrue();
      } finally {
        web3j.shutdown();
      }
      FileTime mined = FileTime.fromMillis(System.currentTimeMillis());
      Path state = dir.resolve("state.json");
      await(
          "a state dump after the registration",
          Duration.ofSeconds(15),
          () -> {
            try {
              return Files.exists(state) && Files.getLastModifiedTime(state).compareTo(mined) > 0;
            } catch (Exception e) {
              return false;
            }
          });
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child
    }
    assertThat(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    await(
        "anvil pid " + anvilPid + " to exit after its JVM was killed",
        Duration.ofSeconds(15),
        () -> !alive(anvilPid));

    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(chain.freshlyDeployed()).isFalse();
      TestClient client = new TestClient(chain);
      assertThat(
              client.callUint(
                  chain.contracts().identityRegistry(),
                  encode("machineIdOf", new Address(DevAccount.of(1).address()))))
          .isEqualTo(1);
    }
  }

  @Test
  void inspectReportsARunningDevnet() throws Exception {
    assertThat(DevnetChain.inspect(dir)).isEmpty();
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      DevnetInfo info = DevnetChain.inspect(dir).orElseThrow();
      assertThat(info.running()).isTrue();
      assertThat(info.rpcUrl()).isEqualTo(chain.rpcUrl());
      assertThat(info.anvilPid()).hasValue(chain.anvilPid());
      assertThat(info.contracts()).isEqualTo(chain.contracts());
      assertThat(info.chainId()).isEqualTo(DevnetOptions.DEFAULT_CHAIN_ID);
      assertThat(info.env()).containsEntry("PEAQOS_CHAIN_ID", "33380");
    }
  }

  @Test
  void aSecondDevnetOnTheSameFolderIsRefused() throws Exception {
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> DevnetChain.start(DevnetOptions.builder().dataDir(dir).build()))
          .isInstanceOf(DevnetException.class)
          .hasMessageContaining("already running");
      assertThat(chain.web3j().ethChainId().send().getChainId())
          .isEqualTo(BigInteger.valueOf(33380));
    }
  }

  @Test
  void envFileHasTheSpecVariablesIsPrivateAndTakesExtras() throws Exception {
    try (DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(dir).chainId(4242).build())) {
      Map<String, String> env = DotEnv.read(chain.envFile());
      assertThat(env)
          .containsEntry("PEAQOS_NETWORK", "devnet")
          .containsEntry("PEAQOS_CHAIN_ID", "4242")
          .containsEntry("PEAQOS_RPC_URL", chain.rpcUrl())
          .containsEntry("IDENTITY_REGISTRY_ADDRESS", chain.contracts().identityRegistry())
          .containsEntry("IDENTITY_STAKING_ADDRESS", chain.contracts().identityStaking())
          .containsEntry("EVENT_REGISTRY_ADDRESS", chain.contracts().eventRegistry())
          .containsEntry("MACHINE_NFT_ADDRESS", chain.contracts().machineNft())
          .containsEntry("DID_REGISTRY_ADDRESS", "0x0000000000000000000000000000000000000800")
          .containsEntry("BATCH_PRECOMPILE_ADDRESS", "0x0000000000000000000000000000000000000805");
      assertThat(chain.web3j().ethChainId().send().getChainId())
          .isEqualTo(BigInteger.valueOf(4242));
      chain.writeEnv(Map.of("PEAQOS_GAS_STATION_URL", "http://127.0.0.1:1"));
      chain.writeEnv(Map.of("PEAQOS_MCR_API_URL", "http://127.0.0.1:2"));
      assertThat(DotEnv.read(chain.envFile()))
          .containsEntry("PEAQOS_GAS_STATION_URL", "http://127.0.0.1:1")
          .containsEntry("PEAQOS_MCR_API_URL", "http://127.0.0.1:2")
          .containsEntry("PEAQOS_NETWORK", "devnet");
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(chain.envFile())))
          .isEqualTo("rw-------");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> chain.writeEnv(Map.of("bad name", "x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad name");
    }
  }

  @Test
  void setBalanceFundsAnAccount() throws Exception {
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      String who = "0x00000000000000000000000000000000000000aa";
      chain.setBalance(who, BigInteger.valueOf(12345));
      assertThat(
              chain
                  .web3j()
                  .ethGetBalance(who, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                  .send()
                  .getBalance())
          .isEqualTo(12345);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> chain.setBalance(who, BigInteger.valueOf(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void intervalMiningIsAvailable() throws Exception {
    try (DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(dir).blockTimeSeconds(1).build())) {
      BigInteger start = chain.web3j().ethBlockNumber().send().getBlockNumber();
      await(
          "a block mined by the interval",
          Duration.ofSeconds(10),
          () -> {
            try {
              return chain.web3j().ethBlockNumber().send().getBlockNumber().compareTo(start) > 0;
            } catch (Exception e) {
              return false;
            }
          });
    }
  }

  @Test
  void anAnvilOrphanedWithItsGuardIsStoppedByTheNextStart() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                DevnetChildMain.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long anvilPid;
    try {
      String pidLine =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(pidLine).as("child output").startsWith("ANVIL_PID ");
      anvilPid = Long.parseLong(pidLine.substring("ANVIL_PID ".length()).trim());
      // kill the JVM and the guard together, as `kill -9` of a whole process group would
      for (ProcessHandle h : child.descendants().toList()) {
        if (h.pid() != anvilPid) h.destroyForcibly();
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(alive(anvilPid)).as("anvil orphaned for the test").isTrue();
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(alive(anvilPid)).as("the orphan was stopped").isFalse();
      assertThat(chain.freshlyDeployed()).isFalse();
    } finally {
      ProcessHandle.of(anvilPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aSigkilledJvmLosesNothingBecauseAnvilDumpsOnItsWayOut() throws Exception {
    // state interval of an hour: only the dump anvil makes when the guard stops it can save the
    // machine
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                DevnetChildMain.class.getName(),
                dir.toString(),
                "3600")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long anvilPid;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      anvilPid = Long.parseLong(out.readLine().substring("ANVIL_PID ".length()).trim());
      String rpcUrl = out.readLine().substring("RPC_URL ".length()).trim();
      Web3j web3j = Web3j.build(new HttpService(rpcUrl));
      try {
        DevnetContracts contracts = DevnetDeployment.read(dir).orElseThrow().contracts();
        Credentials dev3 = Credentials.create(DevAccount.of(3).privateKey());
        EthSendTransaction sent =
            new RawTransactionManager(web3j, dev3, DevnetOptions.DEFAULT_CHAIN_ID)
                .sendTransaction(
                    TestClient.GAS_PRICE,
                    TestClient.GAS_LIMIT,
                    contracts.identityRegistry(),
                    encode("register"),
                    ONE_PEAQ);
        await(
            "receipt",
            Duration.ofSeconds(10),
            () -> {
              try {
                return web3j
                    .ethGetTransactionReceipt(sent.getTransactionHash())
                    .send()
                    .getTransactionReceipt()
                    .isPresent();
              } catch (Exception e) {
                return false;
              }
            });
      } finally {
        web3j.shutdown();
      }
    } finally {
      child.destroyForcibly();
    }
    await(
        "anvil pid to exit after its JVM was killed",
        Duration.ofSeconds(15),
        () -> !alive(anvilPid));
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(chain.freshlyDeployed()).isFalse();
      assertThat(
              new TestClient(chain)
                  .callUint(
                      chain.contracts().identityRegistry(),
                      encode("machineIdOf", new Address(DevAccount.of(3).address()))))
          .isEqualTo(1);
    }
  }

  @Test
  void ctrlCToTheWholeProcessGroupStopsAnvilInOrderAndKeepsTheState() throws Exception {
    Path setsid = Path.of("/usr/bin/setsid");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(setsid), "needs setsid to make a process group");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // its own process group, like a terminal's foreground job; a one-hour state interval
    Process child =
        new ProcessBuilder(
                setsid.toString(),
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                DevnetChildMain.class.getName(),
                dir.toString(),
                "3600")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long anvilPid;
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      anvilPid = Long.parseLong(out.readLine().substring("ANVIL_PID ".length()).trim());
      String rpcUrl = out.readLine().substring("RPC_URL ".length()).trim();
      Web3j web3j = Web3j.build(new HttpService(rpcUrl));
      try {
        DevnetContracts contracts = DevnetDeployment.read(dir).orElseThrow().contracts();
        Credentials dev4 = Credentials.create(DevAccount.of(4).privateKey());
        EthSendTransaction sent =
            new RawTransactionManager(web3j, dev4, DevnetOptions.DEFAULT_CHAIN_ID)
                .sendTransaction(
                    TestClient.GAS_PRICE,
                    TestClient.GAS_LIMIT,
                    contracts.identityRegistry(),
                    encode("register"),
                    ONE_PEAQ);
        await(
            "receipt",
            Duration.ofSeconds(10),
            () -> {
              try {
                return web3j
                    .ethGetTransactionReceipt(sent.getTransactionHash())
                    .send()
                    .getTransactionReceipt()
                    .isPresent();
              } catch (Exception e) {
                return false;
              }
            });
      } finally {
        web3j.shutdown();
      }
      Process kill =
          new ProcessBuilder("kill", "-INT", "--", "-" + child.pid()).inheritIO().start();
      assertThat(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
          .as("child JVM exits on SIGINT")
          .isTrue();
    } finally {
      child.destroyForcibly();
    }
    await("anvil to exit after Ctrl-C", Duration.ofSeconds(15), () -> !alive(anvilPid));
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      assertThat(
              new TestClient(chain)
                  .callUint(
                      chain.contracts().identityRegistry(),
                      encode("machineIdOf", new Address(DevAccount.of(4).address()))))
          .isEqualTo(1);
    }
  }

  @Test
  void aNewChainIdOnTheSameFolderKeepsTheContractsAndIsRecorded() throws Exception {
    DevnetContracts first;
    try (DevnetChain chain = DevnetChain.start(DevnetOptions.builder().dataDir(dir).build())) {
      first = chain.contracts();
    }
    try (DevnetChain chain =
        DevnetChain.start(DevnetOptions.builder().dataDir(dir).chainId(4242).build())) {
      assertThat(chain.freshlyDeployed()).isFalse();
      assertThat(chain.contracts()).isEqualTo(first);
      assertThat(chain.web3j().ethChainId().send().getChainId())
          .isEqualTo(BigInteger.valueOf(4242));
      assertThat(DevnetChain.inspect(dir).orElseThrow().chainId()).isEqualTo(4242);
    }
  }
}
