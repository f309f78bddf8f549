package xyz.peaq.os.cli.commands;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.EventParams;
import xyz.peaq.os.sdk.EventSubmission;
import xyz.peaq.os.sdk.OperationalLimits;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.PeaqosConfig;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.McrResponse;

/** {@code peaqos qualify event} and {@code peaqos qualify mcr <did>}. */
@Command(
    name = "qualify",
    description = "Submit revenue/activity events and read MCR ratings.",
    subcommands = {QualifyCommand.Event.class, QualifyCommand.Mcr.class})
public final class QualifyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: event or mcr");
  }

  /** Event type. */
  public enum Type {
    REVENUE,
    ACTIVITY
  }

  /** Trust level. */
  public enum Trust {
    SELF,
    ONCHAIN,
    HARDWARE
  }

  /** Source chain. */
  public enum SourceChain {
    SAME,
    PEAQ,
    BASE
  }

  @Command(name = "event", description = "Submit a revenue or activity event to the EventRegistry.")
  static final class Event implements Runnable {
    @Option(
        names = "--machine-id",
        required = true,
        paramLabel = "N",
        description = "Machine id (positive).")
    BigInteger machineId;

    @Option(
        names = "--type",
        required = true,
        paramLabel = "revenue|activity",
        description = "Event type.")
    Type type;

    @Option(
        names = "--value",
        required = true,
        paramLabel = "N",
        description = "Value in ISO 4217 minor units (>= 0).")
    BigInteger value;

    @Option(
        names = "--ts",
        required = true,
        paramLabel = "TS",
        description = "Unix seconds, or ISO-8601 with a zone.")
    String ts;

    @Option(
        names = "--trust",
        defaultValue = "self",
        paramLabel = "self|onchain|hardware",
        description = "Trust level (default ${DEFAULT-VALUE}).")
    Trust trust;

    @Option(
        names = "--source-chain",
        defaultValue = "same",
        paramLabel = "same|peaq|base",
        description = "Source chain (default ${DEFAULT-VALUE}).")
    SourceChain sourceChain;

    @Option(
        names = "--source-tx",
        paramLabel = "0xHASH",
        description = "Source transaction (required with --trust onchain).")
    String sourceTx;

    @Option(
        names = "--raw-data",
        paramLabel = "FILE",
        description = "File whose bytes are hashed into dataHash.")
    Path rawData;

    @Option(
        names = "--metadata",
        paramLabel = "FILE",
        description = "File whose bytes go on chain as metadata (<= 4096 bytes).")
    Path metadata;

    @Option(
        names = "--currency",
        paramLabel = "CODE",
        description = "Currency (revenue: default USD; activity: none).")
    String currency;

    @Option(
        names = "--network",
        paramLabel = "NAME",
        description = "devnet, agung (or testnet) or mainnet.")
    String network;

    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Devnet folder.")
    Path devnetDir;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(
        names = "--tokenomics",
        paramLabel = "1.0|2.0",
        description =
            "2.0: the Economics 2.0 EventRegistry (default when PEAQOS_DEPLOYMENT_ID is set).")
    String tokenomics;

    @Override
    public void run() {
      if (machineId.signum() <= 0) {
        throw CliException.input("--machine-id must be a positive integer");
      }
      if (value.signum() < 0) {
        throw CliException.input("--value must be greater than or equal to 0");
      }
      long timestamp = parseTs(ts);
      if (trust == Trust.ONCHAIN && sourceTx == null) {
        throw CliException.input("--source-tx is required when --trust is 'onchain'");
      }
      if (sourceTx != null && !sourceTx.matches("0x[0-9a-fA-F]{64}")) {
        throw CliException.input("--source-tx must be 0x followed by 64 hex digits");
      }
      String cur = currency != null ? currency : (type == Type.REVENUE ? "USD" : "");
      if (type == Type.REVENUE && !cur.matches("[A-Z0-9]{3,10}")) {
        throw CliException.input(
            "--currency must be 3 to 10 upper-case letters or digits for revenue events");
      }
      if (type == Type.ACTIVITY && !cur.isEmpty()) {
        throw CliException.input("--currency must be left out for activity events");
      }
      byte[] raw = rawData == null ? null : read("--raw-data", rawData);
      byte[] meta = metadata == null ? new byte[0] : read("--metadata", metadata);
      if (meta.length > 4096) {
        throw CliException.input(
            "--metadata is " + meta.length + " bytes; at most 4096 go on chain");
      }
      long chainOf =
          switch (sourceChain) {
            case SAME -> 0;
            case PEAQ -> 3338;
            case BASE -> 8453;
          };
      CliEnv env = CliEnv.load();
      var net = Target.networkOf(env, network);
      var econ2Deployment =
          xyz.peaq.os.sdk.econ2.Tokenomics.select(env::orNull, tokenomics, net.orElse(null));
      if (econ2Deployment.isPresent()) {
        Econ2Event.submit(
            env,
            net,
            devnetDir,
            econ2Deployment.get(),
            machineId,
            type.ordinal(),
            value,
            cur,
            timestamp,
            raw,
            trust.ordinal(),
            chainOf,
            sourceTx,
            meta,
            json,
            trustLabel(),
            type.name().toLowerCase());
        return;
      }
      SignerKeys.Resolved key =
          SignerKeys.find(env, net.map("devnet"::equals).orElse(false))
              .orElseThrow(() -> ValidationException.required("PEAQOS_PRIVATE_KEY"));
      Target t = Target.resolve(env, net, devnetDir);
      // Through the SDK: its validation, its client-side value cap (PEAQOS_MAX_VALUE_PER_TX) and
      // its address verification before the first write.
      PeaqosConfig cfg =
          PeaqosConfig.builder()
              .rpcUrl(t.rpc())
              .chainId(t.expectedChainId())
              .identityRegistry(t.address(Target.IDENTITY_REGISTRY))
              .identityStaking(t.address(Target.IDENTITY_STAKING))
              .eventRegistry(t.address(Target.EVENT_REGISTRY))
              .machineNft(t.address(Target.MACHINE_NFT))
              .didRegistry(t.address(Target.DID_REGISTRY))
              .batchPrecompile(t.address(Target.BATCH_PRECOMPILE))
              .privateKey(
                  Numeric.toHexStringWithPrefixZeroPadded(
                      key.credentials().getEcKeyPair().getPrivateKey(), 64))
              .operationalLimits(
                  new OperationalLimits(
                      env.get("PEAQOS_MAX_VALUE_PER_TX")
                          .map(v -> parseConfigInt("PEAQOS_MAX_VALUE_PER_TX", v))
                          .orElse(BigInteger.ZERO),
                      env.get("PEAQOS_RATE_LIMIT_MAX_EVENTS")
                          .map(
                              v ->
                                  parseConfigInt("PEAQOS_RATE_LIMIT_MAX_EVENTS", v).intValueExact())
                          .orElse(0),
                      env.get("PEAQOS_RATE_LIMIT_WINDOW_SECONDS")
                          .map(
                              v ->
                                  parseConfigInt("PEAQOS_RATE_LIMIT_WINDOW_SECONDS", v)
                                      .longValueExact())
                          .orElse(0L)))
              .build();
      EventParams.Builder ep =
          EventParams.builder()
              .machineId(machineId)
              .eventType(type.ordinal())
              .value(value)
              .currency(cur)
              .timestamp(timestamp)
              .trustLevel(trust.ordinal())
              .sourceChainId(chainOf)
              .metadata(meta);
      if (raw != null) {
        ep.rawData(raw);
      }
      if (sourceTx != null) {
        ep.sourceTxHash(sourceTx);
      }
      EventSubmission sub;
      try (PeaqosClient client = PeaqosClient.create(cfg)) {
        sub = client.submitEvent(ep.build());
      }
      String hashHex = sub.dataHash();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machineId", machineId.toString());
        m.put("type", type.name().toLowerCase());
        m.put("value", value.toString());
        m.put("currency", cur);
        m.put("timestamp", timestamp);
        m.put("trust", trustLabel());
        m.put("txHash", sub.txHash());
        m.put("dataHash", hashHex);
        Json.print(m);
        return;
      }
      Out.result("Event submitted.");
      Out.result("  Machine ID: " + machineId);
      Out.result("  Type      : " + type.name().toLowerCase());
      Out.result("  Value     : " + value + (cur.isEmpty() ? "" : " " + cur));
      Out.result("  Trust     : " + trustLabel());
      Out.result("  Tx        : " + sub.txHash());
      Out.result("  Data Hash : " + hashHex);
    }

    private String trustLabel() {
      return switch (trust) {
        case SELF -> "self-reported";
        case ONCHAIN -> "on-chain verifiable";
        case HARDWARE -> "hardware-signed";
      };
    }

    static BigInteger parseConfigInt(String name, String v) {
      try {
        BigInteger b = new BigInteger(v.trim());
        if (b.signum() >= 0) {
          return b;
        }
      } catch (NumberFormatException ignored) {
        // falls through
      }
      throw new ValidationException(name, name + " must be a whole number >= 0, got \"" + v + "\"");
    }

    static long parseTs(String ts) {
      String s = ts.strip();
      if (s.matches("\\d{1,12}")) {
        return Long.parseLong(s);
      }
      try {
        return OffsetDateTime.parse(s).toEpochSecond();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(s).getEpochSecond();
        } catch (DateTimeParseException e2) {
          throw CliException.input(
              "--ts \""
                  + ts
                  + "\" is neither unix seconds nor ISO-8601 with a zone (2026-01-31T12:00:00Z)");
        }
      }
    }

    static byte[] read(String flag, Path f) {
      try {
        return Files.readAllBytes(f);
      } catch (IOException e) {
        throw CliException.input(flag + ": cannot read " + f + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "mcr",
      description = "The MCR rating of a machine (from the MCR API; no key needed).")
  static final class Mcr implements Runnable {
    @Parameters(
        paramLabel = "<did>",
        description = "did:peaq:0x… (or the bare address), or did:peaq:<decimal machine id>")
    String did;

    @Mixin McrReadOptions options;

    @Override
    public void run() {
      String d = McrReads.normaliseDid(did);
      McrClient mcr = options.client();
      McrResponse r = McrReads.read(mcr, "Machine not found: " + d, () -> mcr.queryMcr(d));
      if (options.json) {
        Json.print(McrReads.JSON, r);
        return;
      }
      Out.result("MCR for " + d);
      Out.result("  Rating      : " + r.mcr());
      Out.result("  Score       : " + r.mcrScore());
      Out.result("  Bond Status : " + r.bondStatus());
      Out.result(
          "  Events      : "
              + r.eventCount()
              + " total, "
              + r.revenueEventCount()
              + " revenue, "
              + r.activityEventCount()
              + " activity");
      Out.result("  30-day revenue trend: " + McrReads.text(r.revenueTrend()));
      Out.result("  Last updated: " + McrReads.text(r.lastUpdated()));
      Out.result("  FX Degraded : " + (r.mcrDegraded() ? "yes" : "no"));
    }
  }
}
