package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The Economics 2.0 part of the index (migration V4): writes run inside {@link Store#apply}'s
 * transaction (so the 2.0 facts and the cursor commit together, like the 1.0 ones), reads use the
 * store's pool. Each write sets state (never toggles or adds blindly) except the bond sum, whose
 * facts are applied once because the cursor moves in the same transaction.
 */
final class Econ2Index {
  static final String[] TABLES = {"machine_events_v2", "machines_v2", "econ2_params"};

  private static final String COLUMNS =
      "machine_id, owner, controller, machine_type, operator, minted_block, minted_time, updated_time, "
          + "tier, period_start, period_end, bonded_amount, suspended";

  private final DataSource ds;

  Econ2Index(DataSource ds) {
    this.ds = ds;
  }

  /** Applies a 2.0 fact on {@code c}; false when {@code f} is not one. */
  static boolean apply(Connection c, IndexedFact f) throws SQLException {
    if (f instanceof IndexedFact.V2Minted m) {
      update(
          c,
          "INSERT INTO machines_v2 (machine_id, owner, controller, machine_type, minted_block, minted_time, "
              + "updated_time) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (machine_id) DO UPDATE SET "
              + "owner = excluded.owner, controller = excluded.controller, machine_type = excluded.machine_type, "
              + "minted_block = excluded.minted_block, minted_time = excluded.minted_time, "
              + "updated_time = excluded.updated_time",
          m.machineId().toString(),
          m.owner(),
          m.controller(),
          m.machineType(),
          m.block(),
          m.time(),
          m.time());
    } else if (f instanceof IndexedFact.V2Owner o) {
      touch(c, o.machineId(), "owner = ?", o.time(), o.owner());
    } else if (f instanceof IndexedFact.V2Controller o) {
      touch(c, o.machineId(), "controller = ?", o.time(), o.controller());
    } else if (f instanceof IndexedFact.V2DocumentChanged d) {
      touch(c, d.machineId(), null, d.time());
    } else if (f instanceof IndexedFact.V2Onboarded o) {
      touch(c, o.machineId(), "operator = ?", o.time(), o.operator());
    } else if (f instanceof IndexedFact.V2Suspended s) {
      touch(c, s.machineId(), "suspended = ?", s.time(), s.suspended() ? 1 : 0);
    } else if (f instanceof IndexedFact.V2Subscription s) {
      BigInteger bonded =
          scalar(c, "SELECT bonded_amount FROM machines_v2 WHERE machine_id = ?", s.machineId())
              .map(BigInteger::new)
              .orElse(BigInteger.ZERO);
      String sets = "tier = ?, period_end = ?, bonded_amount = ?";
      if (s.periodStart() > 0) {
        touch(
            c,
            s.machineId(),
            sets + ", period_start = ?",
            s.time(),
            s.tier(),
            s.periodEnd(),
            bonded.add(s.bondAdded()).toString(),
            s.periodStart());
      } else {
        // A renewal after the period ended starts a new period at the renewal's block.
        touch(
            c,
            s.machineId(),
            sets + ", period_start = CASE WHEN period_end < ? THEN ? ELSE period_start END",
            s.time(),
            s.tier(),
            s.periodEnd(),
            bonded.add(s.bondAdded()).toString(),
            s.time(),
            s.time());
      }
    } else if (f instanceof IndexedFact.V2Param p) {
      update(
          c,
          "INSERT INTO econ2_params (name, value) VALUES (?, ?) "
              + "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
          p.name(),
          p.value());
    } else if (f instanceof IndexedFact.V2Event e) {
      Store.insertEvent(c, "machine_events_v2", e.event());
    } else {
      return false;
    }
    return true;
  }

  /**
   * Sets {@code assignments} (may be null) and {@code updated_time} of a machine; facts of a
   * machine not minted yet (not possible on one chain in order) are dropped.
   */
  private static void touch(
      Connection c, BigInteger id, String assignments, long time, Object... values)
      throws SQLException {
    // MachineSubscription's Activated precedes MachineRegistry's MachineMinted in one activation:
    // the row is made by whichever comes first (and stays invisible until it has an owner).
    update(
        c,
        "INSERT INTO machines_v2 (machine_id, minted_block, minted_time, updated_time) "
            + "VALUES (?, 0, ?, ?) ON CONFLICT (machine_id) DO NOTHING",
        id.toString(),
        time,
        time);
    List<Object> args = new ArrayList<>(java.util.Arrays.asList(values));
    args.add(time);
    args.add(time);
    args.add(id.toString());
    update(
        c,
        "UPDATE machines_v2 SET "
            + (assignments == null ? "" : assignments + ", ")
            + "updated_time = CASE WHEN updated_time > ? THEN updated_time ELSE ? END"
            + " WHERE machine_id = ?",
        args.toArray());
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
  }

  private static Optional<String> scalar(Connection c, String sql, BigInteger id)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, java.sql.Types.VARCHAR);
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else {
        ps.setString(i + 1, a.toString());
      }
    }
  }

  // ---- reads ----

  Optional<MachineV2> machine(BigInteger id) {
    return query(
            "SELECT " + COLUMNS + " FROM machines_v2 WHERE machine_id = ? AND owner IS NOT NULL",
            id.toString())
        .stream()
        .findFirst();
  }

  /** Every minted 2.0 machine (the explorer's fleet overview). */
  List<MachineV2> all() {
    return query("SELECT " + COLUMNS + " FROM machines_v2 WHERE owner IS NOT NULL");
  }

  /** The {@code n} 2.0 machines minted last (latest block first). */
  List<MachineV2> recent(int n) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM machines_v2 WHERE owner IS NOT NULL"
            + " ORDER BY minted_block DESC, LENGTH(machine_id) DESC, machine_id DESC LIMIT "
            + Math.max(1, n));
  }

  /** 2.0 machines the address owns, controls or onboarded. */
  List<MachineV2> machinesOf(String address) {
    String a = address.toLowerCase();
    return query(
        "SELECT "
            + COLUMNS
            + " FROM machines_v2 WHERE owner IS NOT NULL AND (owner = ? OR controller = ? OR operator = ?)",
        a,
        a,
        a);
  }

  List<MachineEvent> events(BigInteger id) {
    try (Connection c = ds.getConnection()) {
      return Store.readEvents(c, "machine_events_v2", id);
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  /** An InfoDesk setting (seconds), 0 when never set. */
  long param(String name) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT value FROM econ2_params WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }

  private List<MachineV2> query(String sql, String... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<MachineV2> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new MachineV2(
                  new BigInteger(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getLong(8),
                  rs.getInt(9),
                  rs.getLong(10),
                  rs.getLong(11),
                  new BigInteger(rs.getString(12)),
                  rs.getInt(13) != 0));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("index query failed: " + e.getMessage(), e);
    }
  }
}
