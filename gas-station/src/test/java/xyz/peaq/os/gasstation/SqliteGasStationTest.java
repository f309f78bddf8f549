package xyz.peaq.os.gasstation;

import java.nio.file.Path;

/** The suite on the default store: a SQLite file in a temporary folder. */
class SqliteGasStationTest extends GasStationSuite {
  @Override
  String newDatabase(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("gas-station.db");
  }
}
