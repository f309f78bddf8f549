package xyz.peaq.os.cli.commands;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import xyz.peaq.os.sdk.mcr.McrClient;

/** The options every MCR read command shares: where the MCR API is, and whether to print JSON. */
final class McrReadOptions {
  @Option(
      names = "--network",
      paramLabel = "NAME",
      description = "Network preset for the MCR API URL.")
  String network;

  @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Devnet folder.")
  Path devnetDir;

  @Option(
      names = "--json",
      description = "Print the result as one JSON document (ids as decimal strings).")
  boolean json;

  McrClient client() {
    return McrReads.client(network, devnetDir);
  }
}
