package xyz.peaq.os.gasstation;

import java.nio.file.Path;
import java.util.List;
import xyz.peaq.os.sdk.gasstation.GasStationClient;

/** The suite on the default store: a SQLite file in a temporary folder. */
class SqliteGasStationTest extends GasStationSuite {
  @Override
  String newDatabase(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("gas-station.db");
  }

  @org.junit.jupiter.api.Test
  void theDatabaseFilesAreOwnerOnlyEvenInAFolderTheOperatorMade() throws Exception {
    java.nio.file.Path folder = java.nio.file.Files.createDirectories(dir.resolve("operator-made"));
    java.nio.file.Files.setPosixFilePermissions(
        folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    GasStationServer s =
        startExtra(
            config().jdbcUrl("jdbc:sqlite:" + folder.resolve("gs.db")).build(),
            java.util.function.UnaryOperator.identity());
    enrol(GasStationClient.create(s.url()), randomAddress());
    try (var files = java.nio.file.Files.list(folder)) {
      List<java.nio.file.Path> all = files.toList();
      org.assertj.core.api.Assertions.assertThat(all)
          .extracting(p -> p.getFileName().toString())
          .contains("gs.db");
      for (java.nio.file.Path f : all) {
        org.assertj.core.api.Assertions.assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(f)))
            .as(f.toString())
            .isEqualTo("rw-------");
      }
    }
  }
}
