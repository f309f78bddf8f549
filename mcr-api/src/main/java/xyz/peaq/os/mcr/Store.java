package xyz.peaq.os.mcr;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The index database (SQLite or PostgreSQL). Every batch of facts is written in one transaction
 * together with the cursor of the last block it covers, so a crash or stop at any moment leaves the
 * index at a block boundary: a restart resumes at the next block and nothing is counted twice.
 */
final class Store implements AutoCloseable {
  private static final String UPSERT_REGISTRATION =
      "INSERT INTO machines (machine_id, wallet, operator, uri, registered_block, registered_time, updated_time) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (machine_id) DO UPDATE SET "
          + "wallet = COALESCE(excluded.wallet, machines.wallet), "
          + "operator = COALESCE(excluded.operator, machines.operator), "
          + "uri = COALESCE(excluded.uri, machines.uri), updated_time = excluded.updated_time";
  private static final String UPSERT_OPERATOR =
      "INSERT INTO machines (machine_id, wallet, operator, uri, registered_block, registered_time, updated_time) "
          + "VALUES (?, NULL, ?, NULL, ?, ?, ?) ON CONFLICT (machine_id) DO UPDATE SET "
          + "operator = excluded.operator, updated_time = excluded.updated_time";

  /**
   * Replays keep the state: each change sets (not toggles) the flag, and batches apply in chain
   * order.
   */
  private static final String UPSERT_ACTIVATION =
      "INSERT INTO machines (machine_id, wallet, operator, uri, registered_block, registered_time, updated_time, "
          + "deactivated, status_time) VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, ?) ON CONFLICT (machine_id) DO UPDATE SET "
          + "wallet = COALESCE(machines.wallet, excluded.wallet), deactivated = excluded.deactivated, "
          + "status_time = excluded.status_time, updated_time = excluded.updated_time";

  private static final String MACHINE_COLUMNS =
      "machine_id, wallet, operator, uri, registered_block, registered_time, updated_time, deactivated, status_time";
  private static final String EVENT_COLUMNS =
      "machine_id, event_index, event_type, value_raw, currency, claimed_time, trust_level, source_chain_id, "
          + "data_hash, source_tx_hash, metadata, block_number, block_time, tx_hash";

  private final HikariDataSource ds;
  private final boolean sqlite;
  private final Econ2Index econ2;
  private final MonetizationStore monetization;

  Store(String jdbcUrl, String user, String password) {
    this.sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    if (user != null) hc.setUsername(user);
    if (password != null) hc.setPassword(password);
    hc.setPoolName("mcr-index");
    hc.setMaximumPoolSize(sqlite ? 4 : 8);
    if (sqlite) {
      // WAL lets HTTP reads run while the indexer writes; the busy timeout absorbs the short
      // moments when SQLite holds its single writer lock.
      hc.setConnectionInitSql("PRAGMA busy_timeout = 10000");
    }
    hc.setInitializationFailTimeout(
        1); // one connection attempt at start: a wrong URL fails at once
    try {
      this.ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot open the MCR index database "
              + redact(jdbcUrl)
              + ": "
              + redact(String.valueOf(e.getMessage()))
              + " (check MCR_DATABASE_URL)",
          e);
    }
    try {
      if (sqlite) {
        try (Connection c = ds.getConnection();
            var st = c.createStatement()) {
          st.execute("PRAGMA journal_mode = WAL");
        }
      }
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:xyz/peaq/os/mcr/db/migration")
          .table("mcr_schema_history")
          .load()
          .migrate();
      this.econ2 = new Econ2Index(ds);
      this.monetization = new MonetizationStore(ds);
    } catch (RuntimeException | SQLException e) {
      ds.close();
      throw new IllegalStateException(
          "cannot open the MCR index database "
              + redact(jdbcUrl)
              + ": "
              + redact(String.valueOf(e.getMessage()))
              + " (check MCR_DATABASE_URL)",
          e);
    }
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** Last block fully indexed, or empty before the first batch. */
  Optional<Long> cursor() {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT last_block FROM indexer_cursor WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("reading the indexer cursor failed: " + e.getMessage(), e);
    }
  }

  /**
   * The hash recorded with the cursor's block, or empty (before the first batch, or an index made
   * before V3).
   */
  Optional<String> cursorHash() {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT block_hash FROM indexer_cursor WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("reading the indexer cursor failed: " + e.getMessage(), e);
    }
  }

  /**
   * Forgets everything indexed (facts and cursor) in one transaction: the chain it came from is
   * gone.
   */
  void reset() {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (String table :
            new String[] {
              "did_attributes",
              "machine_events",
              "machine_events_v2",
              "machines_v2",
              "econ2_params",
              "machine_tokens",
              "stakes",
              "machines",
              "indexer_cursor"
            }) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table)) {
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("clearing the index failed: " + e.getMessage(), e);
    }
  }

  /** Applies {@code facts} (in chain order) and moves the cursor to {@code toBlock}, atomically. */
  void apply(long toBlock, List<IndexedFact> facts) {
    apply(toBlock, null, facts);
  }

  /**
   * The same, recording {@code toBlockHash} (the hash of block {@code toBlock}) with the cursor.
   */
  void apply(long toBlock, String toBlockHash, List<IndexedFact> facts) {
    apply(toBlock, toBlockHash, null, facts);
  }

  /**
   * The same, also recording the block's timestamp (the chain time 2.0 subscription states are
   * judged at).
   */
  void apply(long toBlock, String toBlockHash, Long toBlockTime, List<IndexedFact> facts) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (IndexedFact f : facts) {
          applyOne(c, f);
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO indexer_cursor (id, last_block, block_hash, block_time) VALUES (1, ?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET last_block = excluded.last_block, "
                    + "block_hash = excluded.block_hash, block_time = excluded.block_time")) {
          ps.setLong(1, toBlock);
          ps.setString(2, toBlockHash);
          if (toBlockTime == null) {
            ps.setNull(3, java.sql.Types.BIGINT);
          } else {
            ps.setLong(3, toBlockTime);
          }
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("writing the index failed: " + e.getMessage(), e);
    }
  }

  private void applyOne(Connection c, IndexedFact f) throws SQLException {
    if (f instanceof IndexedFact.Registration r) {
      try (PreparedStatement ps = c.prepareStatement(UPSERT_REGISTRATION)) {
        ps.setString(1, r.machineId().toString());
        ps.setString(2, r.wallet());
        ps.setString(3, r.operator());
        ps.setString(4, r.uri());
        ps.setLong(5, r.block());
        ps.setLong(6, r.time());
        ps.setLong(7, r.time());
        ps.executeUpdate();
      }
    } else if (f instanceof IndexedFact.OperatorChange o) {
      try (PreparedStatement ps = c.prepareStatement(UPSERT_OPERATOR)) {
        ps.setString(1, o.machineId().toString());
        ps.setString(2, o.operator());
        ps.setLong(3, o.block());
        ps.setLong(4, o.time());
        ps.setLong(5, o.time());
        ps.executeUpdate();
      }
    } else if (f instanceof IndexedFact.ActivationChange a) {
      try (PreparedStatement ps = c.prepareStatement(UPSERT_ACTIVATION)) {
        ps.setString(1, a.machineId().toString());
        ps.setString(2, a.wallet());
        ps.setLong(3, a.block());
        ps.setLong(4, a.time());
        ps.setLong(5, a.time());
        ps.setInt(6, a.deactivated() ? 1 : 0);
        ps.setLong(7, a.time());
        ps.executeUpdate();
      }
    } else if (f instanceof IndexedFact.Stake s) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO stakes (block_number, log_index, machine_id, amount, block_time) VALUES (?, ?, ?, ?, ?) "
                  + "ON CONFLICT (block_number, log_index) DO NOTHING")) {
        ps.setLong(1, s.block());
        ps.setInt(2, s.logIndex());
        ps.setString(3, s.machineId().toString());
        ps.setString(4, s.amount().toString());
        ps.setLong(5, s.time());
        ps.executeUpdate();
      }
    } else if (f instanceof IndexedFact.NftMinted m) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO machine_tokens (token_id, machine_id, owner, minted_block) VALUES (?, ?, ?, ?) "
                  + "ON CONFLICT (token_id) DO UPDATE SET machine_id = excluded.machine_id")) {
        ps.setString(1, m.tokenId().toString());
        ps.setString(2, m.machineId().toString());
        ps.setString(3, m.recipient());
        ps.setLong(4, m.block());
        ps.executeUpdate();
      }
    } else if (f instanceof IndexedFact.NftTransfer t) {
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE machine_tokens SET owner = ? WHERE token_id = ?")) {
        ps.setString(1, t.to());
        ps.setString(2, t.tokenId().toString());
        ps.executeUpdate();
      }
    } else if (f instanceof IndexedFact.Event ev) {
      insertEvent(c, "machine_events", ev.event());
    } else if (f instanceof IndexedFact.AttributeSet a) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO did_attributes (account, name, value, block_number) VALUES (?, ?, ?, ?) "
                  + "ON CONFLICT (account, name) DO UPDATE SET value = excluded.value, block_number = excluded.block_number")) {
        ps.setString(1, a.account());
        ps.setString(2, a.name());
        ps.setString(3, a.value());
        ps.setLong(4, a.block());
        ps.executeUpdate();
      }
    } else if (f instanceof IndexedFact.AttributeRemoved a) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM did_attributes WHERE account = ? AND name = ?")) {
        ps.setString(1, a.account());
        ps.setString(2, a.name());
        ps.executeUpdate();
      }
    } else {
      Econ2Index.apply(c, f);
    }
  }

  static void insertEvent(Connection c, String table, MachineEvent e) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + EVENT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (machine_id, event_index) DO NOTHING")) {
      ps.setString(1, e.machineId().toString());
      ps.setLong(2, e.eventIndex());
      ps.setInt(3, e.eventType());
      ps.setString(4, e.value().toString());
      ps.setString(5, e.currency());
      ps.setLong(6, e.claimedTime());
      ps.setInt(7, e.trustLevel());
      ps.setString(8, e.sourceChainId().toString());
      ps.setString(9, e.dataHash());
      ps.setString(10, e.sourceTxHash());
      ps.setString(11, e.metadata());
      ps.setLong(12, e.blockNumber());
      ps.setLong(13, e.blockTime());
      ps.setString(14, e.txHash());
      ps.executeUpdate();
    }
  }

  Optional<MachineRecord> machineByWallet(String wallet) {
    return queryMachines(
            "SELECT "
                + MACHINE_COLUMNS
                + " FROM machines WHERE wallet = ? "
                + "ORDER BY LENGTH(machine_id), machine_id",
            List.of(wallet.toLowerCase()))
        .stream()
        .findFirst();
  }

  Optional<MachineRecord> machineById(BigInteger id) {
    return queryMachines(
            "SELECT "
                + MACHINE_COLUMNS
                + " FROM machines WHERE machine_id = ? AND wallet IS NOT NULL",
            List.of(id.toString()))
        .stream()
        .findFirst();
  }

  /** Every registered machine (the explorer's fleet overview rates them all). */
  List<MachineRecord> allMachines() {
    return queryMachines(
        "SELECT " + MACHINE_COLUMNS + " FROM machines WHERE wallet IS NOT NULL", List.of());
  }

  /** The {@code n} machines registered last (latest block first). */
  List<MachineRecord> recentMachines(int n) {
    return queryMachines(
        "SELECT "
            + MACHINE_COLUMNS
            + " FROM machines WHERE wallet IS NOT NULL"
            + " ORDER BY registered_block DESC, LENGTH(machine_id) DESC, machine_id DESC LIMIT "
            + Math.max(1, n),
        List.of());
  }

  /** Registered machines whose on-chain operator is {@code operator}. */
  List<MachineRecord> machinesOfOperator(String operator) {
    return queryMachines(
        "SELECT " + MACHINE_COLUMNS + " FROM machines WHERE operator = ? AND wallet IS NOT NULL",
        List.of(operator.toLowerCase()));
  }

  /** Registered machines among {@code ids}; unknown ids are left out. */
  List<MachineRecord> machinesByIds(Collection<BigInteger> ids) {
    List<MachineRecord> out = new ArrayList<>();
    List<String> all = ids.stream().map(BigInteger::toString).distinct().toList();
    for (int i = 0; i < all.size(); i += 200) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + 200));
      String marks = String.join(", ", chunk.stream().map(x -> "?").toList());
      out.addAll(
          queryMachines(
              "SELECT "
                  + MACHINE_COLUMNS
                  + " FROM machines WHERE wallet IS NOT NULL AND machine_id IN ("
                  + marks
                  + ")",
              chunk));
    }
    return out;
  }

  private List<MachineRecord> queryMachines(String sql, List<String> args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      List<MachineRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new MachineRecord(
                  new BigInteger(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getInt(8) != 0,
                  rs.getLong(9)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  /** True when a non-zero stake was indexed for the machine. */
  boolean bonded(BigInteger machineId) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT amount FROM stakes WHERE machine_id = ?")) {
      ps.setString(1, machineId.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (new BigInteger(rs.getString(1)).signum() > 0) {
            return true;
          }
        }
        return false;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  /** Unix seconds of the latest stake of the machine, or 0. */
  long lastStakeTime(BigInteger machineId) {
    return scalarLong(
        "SELECT MAX(block_time) FROM stakes WHERE machine_id = ?", machineId.toString());
  }

  /** All events of the machine, oldest first (by on-chain index). */
  List<MachineEvent> events(BigInteger machineId) {
    try (Connection c = ds.getConnection()) {
      return readEvents(c, "machine_events", machineId);
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  static List<MachineEvent> readEvents(Connection c, String table, BigInteger machineId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + EVENT_COLUMNS
                + " FROM "
                + table
                + " WHERE machine_id = ? ORDER BY event_index")) {
      ps.setString(1, machineId.toString());
      List<MachineEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new MachineEvent(
                  new BigInteger(rs.getString(1)),
                  rs.getLong(2),
                  rs.getInt(3),
                  new BigInteger(rs.getString(4)),
                  rs.getString(5),
                  rs.getLong(6),
                  rs.getInt(7),
                  new BigInteger(rs.getString(8)),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getString(11),
                  rs.getLong(12),
                  rs.getLong(13),
                  rs.getString(14)));
        }
      }
      return out;
    }
  }

  /** The 2.0 part of the index, over the same pool. */
  Econ2Index econ2() {
    return econ2;
  }

  /** Monetization opt-ins, over the same pool. */
  MonetizationStore monetization() {
    return monetization;
  }

  /** Timestamp of the cursor's block, or empty (before the first batch, or an index before V4). */
  Optional<Long> cursorTime() {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT block_time FROM indexer_cursor WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) return Optional.empty();
      long t = rs.getLong(1);
      return rs.wasNull() ? Optional.empty() : Optional.of(t);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the indexer cursor failed: " + e.getMessage(), e);
    }
  }

  /** Token id of the machine's Machine NFT, if one was minted. */
  Optional<BigInteger> tokenOfMachine(BigInteger machineId) {
    return scalarString(
            "SELECT token_id FROM machine_tokens WHERE machine_id = ? "
                + "ORDER BY LENGTH(token_id), token_id",
            machineId.toString())
        .map(BigInteger::new);
  }

  Optional<BigInteger> machineOfToken(BigInteger tokenId) {
    return scalarString(
            "SELECT machine_id FROM machine_tokens WHERE token_id = ?", tokenId.toString())
        .map(BigInteger::new);
  }

  /** DID attributes of {@code account}, by name. */
  Map<String, String> attributes(String account) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name, value FROM did_attributes WHERE account = ? ORDER BY name")) {
      ps.setString(1, account.toLowerCase());
      Map<String, String> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  /** Cheap probe for /ready. */
  boolean healthy() {
    try (Connection c = ds.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private Optional<String> scalarString(String sql, String arg) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  private long scalarLong(String sql, String arg) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ds.close();
  }
}
