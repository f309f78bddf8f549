package xyz.peaq.os.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.mcr.MachineProfile;
import xyz.peaq.os.sdk.mcr.McrClient;
import xyz.peaq.os.sdk.mcr.OperatorMachine;

/** {@code peaqos show machine <did>} and {@code peaqos show operator machines <did>}. */
@Command(
    name = "show",
    description = "Show a machine or an operator's machines (from the MCR API; no key needed).",
    subcommands = {ShowCommand.Machine.class, ShowCommand.Operator.class})
public final class ShowCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: machine or operator");
  }

  @Command(
      name = "machine",
      description = "Machine id, operator, DID attributes and MCR snapshot of a machine.")
  static final class Machine implements Runnable {
    @Parameters(
        paramLabel = "<did>",
        description = "did:peaq:0x… (or the bare address), or did:peaq:<decimal machine id>")
    String did;

    @Mixin McrReadOptions options;

    @Override
    public void run() {
      String d = McrReads.normaliseDid(did);
      McrClient mcr = options.client();
      MachineProfile profile =
          McrReads.read(mcr, "Machine not found: " + d, () -> mcr.queryMachine(d));
      ObjectNode n = McrReads.profileJson(profile);
      if (options.json) {
        Json.print(n);
        return;
      }
      Out.result("Machine " + d);
      Out.result("  " + String.format("%-18s: %s", "name", McrReads.text(profile.name())));
      Iterator<Map.Entry<String, JsonNode>> it = n.path("peaqos").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String v = e.getValue().isValueNode() ? e.getValue().asText() : Json.line(e.getValue());
        Out.result("  " + String.format("%-18s: %s", e.getKey(), e.getValue().isNull() ? "-" : v));
      }
    }
  }

  @Command(
      name = "operator",
      description = "Operator views.",
      subcommands = {OperatorMachines.class})
  static final class Operator implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "Missing subcommand: machines");
    }
  }

  @Command(
      name = "machines",
      description = "All machines of an operator (every page of the MCR API).")
  static final class OperatorMachines implements Runnable {
    @Parameters(paramLabel = "<did>", description = "The operator's did:peaq:0x…")
    String did;

    @Mixin McrReadOptions options;

    @Override
    public void run() {
      String d = McrReads.normaliseDid(did);
      McrClient mcr = options.client();
      List<OperatorMachine> all = new ArrayList<>();
      int total;
      // The SDK type: this command class has the same simple name.
      xyz.peaq.os.sdk.mcr.OperatorMachines page;
      do {
        int offset = all.size();
        page =
            McrReads.read(
                mcr,
                "Operator not found: " + d,
                () -> mcr.queryOperatorMachines(d, offset, McrClient.MAX_LIMIT));
        all.addAll(page.machines());
        total = page.pagination().total();
      } while (!page.machines().isEmpty() && page.hasMore());
      if (options.json) {
        ObjectNode o = McrReads.JSON.createObjectNode();
        o.put("operator_did", d);
        o.set("machines", McrReads.JSON.valueToTree(all));
        o.put("total", total);
        Json.print(o);
        return;
      }
      Out.result(
          String.format("%-53s %-11s %-10s %s", "peaqID", "Machine ID", "MCR score", "Rating"));
      for (OperatorMachine m : all) {
        Out.result(
            String.format("%-53s %-11s %-10s %s", m.did(), m.machineId(), m.mcrScore(), m.mcr()));
      }
      Out.result(all.size() + " machine" + (all.size() == 1 ? "" : "s"));
    }
  }
}
