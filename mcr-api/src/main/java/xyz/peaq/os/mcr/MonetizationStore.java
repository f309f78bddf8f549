package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Monetization opt-in state (migration V4). A write is one transaction: the signature is recorded
 * first (a signature already seen is a replay), then the state moves only when the signed timestamp
 * is newer than the one in force (an older message cannot undo a newer one). Either refusal rolls
 * everything back.
 */
final class MonetizationStore {
  /** The state in force: {@code updatedAt} is the server time it was accepted (unix seconds). */
  record State(boolean optedIn, String signer, long updatedAt, long signedTimestamp) {}

  /** Why a write was refused, or null when it was applied. */
  enum Refusal {
    REPLAYED,
    OLDER_THAN_CURRENT
  }

  private final DataSource ds;

  MonetizationStore(DataSource ds) {
    this.ds = ds;
  }

  Optional<State> get(BigInteger machineId) {
    try (Connection c = ds.getConnection()) {
      return read(c, machineId);
    } catch (SQLException e) {
      throw new IllegalStateException("monetization query failed: " + e.getMessage(), e);
    }
  }

  /** Applies a verified write; returns the refusal, or null when the state now holds it. */
  Refusal put(
      BigInteger machineId,
      boolean optedIn,
      String signer,
      long signedTimestamp,
      String signatureHash,
      long now) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO monetization_signatures (signature_hash, machine_id, accepted_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (signature_hash) DO NOTHING")) {
          ps.setString(1, signatureHash);
          ps.setString(2, machineId.toString());
          ps.setLong(3, now);
          if (ps.executeUpdate() == 0) {
            c.rollback();
            return Refusal.REPLAYED;
          }
        }
        Optional<State> current = read(c, machineId);
        // Equal seconds are allowed (opt in then out within one second); the signature table
        // already refuses the same message twice.
        if (current.isPresent() && current.get().signedTimestamp() > signedTimestamp) {
          c.rollback();
          return Refusal.OLDER_THAN_CURRENT;
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO monetization (machine_id, opted_in, signer, updated_at, signed_timestamp) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (machine_id) DO UPDATE SET "
                    + "opted_in = excluded.opted_in, signer = excluded.signer, "
                    + "updated_at = excluded.updated_at, signed_timestamp = excluded.signed_timestamp")) {
          ps.setString(1, machineId.toString());
          ps.setInt(2, optedIn ? 1 : 0);
          ps.setString(3, signer);
          ps.setLong(4, now);
          ps.setLong(5, signedTimestamp);
          ps.executeUpdate();
        }
        c.commit();
        return null;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("monetization write failed: " + e.getMessage(), e);
    }
  }

  private static Optional<State> read(Connection c, BigInteger machineId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT opted_in, signer, updated_at, signed_timestamp FROM monetization WHERE machine_id = ?")) {
      ps.setString(1, machineId.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new State(rs.getInt(1) != 0, rs.getString(2), rs.getLong(3), rs.getLong(4)))
            : Optional.empty();
      }
    }
  }
}
