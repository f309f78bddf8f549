package xyz.peaq.os.mcr;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage rules on SQLite (the default backend), each test on a fresh file. */
class SqliteStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  Store newStore() {
    return new Store("jdbc:sqlite:" + dir.resolve("index-" + System.nanoTime() + ".db"), null, null);
  }
}
