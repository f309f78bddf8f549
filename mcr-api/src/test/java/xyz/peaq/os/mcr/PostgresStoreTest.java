package xyz.peaq.os.mcr;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same storage rules on PostgreSQL 15, each test on a fresh database of one private cluster.
 */
class PostgresStoreTest extends StoreContract {
  static PgCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    assumeTrue(
        PgCluster.available(),
        "PostgreSQL 15 server binaries not installed (README prerequisites)");
    cluster = new PgCluster();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  Store newStore() {
    return new Store(cluster.newDatabaseUrl(), null, null);
  }
}
