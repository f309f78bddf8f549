package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage rules on SQLite (the default backend), each test on a fresh file. */
class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  Store newStore() {
    return new Store(
        "jdbc:sqlite:" + dir.resolve("index-" + System.nanoTime() + ".db"), null, null);
  }

  /**
   * An index written before the deactivation migration upgrades in place: its machines are active.
   */
  @Test
  void anIndexAtTheFirstSchemaVersionUpgradesWithItsMachinesActive() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("v1.db");
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:xyz/peaq/os/mcr/db/migration")
        .table("mcr_schema_history")
        .target("1")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO machines (machine_id, wallet, operator, uri, registered_block, registered_time, "
              + "updated_time) VALUES ('1', '"
              + W1
              + "', NULL, NULL, 5, 500, 500)");
      st.executeUpdate("INSERT INTO indexer_cursor (id, last_block) VALUES (1, 9)");
    }
    try (Store s = new Store(url, null, null)) {
      MachineRecord m = s.machineById(BigInteger.ONE).orElseThrow();
      assertThat(m.deactivated()).isFalse();
      assertThat(m.statusTime()).isZero();
      assertThat(s.cursor()).contains(9L);
      s.apply(10, List.of(new IndexedFact.ActivationChange(BigInteger.ONE, W1, true, 10, 1000)));
      assertThat(s.machineById(BigInteger.ONE).orElseThrow().deactivated()).isTrue();
    }
  }
}
