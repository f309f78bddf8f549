package xyz.peaq.os.gasstation;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The station's durable state over JDBC: SQLite (one file, writers serialised by IMMEDIATE
 * transactions) or PostgreSQL (several instances; per-owner and per-wallet advisory locks serialise
 * claims). Schema by Flyway migrations under {@code xyz/peaq/os/gasstation/db/migration}, a
 * location of its own so the MCR API's migrations in the same JVM are never mixed in.
 */
final class Store implements AutoCloseable {
  enum Dialect {
    SQLITE,
    POSTGRES
  }

  /** A unit of work inside one transaction. */
  interface Tx<T> {
    T run(Connection c) throws SQLException;
  }

  final Dialect dialect;
  private final HikariDataSource ds;

  Store(String jdbcUrl, String user, String password) {
    dialect = jdbcUrl.startsWith("jdbc:sqlite:") ? Dialect.SQLITE : Dialect.POSTGRES;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(jdbcUrl);
    hc.setPoolName("gas-station");
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    if (dialect == Dialect.SQLITE) {
      // WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at BEGIN, so
      // read-then-write transactions never deadlock on lock upgrades; busy_timeout queues writers.
      hc.addDataSourceProperty("journal_mode", "WAL");
      hc.addDataSourceProperty("synchronous", "FULL");
      hc.addDataSourceProperty("busy_timeout", "30000");
      hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      hc.setMaximumPoolSize(4);
    } else {
      hc.setMaximumPoolSize(16);
    }
    hc.setAutoCommit(true);
    hc.setConnectionTimeout(30_000);
    ds = new HikariDataSource(hc);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:xyz/peaq/os/gasstation/db/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  <T> T tx(Tx<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** A read outside any transaction (autocommit): never takes SQLite's write lock. */
  <T> T read(Tx<T> work) {
    try (Connection c = ds.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it
    }
  }

  /**
   * Serialises transactions on {@code key} across instances (PostgreSQL); SQLite is already serial.
   */
  void lock(Connection c, String key) throws SQLException {
    if (dialect == Dialect.POSTGRES) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        ps.setString(1, key);
        ps.execute();
      }
    }
  }

  static boolean isUniqueViolation(Throwable t) {
    for (Throwable e = t; e != null; e = e.getCause()) {
      if (e instanceof SQLException s) {
        if ("23505".equals(s.getSQLState())
            || s.getErrorCode() == 19
            || s.getErrorCode() == 2067
            || s.getErrorCode() == 1555
            || (s.getMessage() != null && s.getMessage().contains("UNIQUE constraint"))) {
          return true;
        }
      }
    }
    return false;
  }

  boolean healthy() {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ owners

  record OwnerRow(
      String address, String state, String secretEnc, int failedAttempts, Long lockedUntil) {
    boolean active() {
      return "active".equals(state);
    }

    boolean lockedAt(long nowMillis) {
      return lockedUntil != null && lockedUntil > nowMillis;
    }

    @Override
    public String toString() {
      return "OwnerRow[" + address + ", " + state + ", secret=<redacted>]";
    }
  }

  Optional<OwnerRow> owner(Connection c, String address, boolean forUpdate) throws SQLException {
    String sql =
        "SELECT owner_address, state, secret_enc, failed_attempts, locked_until FROM owners WHERE owner_address = ?"
            + (forUpdate && dialect == Dialect.POSTGRES ? " FOR UPDATE" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, address);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long lu = rs.getLong(5);
        Long locked = rs.wasNull() ? null : lu;
        return Optional.of(
            new OwnerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), locked));
      }
    }
  }

  Optional<OwnerRow> owner(String address) {
    return read(c -> owner(c, address, false));
  }

  void insertOwner(Connection c, String address, String secretEnc, long now) throws SQLException {
    exec(
        c,
        "INSERT INTO owners (owner_address, state, secret_enc, failed_attempts, locked_until, created_at, updated_at)"
            + " VALUES (?, 'pending', ?, 0, NULL, ?, ?)",
        address,
        secretEnc,
        now,
        now);
  }

  void replacePendingSecret(Connection c, String address, String secretEnc, long now)
      throws SQLException {
    exec(
        c,
        "UPDATE owners SET secret_enc = ?, updated_at = ? WHERE owner_address = ? AND state = 'pending'",
        secretEnc,
        now,
        address);
  }

  void activate(Connection c, String address, long now) throws SQLException {
    exec(
        c,
        "UPDATE owners SET state = 'active', failed_attempts = 0, locked_until = NULL, updated_at = ?"
            + " WHERE owner_address = ?",
        now,
        address);
  }

  void resetFailures(Connection c, String address, long now) throws SQLException {
    exec(
        c,
        "UPDATE owners SET failed_attempts = 0, updated_at = ? WHERE owner_address = ? AND failed_attempts <> 0",
        now,
        address);
  }

  /**
   * Marks a code's time step as used for {@code purpose}; false when it already was. Rolls back
   * nothing else on SQLite.
   */
  boolean useCode(Connection c, String owner, String purpose, long step, long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM used_codes WHERE owner_address = ? AND purpose = ? AND time_step = ?")) {
      ps.setString(1, owner);
      ps.setString(2, purpose);
      ps.setLong(3, step);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return false;
        }
      }
    }
    exec(
        c,
        "INSERT INTO used_codes (owner_address, purpose, time_step, used_at) VALUES (?, ?, ?, ?)",
        owner,
        purpose,
        step,
        now);
    return true;
  }

  void purgeUsedCodes(long olderThanStep) {
    tx(c -> exec(c, "DELETE FROM used_codes WHERE time_step < ?", olderThanStep));
  }

  // ------------------------------------------------------------------ QR tokens

  record QrRow(String token, String owner, String format, String payloadEnc, long expiresAt) {}

  void insertQr(Connection c, QrRow q) throws SQLException {
    exec(
        c,
        "INSERT INTO qr_tokens (token, owner_address, format, payload_enc, expires_at) VALUES (?, ?, ?, ?, ?)",
        q.token(),
        q.owner(),
        q.format(),
        q.payloadEnc(),
        q.expiresAt());
  }

  /** Ends the owner's live QR images now (they answer QR_EXPIRED until purged an hour later). */
  void expireQrOf(Connection c, String owner, long now) throws SQLException {
    exec(
        c,
        "UPDATE qr_tokens SET expires_at = ? WHERE owner_address = ? AND expires_at > ?",
        now,
        owner,
        now);
  }

  Optional<QrRow> qr(String token) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT token, owner_address, format, payload_enc, expires_at FROM qr_tokens WHERE token = ?")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new QrRow(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getLong(5)))
                  : Optional.<QrRow>empty();
            }
          }
        });
  }

  void purgeQr(long expiredBefore) {
    tx(c -> exec(c, "DELETE FROM qr_tokens WHERE expires_at < ?", expiredBefore));
  }

  // ------------------------------------------------------------------ fund requests

  enum State {
    CLAIMED,
    SIGNED,
    DONE,
    SKIPPED,
    FAILED
  }

  record RequestRow(
      String requestId,
      String owner,
      String target,
      String chainName,
      State state,
      String day,
      String amountWei,
      String txHash,
      String rawTx,
      Long txNonce,
      String currentBalance,
      String minGasBalance,
      String errorCode,
      String errorMessage,
      int attempts,
      long createdAt,
      long updatedAt) {

    boolean sameParams(String o, String t, String ch) {
      return owner.equals(o) && target.equals(t) && chainName.equals(ch);
    }

    boolean inFlight() {
      return state == State.CLAIMED || state == State.SIGNED;
    }

    @Override
    public String toString() {
      return "RequestRow[" + requestId + ", " + state + ", tx=" + txHash + "]";
    }
  }

  private static final String REQUEST_COLUMNS =
      "request_id, owner_address, target_address, chain_name, state, day,"
          + " amount_wei, tx_hash, raw_tx, tx_nonce, current_balance, min_gas_balance, error_code, error_message, attempts,"
          + " created_at, updated_at";

  private static RequestRow readRequest(ResultSet rs) throws SQLException {
    long n = rs.getLong(10);
    Long nonce = rs.wasNull() ? null : n;
    return new RequestRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        State.valueOf(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        nonce,
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getInt(15),
        rs.getLong(16),
        rs.getLong(17));
  }

  Optional<RequestRow> request(Connection c, String requestId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + REQUEST_COLUMNS + " FROM fund_requests WHERE request_id = ?")) {
      ps.setString(1, requestId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readRequest(rs)) : Optional.empty();
      }
    }
  }

  Optional<RequestRow> request(String requestId) {
    return read(c -> request(c, requestId));
  }

  List<RequestRow> requestsIn(State... states) {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < states.length; i++) {
      in.append(i == 0 ? "?" : ", ?");
    }
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + REQUEST_COLUMNS
                      + " FROM fund_requests WHERE state IN ("
                      + in
                      + ") ORDER BY tx_nonce, created_at")) {
            for (int i = 0; i < states.length; i++) {
              ps.setString(i + 1, states[i].name());
            }
            List<RequestRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(readRequest(rs));
              }
            }
            return out;
          }
        });
  }

  /**
   * Sum of amounts committed (claimed, in flight or done) on {@code day} for the owner or target
   * column.
   */
  java.math.BigInteger committedOn(Connection c, String column, String address, String day)
      throws SQLException {
    java.math.BigInteger sum = java.math.BigInteger.ZERO;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT amount_wei FROM fund_requests WHERE "
                + column
                + " = ? AND day = ? AND state IN ('CLAIMED', 'SIGNED', 'DONE') AND amount_wei IS NOT NULL")) {
      ps.setString(1, address);
      ps.setString(2, day);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sum = sum.add(new java.math.BigInteger(rs.getString(1)));
        }
      }
    }
    return sum;
  }

  void insertRequest(Connection c, RequestRow r) throws SQLException {
    exec(
        c,
        "INSERT INTO fund_requests ("
            + REQUEST_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.requestId(),
        r.owner(),
        r.target(),
        r.chainName(),
        r.state().name(),
        r.day(),
        r.amountWei(),
        r.txHash(),
        r.rawTx(),
        r.txNonce(),
        r.currentBalance(),
        r.minGasBalance(),
        r.errorCode(),
        r.errorMessage(),
        r.attempts(),
        r.createdAt(),
        r.updatedAt());
  }

  /** A FAILED request tried again: back to CLAIMED (or SKIPPED) under the same id. */
  int restartFailed(Connection c, RequestRow r) throws SQLException {
    return exec(
        c,
        "UPDATE fund_requests SET state = ?, day = ?, amount_wei = ?, tx_hash = NULL, raw_tx = NULL, prior_hashes = NULL,"
            + " tx_nonce = NULL, current_balance = ?, min_gas_balance = ?, error_code = NULL, error_message = NULL,"
            + " attempts = attempts + 1, updated_at = ? WHERE request_id = ? AND state = 'FAILED'",
        r.state().name(),
        r.day(),
        r.amountWei(),
        r.currentBalance(),
        r.minGasBalance(),
        r.updatedAt(),
        r.requestId());
  }

  /**
   * CLAIMED → SIGNED, or SIGNED(old hash) → SIGNED(new hash) after a nonce refusal. True when this
   * caller won.
   */
  boolean recordSigned(
      String requestId, String expectedHash, String hash, String raw, long nonce, long now) {
    return tx(
        c -> {
          String where =
              expectedHash == null ? "state = 'CLAIMED'" : "state = 'SIGNED' AND tx_hash = ?";
          // The replaced hash joins prior_hashes, so reconciliation can still find it if it is
          // mined.
          String prior = expectedHash == null ? "prior_hashes" : concat("prior_hashes", "tx_hash");
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE fund_requests SET state = 'SIGNED', prior_hashes = "
                      + prior
                      + ", tx_hash = ?, raw_tx = ?, tx_nonce = ?, updated_at = ? WHERE request_id = ? AND "
                      + where)) {
            ps.setString(1, hash);
            ps.setString(2, raw);
            ps.setLong(3, nonce);
            ps.setLong(4, now);
            ps.setString(5, requestId);
            if (expectedHash != null) {
              ps.setString(6, expectedHash);
            }
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Nonces at or above {@code from} that requests other than {@code except} hold: claimed with a
   * nonce reserved, or signed and not yet final. Inside the caller's transaction.
   */
  java.util.Set<Long> heldNonces(Connection c, long from, String except) throws SQLException {
    java.util.Set<Long> held = new java.util.HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tx_nonce FROM fund_requests WHERE state IN ('CLAIMED', 'SIGNED') "
                + "AND tx_nonce IS NOT NULL AND tx_nonce >= ? AND request_id <> ?")) {
      ps.setLong(1, from);
      ps.setString(2, except);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          held.add(rs.getLong(1));
        }
      }
    }
    return held;
  }

  /**
   * Reserves {@code nonce} for an in-flight request (its claim lease is not extended); false when
   * the request is no longer in flight.
   */
  boolean reserveNonce(Connection c, String requestId, long nonce) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE fund_requests SET tx_nonce = ? WHERE request_id = ? "
                + "AND state IN ('CLAIMED', 'SIGNED')")) {
      ps.setLong(1, nonce);
      ps.setString(2, requestId);
      return ps.executeUpdate() == 1;
    }
  }

  private static String concat(String list, String item) {
    return "CASE WHEN "
        + list
        + " IS NULL OR "
        + list
        + " = '' THEN "
        + item
        + " ELSE "
        + list
        + " || ',' || "
        + item
        + " END";
  }

  /** Earlier hashes of a request's transfer, oldest first. */
  List<String> priorHashes(String requestId) {
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT prior_hashes FROM fund_requests WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
              String v = rs.next() ? rs.getString(1) : null;
              return v == null || v.isEmpty() ? List.<String>of() : List.of(v.split(","));
            }
          }
        });
  }

  /** SIGNED(current) → DONE with an earlier hash of the same request, the one that was mined. */
  boolean markDoneWithPrior(String requestId, String currentHash, String minedHash, long now) {
    return tx(
        c ->
            exec(
                    c,
                    "UPDATE fund_requests SET state = 'DONE', tx_hash = ?, updated_at = ? WHERE request_id = ?"
                        + " AND state = 'SIGNED' AND tx_hash = ?",
                    minedHash,
                    now,
                    requestId,
                    currentHash)
                == 1);
  }

  /** SIGNED(hash) → DONE. */
  boolean markDone(String requestId, String hash, long now) {
    return tx(
        c ->
            exec(
                    c,
                    "UPDATE fund_requests SET state = 'DONE', updated_at = ? WHERE request_id = ? AND state = 'SIGNED'"
                        + " AND tx_hash = ?",
                    now,
                    requestId,
                    hash)
                == 1);
  }

  /** CLAIMED or SIGNED(hash) → FAILED; {@code hash} null means "still CLAIMED". */
  boolean markFailed(String requestId, String hash, ErrorCode code, String message, long now) {
    return tx(
        c -> {
          if (hash == null) {
            return exec(
                    c,
                    "UPDATE fund_requests SET state = 'FAILED', error_code = ?, error_message = ?, updated_at = ?"
                        + " WHERE request_id = ? AND state = 'CLAIMED'",
                    code.wire(),
                    message,
                    now,
                    requestId)
                == 1;
          }
          return exec(
                  c,
                  "UPDATE fund_requests SET state = 'FAILED', error_code = ?, error_message = ?, updated_at = ?"
                      + " WHERE request_id = ? AND state = 'SIGNED' AND tx_hash = ?",
                  code.wire(),
                  message,
                  now,
                  requestId,
                  hash)
              == 1;
        });
  }

  int countTransfers() {
    return read(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT COUNT(*) FROM fund_requests WHERE state = 'DONE'");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  // ------------------------------------------------------------------ abuse limits (V3)

  /** The pool, for bucket4j's shared buckets ({@link SharedBuckets}). */
  javax.sql.DataSource dataSource() {
    return ds;
  }

  /**
   * Sum committed (claimed, in flight or done) on {@code day} by every request, or by one client
   * address.
   */
  java.math.BigInteger committedOnDay(Connection c, String clientAddress, String day)
      throws SQLException {
    String sql =
        "SELECT amount_wei FROM fund_requests WHERE day = ? AND state IN ('CLAIMED', 'SIGNED', 'DONE')"
            + " AND amount_wei IS NOT NULL"
            + (clientAddress == null ? "" : " AND client_address = ?");
    java.math.BigInteger sum = java.math.BigInteger.ZERO;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, day);
      if (clientAddress != null) {
        ps.setString(2, clientAddress);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sum = sum.add(new java.math.BigInteger(rs.getString(1)));
        }
      }
    }
    return sum;
  }

  /**
   * How many transfers to {@code target} are DONE (only ever grows) and whether one is in flight
   * now.
   */
  record WalletState(long done, boolean inFlight) {}

  WalletState walletState(Connection c, String target) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT SUM(CASE WHEN state = 'DONE' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN state IN ('CLAIMED', 'SIGNED') THEN 1 ELSE 0 END) FROM fund_requests WHERE target_address = ?")) {
      ps.setString(1, target);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new WalletState(rs.getLong(1), rs.getLong(2) > 0);
      }
    }
  }

  WalletState walletState(String target) {
    return read(c -> walletState(c, target));
  }

  void tagClient(Connection c, String requestId, String clientAddress) throws SQLException {
    exec(
        c,
        "UPDATE fund_requests SET client_address = ? WHERE request_id = ?",
        clientAddress,
        requestId);
  }

  /** Bad codes of one owner from one client address. */
  record FailureRow(int failures, int locks, Long lockedUntil, boolean trusted) {
    static final FailureRow NONE = new FailureRow(0, 0, null, false);

    boolean lockedAt(long now) {
      return lockedUntil != null && lockedUntil > now;
    }
  }

  FailureRow failures(Connection c, String owner, String client, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT failures, locks, locked_until, trusted FROM code_failures"
                + " WHERE owner_address = ? AND client_address = ?"
                + (forUpdate && dialect == Dialect.POSTGRES ? " FOR UPDATE" : ""))) {
      ps.setString(1, owner);
      ps.setString(2, client);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return FailureRow.NONE;
        }
        long lu = rs.getLong(3);
        Long locked = rs.wasNull() ? null : lu;
        return new FailureRow(rs.getInt(1), rs.getInt(2), locked, rs.getInt(4) == 1);
      }
    }
  }

  FailureRow failures(String owner, String client) {
    return read(c -> failures(c, owner, client, false));
  }

  void putFailures(Connection c, String owner, String client, FailureRow r, long now)
      throws SQLException {
    int n =
        exec(
            c,
            "UPDATE code_failures SET failures = ?, locks = ?, locked_until = ?, trusted = ?, updated_at = ?"
                + " WHERE owner_address = ? AND client_address = ?",
            r.failures(),
            r.locks(),
            r.lockedUntil(),
            r.trusted() ? 1 : 0,
            now,
            owner,
            client);
    if (n == 0) {
      exec(
          c,
          "INSERT INTO code_failures (owner_address, client_address, failures, locks, locked_until, trusted, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)",
          owner,
          client,
          r.failures(),
          r.locks(),
          r.lockedUntil(),
          r.trusted() ? 1 : 0,
          now);
    }
  }

  /**
   * Forgets owners that ran setup but never confirmed before {@code before}, with their QR images,
   * and failure rows untouched since {@code failuresBefore} that hold no lock and no trust.
   */
  int purgeStale(long before, long failuresBefore, long now) {
    return tx(
        c -> {
          exec(
              c,
              "DELETE FROM qr_tokens WHERE owner_address IN (SELECT owner_address FROM owners WHERE state = 'pending'"
                  + " AND updated_at < ?)",
              before);
          int owners =
              exec(c, "DELETE FROM owners WHERE state = 'pending' AND updated_at < ?", before);
          exec(
              c,
              "DELETE FROM code_failures WHERE updated_at < ? AND trusted = 0 AND (locked_until IS NULL OR locked_until < ?)",
              failuresBefore,
              now);
          return owners;
        });
  }

  // ------------------------------------------------------------------ helpers

  static int exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a == null) {
          ps.setNull(i + 1, java.sql.Types.NULL);
        } else if (a instanceof Long l) {
          ps.setLong(i + 1, l);
        } else if (a instanceof Integer n) {
          ps.setInt(i + 1, n);
        } else {
          ps.setString(i + 1, a.toString());
        }
      }
      return ps.executeUpdate();
    }
  }

  @Override
  public void close() {
    ds.close();
  }

  /** A database failure; answered as 500 INTERNAL_ERROR without details. */
  static final class StoreException extends RuntimeException {
    StoreException(SQLException e) {
      super("database error: " + e.getMessage(), e);
    }
  }
}
