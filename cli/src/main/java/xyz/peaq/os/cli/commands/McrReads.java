package xyz.peaq.os.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.Did;
import xyz.peaq.os.sdk.MachineDid;
import xyz.peaq.os.sdk.errors.ApiException;
import xyz.peaq.os.sdk.mcr.MachineProfile;
import xyz.peaq.os.sdk.mcr.McrClient;

/** Read commands need only the MCR API URL: no key, no contract addresses. */
final class McrReads {
  /**
   * {@code --json} of the read commands: the SDK's records under the MCR API's own snake_case
   * names, with ids (every BigInteger) as decimal strings like the rest of the CLI's JSON.
   */
  static final ObjectMapper JSON =
      Json.MAPPER
          .copy()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(
              new SimpleModule().addSerializer(BigInteger.class, ToStringSerializer.instance));

  /**
   * What the service leaves out unless the machine's data_visibility shows it; the record has null.
   */
  private static final List<String> SHOWN_BY_VISIBILITY =
      List.of("data_api", "event_data", "partner_data", "partner_data_error");

  /** The fields of revenue events only; the service leaves them out of activity events. */
  private static final List<String> REVENUE_ONLY =
      List.of("origin_currency", "usd_value", "origin_subunit", "usd_subunit", "amount_status");

  private McrReads() {}

  static McrClient client(String network, Path devnetDir) {
    CliEnv env = CliEnv.load();
    return McrClient.create(
        Target.resolve(env, Target.networkOf(env, network), devnetDir).mcrUrl());
  }

  /**
   * One MCR read; a 404 becomes "{@code notFound} (MCR API … answered 404)", exit 2 like any HTTP
   * failure.
   */
  static <T> T read(McrClient mcr, String notFound, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if ("NOT_FOUND".equals(e.code())) {
        throw new CliException(
            ExitCode.NETWORK, notFound + " (MCR API " + mcr.baseUrl() + " answered 404)", e);
      }
      throw e;
    }
  }

  /** The profile as the service sent it: only the fields its data_visibility shows. */
  static ObjectNode profileJson(MachineProfile profile) {
    ObjectNode n = JSON.valueToTree(profile);
    ObjectNode p = (ObjectNode) n.get("peaqos");
    removeNulls(p, SHOWN_BY_VISIBILITY);
    for (JsonNode e : p.path("event_data")) {
      if (e.path("event_type").asInt() != 0) {
        removeNulls((ObjectNode) e, REVENUE_ONLY);
      }
    }
    return n;
  }

  private static void removeNulls(ObjectNode n, List<String> fields) {
    for (String f : fields) {
      if (n.has(f) && n.get(f).isNull()) {
        n.remove(f);
      }
    }
  }

  static String text(Object value) {
    return value == null ? "-" : value.toString();
  }

  /**
   * A machine DID in either form: {@code did:peaq:<address>} of a 1.0 DID or bare address, or
   * {@code did:peaq:<decimal machine id>} of a 2.0 machine (the SDK's {@link MachineDid}); else an
   * input error naming the value and what is wrong.
   */
  static String normaliseDid(String value) {
    if (MachineDid.looksDecimal(value)) {
      try {
        return MachineDid.parse(value).toString();
      } catch (xyz.peaq.os.sdk.errors.ValidationException e) {
        throw CliException.input("Invalid DID \"" + value + "\": " + e.getMessage());
      }
    }
    return Did.addressOf(value)
        .map(a -> Did.PREFIX + a)
        .orElseThrow(
            () ->
                CliException.input(
                    "Invalid DID \""
                        + value
                        + "\": expected did:peaq:0x followed by 40 hex digits, or"
                        + " did:peaq:<decimal machine id>"));
  }
}
