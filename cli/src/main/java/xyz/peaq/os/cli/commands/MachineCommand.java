package xyz.peaq.os.cli.commands;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.activate.Econ2Machines;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.econ2.Econ2Client;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.econ2.Econ2Exception;
import xyz.peaq.os.sdk.econ2.MachineActivationState;
import xyz.peaq.os.sdk.econ2.Tier;
import xyz.peaq.os.sdk.econ2.Tokenomics;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * {@code peaqos machine}: an Economics 2.0 machine's state and its owner-or-controller writes
 * (status, suspend/resume, subscription activate/renew, the DID document setters), as the official
 * CLI 0.1.1 names them. The deployment is {@code PEAQOS_DEPLOYMENT_ID}, else the network's record
 * ({@code --network devnet} → {@code devnet}).
 */
@Command(
    name = "machine",
    description = "Economics 2.0 machine state and writes (owner or DID controller).",
    subcommands = {
      MachineCommand.Status.class,
      MachineCommand.Suspend.class,
      MachineCommand.Resume.class,
      MachineCommand.Renew.class,
      MachineCommand.Subscription.class,
      MachineCommand.Did.class
    })
public final class MachineCommand {

  /** Where and as whom: the options every machine subcommand shares. */
  static final class Where {
    @Option(
        names = "--network",
        paramLabel = "NAME",
        description = "devnet, agung or mainnet (default PEAQOS_NETWORK).")
    String network;

    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Devnet folder.")
    Path devnetDir;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Option(
        names = {"--yes", "-y"},
        description = "Accept the write (needed off the devnet).")
    boolean yes;

    <T> T run(boolean write, Function<Econ2Machines, T> body) {
      CliEnv env = CliEnv.load();
      Optional<String> net = Target.networkOf(env, network);
      String id =
          Tokenomics.deploymentId(env::orNull)
              .or(() -> net.map(Tokenomics::defaultDeployment))
              .orElseThrow(() -> ValidationException.required(Tokenomics.PEAQOS_DEPLOYMENT_ID));
      boolean devnet = Econ2Deployment.DEVNET.equals(id);
      Target target = Target.resolve(env, devnet ? Optional.of("devnet") : net, devnetDir);
      if (write && !devnet && !yes) {
        throw CliException.input("This write needs your consent: re-run with --yes.");
      }
      Econ2Machines machines = null;
      try {
        Econ2Deployment d =
            Econ2Deployment.resolve(id, devnet ? Target.devnetDir(env, devnetDir) : null);
        String rpc = target.rpc();
        try (ChainReads chain =
            ChainReads.connect(
                rpc,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                RetryPolicy.defaults(),
                Duration.ofSeconds(120))) {
          Optional<SignerKeys.Resolved> signer = SignerKeys.find(env, devnet);
          if (write && signer.isEmpty()) {
            throw ValidationException.required("PEAQOS_PRIVATE_KEY");
          }
          machines = new Econ2Machines(chain, d, signer.map(SignerKeys.Resolved::credentials));
          return body.apply(machines);
        }
      } catch (Econ2Exception e) {
        throw Econ2Machines.failure(e, json);
      }
    }
  }

  static BigInteger machineId(String s) {
    try {
      BigInteger v = new BigInteger(s.strip());
      if (v.signum() < 0 || v.bitLength() > 256) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw CliException.input(
          "MACHINE_ID must be a decimal uint256 (as machine_id in activate's JSON), got \""
              + s
              + "\"");
    }
  }

  static void printWrite(Where w, String operation, BigInteger id, TxReceipt r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "confirmed");
    out.put("operation", operation);
    out.put("machine_id", id.toString());
    out.put("transaction_hash", r.transactionHash());
    out.put("block_number", r.blockNumber().toString());
    if (w.json) {
      Json.print(out);
    } else {
      Out.result(operation + " confirmed for machine " + id + " (tx " + r.transactionHash() + ")");
    }
  }

  @Command(name = "status", description = "Owner, controller, subscription and home of MACHINE_ID.")
  static final class Status implements Runnable {
    @Mixin Where where = new Where();

    @Parameters(paramLabel = "MACHINE_ID")
    String machineId;

    @Override
    public void run() {
      BigInteger id = machineId(machineId);
      MachineActivationState s = where.run(false, m -> m.client().getMachineActivationState(id));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("machine_id", id.toString());
      out.put("did", Econ2Client.machineDid(id));
      out.put("owner", s.owner());
      out.put("controller", s.controller());
      out.put("subscription_status", s.subscription().statusName());
      out.put("tier", s.subscription().tier().id());
      out.put("period_start", Long.toString(s.subscription().periodStart()));
      out.put("period_end", Long.toString(s.subscription().periodEnd()));
      out.put("bonded_amount", s.subscription().bondedAmount().toString());
      out.put("is_homed_locally", s.homedLocally());
      out.put("suspended", s.suspended());
      if (where.json) {
        Json.print(out);
      } else {
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append(String.format("  %-20s: %s%n", k, v)));
        Out.result(sb.toString().stripTrailing());
      }
    }
  }

  @Command(name = "suspend", description = "Suspend MACHINE_ID (owner or controller).")
  static final class Suspend implements Runnable {
    @Mixin Where where = new Where();

    @Parameters(paramLabel = "MACHINE_ID")
    String machineId;

    @Override
    public void run() {
      BigInteger id = machineId(machineId);
      printWrite(where, "suspend", id, where.run(true, m -> m.client().suspend(id)));
    }
  }

  @Command(name = "resume", description = "Resume a suspended MACHINE_ID (owner or controller).")
  static final class Resume implements Runnable {
    @Mixin Where where = new Where();

    @Parameters(paramLabel = "MACHINE_ID")
    String machineId;

    @Override
    public void run() {
      BigInteger id = machineId(machineId);
      printWrite(where, "resume", id, where.run(true, m -> m.client().resume(id)));
    }
  }

  @Command(
      name = "renew",
      description = "Renew MACHINE_ID's subscription on its tier (exact approval when needed).")
  static final class Renew implements Runnable {
    @Mixin Where where = new Where();

    @Parameters(paramLabel = "MACHINE_ID")
    String machineId;

    @Override
    public void run() {
      BigInteger id = machineId(machineId);
      printWrite(where, "renew", id, where.run(true, m -> m.client().renew(id)));
    }
  }

  @Command(
      name = "subscription",
      description = "Subscription writes.",
      subcommands = {Subscription.Activate.class, Renew.class})
  static final class Subscription {
    @Command(
        name = "activate",
        description = "Activate an existing, never activated MACHINE_ID on a tier.")
    static final class Activate implements Runnable {
      @Mixin Where where = new Where();

      @Parameters(paramLabel = "MACHINE_ID")
      String machineId;

      @Option(names = "--tier", required = true, paramLabel = "entry|basic|pro")
      String tier;

      @Override
      public void run() {
        BigInteger id = machineId(machineId);
        Tier t;
        try {
          t = Tier.parse(tier);
        } catch (IllegalArgumentException e) {
          throw CliException.input("--" + e.getMessage());
        }
        printWrite(
            where,
            "subscription activate",
            id,
            where.run(true, m -> m.client().activateSubscription(id, t)));
      }
    }
  }

  @Command(
      name = "did",
      description = "The machine's on-chain DID document (each setter replaces a whole array).",
      subcommands = {
        Did.SetController.class,
        Did.SetVerificationMethods.class,
        Did.SetAuthentication.class,
        Did.SetServices.class
      })
  static final class Did {
    @Command(name = "set-controller", description = "Set MACHINE_ID's DID controller (owner only).")
    static final class SetController implements Runnable {
      @Mixin Where where = new Where();

      @Parameters(index = "0", paramLabel = "MACHINE_ID")
      String machineId;

      @Parameters(index = "1", paramLabel = "CONTROLLER")
      String controller;

      @Override
      public void run() {
        BigInteger id = machineId(machineId);
        if (!controller.matches("0x[0-9a-fA-F]{40}")) {
          throw CliException.input("CONTROLLER must be 0x followed by 40 hex digits");
        }
        printWrite(
            where,
            "set-controller",
            id,
            where.run(true, m -> m.client().setController(id, controller, false)));
      }
    }

    @Command(
        name = "set-verification-methods",
        description = "Replace MACHINE_ID's verification methods (JSON array, activation schema).")
    static final class SetVerificationMethods implements Runnable {
      @Mixin Where where = new Where();

      @Parameters(paramLabel = "MACHINE_ID")
      String machineId;

      @Option(names = "--file", required = true, paramLabel = "PATH")
      Path file;

      @Override
      public void run() {
        BigInteger id = machineId(machineId);
        var methods = Econ2Machines.readMethods(CliEnv.load().workDir().resolve(file));
        printWrite(
            where,
            "set-verification-methods",
            id,
            where.run(true, m -> m.client().setVerificationMethods(id, methods)));
      }
    }

    @Command(
        name = "set-authentication",
        description = "Replace MACHINE_ID's authentication indices.")
    static final class SetAuthentication implements Runnable {
      @Mixin Where where = new Where();

      @Parameters(paramLabel = "MACHINE_ID")
      String machineId;

      @Option(names = "--index", paramLabel = "N", description = "Repeat for several.")
      List<Long> indices = new ArrayList<>();

      @Option(names = "--clear", description = "Store an empty authentication array.")
      boolean clear;

      @Override
      public void run() {
        BigInteger id = machineId(machineId);
        if (clear == !indices.isEmpty()) {
          throw CliException.input("Give --index N (repeatable) or --clear, not both or neither.");
        }
        List<BigInteger> list = new ArrayList<>();
        for (long i : indices) {
          if (i < 0) {
            throw CliException.input("--index must be 0 or more, got " + i);
          }
          list.add(BigInteger.valueOf(i));
        }
        printWrite(
            where,
            "set-authentication",
            id,
            where.run(true, m -> m.client().setAuthentication(id, list)));
      }
    }

    @Command(
        name = "set-services",
        description = "Replace MACHINE_ID's service endpoints (JSON array, activation schema).")
    static final class SetServices implements Runnable {
      @Mixin Where where = new Where();

      @Parameters(paramLabel = "MACHINE_ID")
      String machineId;

      @Option(names = "--file", required = true, paramLabel = "PATH")
      Path file;

      @Override
      public void run() {
        BigInteger id = machineId(machineId);
        var endpoints = Econ2Machines.readServices(CliEnv.load().workDir().resolve(file));
        printWrite(
            where,
            "set-services",
            id,
            where.run(true, m -> m.client().setServiceEndpoints(id, endpoints)));
      }
    }
  }
}
