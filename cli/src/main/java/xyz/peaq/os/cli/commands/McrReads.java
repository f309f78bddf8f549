package xyz.peaq.os.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.util.Http;

/** Read commands need only the MCR API URL: no key, no contract addresses. */
final class McrReads {
  private McrReads() {}

  static String mcrUrl(String network, Path devnetDir) {
    CliEnv env = CliEnv.load();
    return Target.resolve(env, Target.networkOf(env, network), devnetDir).mcrUrl();
  }

  static JsonNode get(String base, String path, String notFound) {
    JsonNode n = Http.getOrNull(base, path);
    if (n == null) {
      throw new CliException(ExitCode.NETWORK, notFound + " (MCR API " + base + " answered 404)");
    }
    return n;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }
}
