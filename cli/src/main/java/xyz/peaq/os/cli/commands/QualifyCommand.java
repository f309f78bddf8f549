package xyz.peaq.os.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
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
import xyz.peaq.os.cli.util.Dids;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.chain.ChainClient;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ValidationException;

/** {@code peaqos qualify event} and {@code peaqos qualify mcr <did>}. */
@Command(name = "qualify", description = "Submit revenue/activity events and read MCR ratings.",
    subcommands = {QualifyCommand.Event.class, QualifyCommand.Mcr.class})
public final class QualifyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: event or mcr");
  }

  /** Event type. */
  public enum Type { REVENUE, ACTIVITY }

  /** Trust level. */
  public enum Trust { SELF, ONCHAIN, HARDWARE }

  /** Source chain. */
  public enum SourceChain { SAME, PEAQ, BASE }

  @Command(name = "event", description = "Submit a revenue or activity event to the EventRegistry.")
  static final class Event implements Runnable {
    @Option(names = "--machine-id", required = true, paramLabel = "N", description = "Machine id (positive).") BigInteger machineId;
    @Option(names = "--type", required = true, paramLabel = "revenue|activity", description = "Event type.") Type type;
    @Option(names = "--value", required = true, paramLabel = "N", description = "Value in ISO 4217 minor units (>= 0).") BigInteger value;
    @Option(names = "--ts", required = true, paramLabel = "TS", description = "Unix seconds, or ISO-8601 with a zone.") String ts;
    @Option(names = "--trust", defaultValue = "self", paramLabel = "self|onchain|hardware", description = "Trust level (default ${DEFAULT-VALUE}).") Trust trust;
    @Option(names = "--source-chain", defaultValue = "same", paramLabel = "same|peaq|base", description = "Source chain (default ${DEFAULT-VALUE}).") SourceChain sourceChain;
    @Option(names = "--source-tx", paramLabel = "0xHASH", description = "Source transaction (required with --trust onchain).") String sourceTx;
    @Option(names = "--raw-data", paramLabel = "FILE", description = "File whose bytes are hashed into dataHash.") Path rawData;
    @Option(names = "--metadata", paramLabel = "FILE", description = "File whose bytes go on chain as metadata (<= 4096 bytes).") Path metadata;
    @Option(names = "--currency", paramLabel = "CODE", description = "Currency (revenue: default USD; activity: none).") String currency;
    @Option(names = "--network", paramLabel = "NAME", description = "devnet, agung (or testnet) or mainnet.") String network;
    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Devnet folder.") Path devnetDir;
    @Option(names = "--json", description = "Print the result as JSON.") boolean json;

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
        throw CliException.input("--currency must be 3 to 10 upper-case letters or digits for revenue events");
      }
      if (type == Type.ACTIVITY && !cur.isEmpty()) {
        throw CliException.input("--currency must be left out for activity events");
      }
      byte[] raw = rawData == null ? null : read("--raw-data", rawData);
      byte[] meta = metadata == null ? new byte[0] : read("--metadata", metadata);
      if (meta.length > 4096) {
        throw CliException.input("--metadata is " + meta.length + " bytes; at most 4096 go on chain");
      }
      byte[] dataHash = raw == null ? new byte[32] : Hash.sha3(raw);
      long chainOf = switch (sourceChain) {
        case SAME -> 0;
        case PEAQ -> 3338;
        case BASE -> 8453;
      };
      CliEnv env = CliEnv.load();
      var net = Target.networkOf(env, network);
      SignerKeys.Resolved key = SignerKeys.find(env, net.map("devnet"::equals).orElse(false))
          .orElseThrow(() -> ValidationException.required("PEAQOS_PRIVATE_KEY"));
      Target t = Target.resolve(env, net, devnetDir);
      String registry = t.address(Target.EVENT_REGISTRY);
      String data = FunctionEncoder.encode(new Function("submitEvent", List.of(
          new Uint256(machineId), new Uint8(type.ordinal()), new Uint256(value), new Utf8String(cur),
          new Uint256(timestamp), new Bytes32(dataHash), new Uint8(trust.ordinal()), new Uint256(chainOf),
          new Bytes32(sourceTx == null ? new byte[32] : Numeric.hexStringToByteArray(sourceTx)),
          new DynamicBytes(meta)), List.of()));
      TxReceipt r;
      try (ChainClient chain = ChainClient.connect(t.rpc())) {
        r = chain.sender(key.credentials()).send(TxRequest.call(registry, data));
      }
      String hashHex = Numeric.toHexString(dataHash);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machineId", machineId.toString());
        m.put("type", type.name().toLowerCase());
        m.put("value", value.toString());
        m.put("currency", cur);
        m.put("timestamp", timestamp);
        m.put("trust", trustLabel());
        m.put("txHash", r.transactionHash());
        m.put("dataHash", hashHex);
        Json.print(m);
        return;
      }
      Out.result("Event submitted.");
      Out.result("  Machine ID: " + machineId);
      Out.result("  Type      : " + type.name().toLowerCase());
      Out.result("  Value     : " + value + (cur.isEmpty() ? "" : " " + cur));
      Out.result("  Trust     : " + trustLabel());
      Out.result("  Tx        : " + r.transactionHash());
      Out.result("  Data Hash : " + hashHex);
    }

    private String trustLabel() {
      return switch (trust) {
        case SELF -> "self-reported";
        case ONCHAIN -> "on-chain verifiable";
        case HARDWARE -> "hardware-signed";
      };
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
          throw CliException.input("--ts \"" + ts + "\" is neither unix seconds nor ISO-8601 with a zone (2026-01-31T12:00:00Z)");
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

  @Command(name = "mcr", description = "The MCR rating of a machine (from the MCR API; no key needed).")
  static final class Mcr implements Runnable {
    @Parameters(paramLabel = "<did>", description = "did:peaq:0x… (or the bare address)") String did;
    @Option(names = "--network", paramLabel = "NAME", description = "Network preset for the MCR API URL.") String network;
    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Devnet folder.") Path devnetDir;
    @Option(names = "--json", description = "Print the MCR API's answer as JSON.") boolean json;

    @Override
    public void run() {
      String d = Dids.normalise(did);
      JsonNode n = McrReads.get(McrReads.mcrUrl(network, devnetDir), "/mcr/" + d, "Machine not found: " + d);
      if (json) {
        Json.print(n);
        return;
      }
      Out.result("MCR for " + d);
      Out.result("  Rating      : " + McrReads.text(n, "mcr"));
      Out.result("  Score       : " + McrReads.text(n, "mcr_score"));
      Out.result("  Bond Status : " + McrReads.text(n, "bond_status"));
      Out.result("  Events      : " + McrReads.text(n, "event_count") + " total, " + McrReads.text(n, "revenue_event_count")
          + " revenue, " + McrReads.text(n, "activity_event_count") + " activity");
      Out.result("  30-day revenue trend: " + McrReads.text(n, "revenue_trend"));
      Out.result("  Last updated: " + McrReads.text(n, "last_updated"));
      Out.result("  FX Degraded : " + (n.path("mcr_degraded").asBoolean() ? "yes" : "no"));
    }
  }
}
