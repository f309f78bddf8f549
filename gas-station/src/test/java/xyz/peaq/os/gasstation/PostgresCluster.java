package xyz.peaq.os.gasstation;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for one test class: Debian's initdb and pg_ctl in a temporary
 * folder, listening on a free loopback port, removed afterwards. PostgreSQL refuses to run as root,
 * so under root the server runs as the {@code postgres} user the Debian package creates. Missing
 * binaries fail the test with the package to install; nothing is skipped silently.
 */
final class PostgresCluster implements AutoCloseable {
  private static final AtomicInteger DB_SEQ = new AtomicInteger();

  private final Path bin;
  private final Path root;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresCluster(Path bin, Path root, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.root = root;
    this.data = root.resolve("data");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  static Path findBin() {
    Path base = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        return versions
            .map(v -> v.resolve("bin"))
            .filter(
                b ->
                    Files.isExecutable(b.resolve("initdb"))
                        && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparing(Path::toString))
            .orElse(null);
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  static PostgresCluster start() throws Exception {
    Path bin = findBin();
    if (bin == null) {
      throw new IllegalStateException(
          "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin:"
              + " install the Debian package `postgresql` (apt-get install postgresql) to run the PostgreSQL suites");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "gs-pg-");
    int port;
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PostgresCluster pg = new PostgresCluster(bin, dir, port, root);
    try {
      if (root) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      pg.run(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              pg.data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--no-instructions"));
      pg.run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              pg.data.toString(),
              "-l",
              dir.resolve("log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-p "
                  + port
                  + " -k "
                  + dir
                  + " -c listen_addresses=127.0.0.1 -c fsync=off"
                  + " -c max_connections=200",
              "start"));
      return pg;
    } catch (Exception e) {
      pg.close();
      throw e;
    }
  }

  private void run(List<String> cmd) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(
          List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
    }
    full.addAll(cmd);
    Process p = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  String adminUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** A new empty database; its JDBC URL. */
  String newDatabase() throws SQLException {
    String name = "gs_" + DB_SEQ.incrementAndGet();
    try (Connection c = DriverManager.getConnection(adminUrl(), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-m",
                "immediate",
                "-w",
                "stop"));
      }
    } finally {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
