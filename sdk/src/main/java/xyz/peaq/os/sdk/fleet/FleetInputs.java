package xyz.peaq.os.sdk.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.sdk.KeyStoreFiles;
import xyz.peaq.os.sdk.Keypair;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * Where a fleet's machines come from: keys generated into an encrypted keystore folder (one V3 file
 * per machine, {@code machine-00001.json}, ...), the keys of such a folder, or a CSV of addresses
 * and attributes. Generation is resumable: files already there are read, only the missing ones are
 * made, so a re-run of the same command finds the same machines.
 */
public final class FleetInputs {
  private FleetInputs() {}

  /** The keystore file of the {@code index}-th machine (from 1). */
  public static Path keyFile(Path dir, int index) {
    return dir.resolve(String.format(Locale.ROOT, "machine-%05d.json", index));
  }

  /**
   * {@code count} machines whose keys live in {@code dir}: files 1..count that exist are read, the
   * missing ones generated (mode 0600, published atomically).
   *
   * @throws ValidationException when count is below 1, or a file cannot be decrypted with {@code
   *     passphrase}
   */
  public static List<FleetMachine> generate(
      Path dir, int count, char[] passphrase, KeyStoreFiles.Strength strength) {
    if (count < 1) {
      throw new ValidationException("count", "count must be at least 1; got " + count);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the keystore folder " + dir, e);
    }
    return inParallel(
        count,
        i -> {
          Path f = keyFile(dir, i + 1);
          if (!Files.exists(f)) {
            Keypair kp = PeaqosClient.generateKeypair();
            try {
              KeyStoreFiles.create(f, kp, passphrase, strength);
              return FleetMachine.of(Credentials.create(kp.privateKey())); // no need to decrypt it
            } catch (ValidationException raced) {
              // another process published this file first: read it below
            }
          }
          return read(f, passphrase);
        });
  }

  /**
   * {@code task(0..n-1)} on one thread per core, in index order; the failure of the lowest index is
   * thrown. Why: every key file costs an scrypt derivation (light: ~4 ms of CPU), so a folder of a
   * thousand keys took seconds on one thread.
   */
  private static List<FleetMachine> inParallel(
      int n, java.util.function.IntFunction<FleetMachine> task) {
    int threads = Math.max(1, Math.min(n, Runtime.getRuntime().availableProcessors()));
    if (threads == 1) {
      List<FleetMachine> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(task.apply(i));
      }
      return out;
    }
    FleetMachine[] out = new FleetMachine[n];
    RuntimeException[] failures = new RuntimeException[n];
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "peaqos-fleet-keys");
              t.setDaemon(true);
              return t;
            });
    try {
      List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    try {
                      out[i] = task.apply(i);
                    } catch (RuntimeException e) {
                      failures[i] = e;
                    }
                  }
                }));
      }
      for (java.util.concurrent.Future<?> w : workers) {
        try {
          w.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading key files", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    for (RuntimeException f : failures) {
      if (f != null) {
        throw f;
      }
    }
    return new ArrayList<>(java.util.Arrays.asList(out));
  }

  /**
   * Every keystore file ({@code *.json}) of {@code dir}, sorted by name.
   *
   * @throws ValidationException when the folder holds none, or one cannot be decrypted
   */
  public static List<FleetMachine> fromKeystore(Path dir, char[] passphrase) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().endsWith(".json"))
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new ValidationException(
          "keystore", "cannot list the keystore folder " + dir + ": " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new ValidationException(
          "keystore", "the keystore folder " + dir + " holds no *.json key file");
    }
    return inParallel(files.size(), i -> read(files.get(i), passphrase));
  }

  private static FleetMachine read(Path f, char[] passphrase) {
    Keypair kp;
    try {
      kp = KeyStoreFiles.read(f, passphrase);
    } catch (ValidationException e) {
      throw new ValidationException(
          "keystore", "cannot read the key file " + f.getFileName() + ": " + e.getMessage());
    }
    return FleetMachine.of(Credentials.create(kp.privateKey()));
  }

  /**
   * Machines from a CSV with a header line naming the columns {@code address} (required), {@code
   * documentation_url}, {@code data_api} and {@code data_visibility} (optional, in any order). Keys
   * are taken from {@code keys} by address (lower case) when present.
   *
   * @throws ValidationException naming the line and column of a bad value, or a repeated address
   */
  public static List<FleetMachine> fromCsv(Path csv, Map<String, Credentials> keys) {
    List<String> lines;
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      lines = r.lines().collect(Collectors.toList());
    } catch (IOException e) {
      throw new ValidationException("from", "cannot read " + csv + ": " + e.getMessage());
    }
    if (lines.isEmpty()) {
      throw new ValidationException("from", csv + " is empty; expected a header line: address,...");
    }
    String[] header = lines.get(0).trim().split(",", -1);
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i].trim().toLowerCase(Locale.ROOT), i);
    }
    if (!col.containsKey("address")) {
      throw new ValidationException(
          "from",
          csv
              + ": the header line has no address column; expected"
              + " address,documentation_url,data_api,data_visibility");
    }
    List<FleetMachine> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", -1);
      String where = csv.getFileName() + " line " + (n + 1);
      try {
        String address = cell(f, col.get("address"));
        FleetMachine m =
            new FleetMachine(
                address,
                null,
                cell(f, col.get("documentation_url")),
                cell(f, col.get("data_api")),
                cell(f, col.get("data_visibility")));
        Integer before = seen.put(m.address().toLowerCase(Locale.ROOT), n + 1);
        if (before != null) {
          throw new ValidationException(
              "address", "address " + m.address() + " already appears on line " + before);
        }
        Credentials k = keys == null ? null : keys.get(m.address().toLowerCase(Locale.ROOT));
        out.add(k == null ? m : m.withKey(k));
      } catch (ValidationException e) {
        throw new ValidationException("from", where + ": " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new ValidationException("from", csv + " lists no machine below its header line");
    }
    return out;
  }

  private static String cell(String[] f, Integer i) {
    if (i == null || i >= f.length) {
      return null;
    }
    String v = f[i].trim();
    return v.isEmpty() ? null : v;
  }
}
