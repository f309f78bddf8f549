package xyz.peaq.os.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.ExitCode;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.config.CliEnv;
import xyz.peaq.os.cli.config.SdkVerification;
import xyz.peaq.os.cli.config.Target;
import xyz.peaq.os.cli.devnet.DevnetWallets;
import xyz.peaq.os.cli.keys.PassphraseSource;
import xyz.peaq.os.cli.keys.SignerKeys;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.KeyStoreFiles;
import xyz.peaq.os.sdk.chain.ChainReads;
import xyz.peaq.os.sdk.econ2.Econ2Deployment;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.fleet.Fleet;
import xyz.peaq.os.sdk.fleet.FleetInputs;
import xyz.peaq.os.sdk.fleet.FleetJournal;
import xyz.peaq.os.sdk.fleet.FleetListener;
import xyz.peaq.os.sdk.fleet.FleetMachine;
import xyz.peaq.os.sdk.fleet.FleetReport;
import xyz.peaq.os.sdk.fleet.MachineOutcome;

/** {@code peaqos fleet}: many machines of one operator in one resumable run. */
@Command(
    name = "fleet",
    description = "Onboard many machines for one operator (resumable) and read a run's journal.",
    subcommands = {FleetCommand.Activate.class, FleetCommand.Status.class})
public final class FleetCommand implements Runnable {
  @Spec CommandSpec spec;

  static final Path DEFAULT_DIR = Path.of(".peaqos", "fleet");

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: activate or status");
  }

  /** The machines to onboard: generated keys, or a CSV. */
  static final class Source {
    @Option(
        names = "--count",
        paramLabel = "N",
        description = "Onboard N machines whose keys are generated into --keystore (resumable).")
    Integer count;

    @Option(
        names = "--from",
        paramLabel = "FILE",
        description =
            "CSV with a header: address[,documentation_url,data_api,data_visibility]; keys of"
                + " listed addresses are taken from --keystore when present.")
    Path from;
  }

  @Command(
      name = "activate",
      description = {
        "Onboard a fleet: 1.0 registerFor + mint + DID attributes, or the 2.0 sponsored",
        "activation (machine keys sign, you are the controller). Killed at any moment, run the",
        "same command again: the journal resumes it with no duplicate."
      },
      footerHeading = "%nExit codes:%n",
      footer = {
        "  0  every machine onboarded",
        "  1  invalid input (flags, CSV, keystore passphrase)",
        "  2  some machines failed or are pending (see the report), an RPC failure, or the"
            + " operator cannot pay (nothing sent)",
        "  3  missing or invalid configuration"
      })
  static final class Activate implements Runnable {
    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(
        names = "--tokenomics",
        paramLabel = "1.0|2.0",
        defaultValue = "1.0",
        description = "Generation (default ${DEFAULT-VALUE}).")
    String tokenomics;

    @Option(
        names = "--concurrency",
        paramLabel = "N",
        defaultValue = "16",
        description = "Transactions broadcast side by side (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
        names = "--wave",
        paramLabel = "N",
        defaultValue = "200",
        description =
            "Machines whose transactions are in flight together (default ${DEFAULT-VALUE}).")
    int wave;

    @Option(
        names = "--keystore",
        paramLabel = "DIR",
        description = "Folder of the machines' encrypted key files (default ./.peaqos/fleet/keys).")
    Path keystore;

    @Option(
        names = "--journal",
        paramLabel = "FILE",
        description = "The run's journal (default ./.peaqos/fleet/journal.jsonl).")
    Path journal;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description =
            "Report of every machine, CSV or (name ending .json) JSON (default"
                + " ./.peaqos/fleet/report.csv).")
    Path report;

    @Option(names = "--doc-url", paramLabel = "URL", description = "documentation_url (1.0).")
    String docUrl;

    @Option(names = "--data-api", paramLabel = "URL", description = "data_api (1.0).")
    String dataApi;

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

    @Option(names = "--json", description = "Print the summary as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      if (!Fleet.V1.equals(tokenomics) && !Fleet.V2.equals(tokenomics)) {
        throw CliException.input("--tokenomics must be 1.0 or 2.0; got \"" + tokenomics + "\"");
      }
      if (concurrency < 1 || concurrency > 256) {
        throw CliException.input("--concurrency must be between 1 and 256; got " + concurrency);
      }
      if (wave < 1 || wave > 2000) {
        throw CliException.input("--wave must be between 1 and 2000; got " + wave);
      }
      if (source.count != null && source.count < 1) {
        throw CliException.input("--count must be at least 1; got " + source.count);
      }
      if (Fleet.V2.equals(tokenomics) && (docUrl != null || dataApi != null)) {
        throw CliException.input(
            "--doc-url and --data-api are 1.0 DID attributes; a 2.0 activation has none");
      }
      Optional<String> net = Target.networkOf(env, network);
      if (net.isEmpty() && env.get("PEAQOS_RPC_URL").isEmpty()) {
        throw ValidationException.required("PEAQOS_NETWORK");
      }
      boolean devnet = net.map("devnet"::equals).orElse(false);
      Path keys = env.workDir().resolve(keystore != null ? keystore : DEFAULT_DIR.resolve("keys"));
      Path journalFile =
          env.workDir().resolve(journal != null ? journal : DEFAULT_DIR.resolve("journal.jsonl"));
      Path reportFile =
          env.workDir().resolve(report != null ? report : DEFAULT_DIR.resolve("report.csv"));
      PassphraseSource pass = new PassphraseSource(env, devnet);
      // the network and the operator first: generating thousands of encrypted keys takes seconds,
      // and a missing variable should not wait for them
      Target target = Target.resolve(env, net, devnetDir);
      SignerKeys.Resolved operator =
          SignerKeys.find(env, devnet)
              .orElseThrow(() -> ValidationException.required(SignerKeys.PRIVATE_KEY));
      List<FleetMachine> machines = machines(env, keys, pass);
      Out.progress(
          "Fleet of "
              + machines.size()
              + " machine(s), tokenomics "
              + tokenomics
              + ", operator "
              + operator.address()
              + " on "
              + target.network()
              + "; journal "
              + journalFile);
      FleetReport result;
      try (ChainReads chain = ChainReads.connect(target.rpc());
          FleetJournal j = FleetJournal.open(journalFile)) {
        Fleet.Builder b =
            Fleet.builder()
                .chain(chain)
                .operator(operator.credentials())
                .tokenomics(tokenomics)
                .journal(j)
                .concurrency(concurrency)
                .waveSize(wave)
                .listener(new ProgressBar());
        if (Fleet.V1.equals(tokenomics)) {
          b.config(
              SdkVerification.config(target.rpc(), target.expectedChainId(), target.addresses()));
        } else {
          String id =
              devnet
                  ? Econ2Deployment.DEVNET
                  : env.get("PEAQOS_DEPLOYMENT_ID")
                      .orElse(
                          "mainnet".equals(target.network())
                              ? Econ2Deployment.PEAQ_MAINNET
                              : Econ2Deployment.AGUNG);
          b.deployment(
              Econ2Deployment.resolve(id, devnet ? Target.devnetDir(env, devnetDir) : null));
          if (devnet) {
            DevnetWallets wallets = new DevnetWallets(target.rpc());
            b.walletPreparer(wallets::delegateNativePullAll);
          }
        }
        result = b.build().run(machines);
      }
      ProgressBar.finish();
      writeReport(reportFile, result);
      long done = result.done();
      long failed = result.failed();
      long pending = result.pending();
      double seconds = Math.max(0.001, result.elapsed().toMillis() / 1000.0);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenomics", tokenomics);
        m.put("machines", result.machines().size());
        m.put("done", done);
        m.put("failed", failed);
        m.put("pending", pending);
        m.put("seconds", seconds);
        m.put("report", reportFile.toString());
        m.put("journal", journalFile.toString());
        List<Map<String, Object>> failures = new ArrayList<>();
        for (MachineOutcome o : result.machines()) {
          if (!o.status().equals(MachineOutcome.DONE)) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("address", o.address());
            f.put("status", o.status());
            f.put("reason", o.reason());
            failures.add(f);
          }
        }
        m.put("not_done", failures);
        Json.print(m);
      } else {
        Out.result(
            String.format(
                Locale.ROOT,
                "Fleet: %d done, %d failed, %d pending of %d in %.1f s (%.1f machines/s)",
                done,
                failed,
                pending,
                result.machines().size(),
                seconds,
                result.machines().size() / seconds));
        for (MachineOutcome o : result.machines()) {
          if (!o.status().equals(MachineOutcome.DONE)) {
            Out.result("  " + o.status() + " " + o.address() + ": " + o.reason());
          }
        }
        Out.result("Report: " + reportFile);
      }
      if (failed > 0 || pending > 0) {
        throw new CliException(
            ExitCode.NETWORK,
            failed
                + " machine(s) failed and "
                + pending
                + " are pending; see "
                + reportFile
                + (pending > 0 ? " and run the same command again to resume" : ""));
      }
    }

    private List<FleetMachine> machines(CliEnv env, Path keys, PassphraseSource pass) {
      if (source.count != null) {
        KeyStoreFiles.Strength strength =
            pass.usesDevnetDefault()
                ? KeyStoreFiles.Strength.PUBLIC_PASSPHRASE
                : KeyStoreFiles.Strength.LIGHT;
        List<FleetMachine> ms =
            FleetInputs.generate(keys, source.count, pass.get(false, false), strength);
        if (docUrl == null && dataApi == null) {
          return ms;
        }
        List<FleetMachine> out = new ArrayList<>();
        for (FleetMachine m : ms) {
          out.add(new FleetMachine(m.address(), m.key(), docUrl, dataApi, m.dataVisibility()));
        }
        return out;
      }
      Path csv = env.workDir().resolve(source.from);
      Map<String, Credentials> byAddress = new HashMap<>();
      if (Files.isDirectory(keys)) {
        for (FleetMachine m : FleetInputs.fromKeystore(keys, pass.get(false, false))) {
          byAddress.put(m.address().toLowerCase(Locale.ROOT), m.key());
        }
      }
      return FleetInputs.fromCsv(csv, byAddress);
    }
  }

  /** The report of every machine: CSV, or JSON when the file name ends with {@code .json}. */
  static void writeReport(Path file, FleetReport result) {
    String[] steps = {"register", "mint", "fund", "did", "approve", "activate"};
    StringBuilder sb = new StringBuilder();
    boolean asJson = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    List<Map<String, Object>> rows = new ArrayList<>();
    if (!asJson) {
      sb.append("address,status,machine_id,token_id,did");
      for (String s : steps) {
        sb.append(',').append(s).append("_tx");
      }
      sb.append(",reason\n");
    }
    for (MachineOutcome o : result.machines()) {
      if (asJson) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("address", o.address());
        r.put("status", o.status());
        r.put("machine_id", o.machineId() == null ? null : o.machineId().toString());
        r.put("token_id", o.tokenId() == null ? null : o.tokenId().toString());
        r.put("did", o.did());
        r.put("transactions", o.transactions());
        r.put("reason", o.reason());
        rows.add(r);
        continue;
      }
      sb.append(o.address())
          .append(',')
          .append(o.status())
          .append(',')
          .append(text(o.machineId()))
          .append(',')
          .append(text(o.tokenId()))
          .append(',')
          .append(o.did() == null ? "" : o.did());
      for (String s : steps) {
        sb.append(',').append(o.transactions().getOrDefault(s, ""));
      }
      sb.append(',').append(csvCell(o.reason())).append('\n');
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(
          tmp, asJson ? Json.line(rows) + "\n" : sb.toString(), StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fleet report " + file, e);
    }
  }

  private static String text(BigInteger v) {
    return v == null ? "" : v.toString();
  }

  private static String csvCell(String s) {
    if (s == null) {
      return "";
    }
    return "\"" + s.replace("\"", "\"\"").replace('\n', ' ') + "\"";
  }

  /** done, failed, rate and time left on stderr: one redrawn line on a terminal, else per step. */
  static final class ProgressBar implements FleetListener {
    private static final boolean TTY = System.console() != null;
    private static volatile boolean drawn;
    private final long start = System.nanoTime();
    private int startDone = -1;

    @Override
    public void progress(int done, int failed, int total, String step) {
      if (Out.quiet()) {
        return;
      }
      if (startDone < 0) {
        startDone = done + failed; // machines finished by an earlier (killed) run
      }
      double secs = Math.max(0.001, (System.nanoTime() - start) / 1e9);
      int now = done + failed - startDone;
      double rate = now / secs;
      int left = total - done - failed;
      String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", left / rate) : "?";
      int width = 30;
      int filled = total == 0 ? width : (int) ((long) width * (done + failed) / total);
      String bar = "#".repeat(filled) + "-".repeat(width - filled);
      String line =
          String.format(
              Locale.ROOT,
              "[%s] %d/%d done, %d failed, %.1f machines/s, %s left (%s)",
              bar,
              done,
              total,
              failed,
              rate,
              eta,
              step);
      if (TTY) {
        Out.stderr().print("\r" + line);
        Out.stderr().flush();
        drawn = true;
      } else {
        Out.progress(line);
      }
    }

    static void finish() {
      if (drawn) {
        Out.stderr().println();
        drawn = false;
      }
    }
  }

  @Command(name = "status", description = "Summarise a fleet run's journal (works during a run).")
  static final class Status implements Runnable {
    @Option(
        names = "--journal",
        paramLabel = "FILE",
        description = "The run's journal (default ./.peaqos/fleet/journal.jsonl).")
    Path journal;

    @Option(names = "--json", description = "Print the summary as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
      CliEnv env = CliEnv.load();
      Path file =
          env.workDir().resolve(journal != null ? journal : DEFAULT_DIR.resolve("journal.jsonl"));
      List<JsonNode> lines = FleetJournal.read(file);
      String tokenomics = null;
      String operator = null;
      Map<String, String> state = new TreeMap<>();
      Map<String, String> reasons = new TreeMap<>();
      Map<String, Integer> sent = new TreeMap<>();
      for (JsonNode l : lines) {
        switch (l.path("k").asText()) {
          case "run" -> {
            tokenomics = l.path("tokenomics").asText();
            operator = l.path("operator").asText();
          }
          case "tx" -> {
            sent.merge(l.path("step").asText(), 1, Integer::sum);
            for (JsonNode a : l.path("ms")) {
              state.putIfAbsent(a.asText().toLowerCase(Locale.ROOT), MachineOutcome.PENDING);
            }
          }
          case "done" -> {
            if ("complete".equals(l.path("step").asText())) {
              for (JsonNode a : l.path("ms")) {
                state.put(a.asText().toLowerCase(Locale.ROOT), MachineOutcome.DONE);
              }
            }
          }
          case "fail" -> {
            String a = l.path("m").asText().toLowerCase(Locale.ROOT);
            state.put(a, MachineOutcome.FAILED);
            reasons.put(a, l.path("reason").asText());
          }
          default -> {}
        }
      }
      if (tokenomics == null) {
        throw CliException.input(file + " is not a fleet journal (no run line)");
      }
      long done = state.values().stream().filter(MachineOutcome.DONE::equals).count();
      long failed = state.values().stream().filter(MachineOutcome.FAILED::equals).count();
      long pending = state.size() - done - failed;
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("journal", file.toString());
        m.put("tokenomics", tokenomics);
        m.put("operator", operator);
        m.put("done", done);
        m.put("failed", failed);
        m.put("pending", pending);
        m.put("transactions", sent);
        m.put("failures", reasons);
        Json.print(m);
        return;
      }
      Out.result("Journal   : " + file);
      Out.result("Tokenomics: " + tokenomics + ", operator " + operator);
      Out.result(
          "Machines  : "
              + done
              + " done, "
              + failed
              + " failed, "
              + pending
              + " started and not finished");
      Out.result("Sent      : " + sent);
      reasons.forEach((a, r) -> Out.result("  failed " + a + ": " + r));
    }
  }
}
