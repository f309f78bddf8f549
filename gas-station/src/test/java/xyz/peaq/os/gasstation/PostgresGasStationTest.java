package xyz.peaq.os.gasstation;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same suite on PostgreSQL: a private cluster from Debian's server binaries, started for this
 * class on a free loopback port and removed afterwards; one fresh database per test.
 */
class PostgresGasStationTest extends GasStationSuite {
  private static PostgresCluster pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = PostgresCluster.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  String newDatabase(Path dir) throws Exception {
    return pg.newDatabase();
  }

  @Override
  GasStationConfig.Builder config() {
    return super.config().dbUser("postgres");
  }
}
