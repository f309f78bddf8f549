package xyz.peaq.os.gasstation;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * bucket4j token buckets kept in the station's own database (table {@code rate_buckets}), so every
 * instance sharing the database shares them. bucket4j's generic select-for-update proxy manager
 * does the token arithmetic; this class only gives it a row lock: {@code SELECT … FOR UPDATE} on
 * PostgreSQL, and on SQLite the IMMEDIATE transaction, which holds the database's write lock from
 * its first statement. (bucket4j's own JDBC modules cover PostgreSQL but not SQLite.) Time comes
 * from the configured {@link Clock}, so tests can move it.
 */
final class SharedBuckets {
  private final Manager manager;

  SharedBuckets(DataSource ds, Store.Dialect dialect, Clock clock) {
    TimeMeter meter = new ClockTimeMeter(clock);
    this.manager =
        new Manager(ds, dialect, clock, ClientSideConfig.getDefault().withClientClock(meter));
  }

  /** The bucket {@code key}: {@code capacity} tokens refilled gradually over {@code window}. */
  BucketProxy bucket(String key, long capacity, Duration window) {
    BucketConfiguration conf =
        BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
            .build();
    return manager.builder().build(key, () -> conf);
  }

  /** Forgets buckets untouched since {@code before} (a full bucket is the same as none). */
  void purge(long before) {
    manager.purge(before);
  }

  private static final class Manager extends AbstractSelectForUpdateBasedProxyManager<String> {
    private final DataSource ds;
    private final Store.Dialect dialect;
    private final Clock clock;

    Manager(DataSource ds, Store.Dialect dialect, Clock clock, ClientSideConfig config) {
      super(config);
      this.ds = ds;
      this.dialect = dialect;
      this.clock = clock;
    }

    void purge(long before) {
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM rate_buckets WHERE updated_at < ? OR updated_at IS NULL")) {
        ps.setLong(1, before);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new Store.StoreException(e);
      }
    }

    @Override
    public void removeProxy(String key) {
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement("DELETE FROM rate_buckets WHERE bucket_key = ?")) {
        ps.setString(1, key);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new Store.StoreException(e);
      }
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(
        String key, Optional<Long> timeoutNanos) {
      Connection c;
      try {
        c = ds.getConnection();
      } catch (SQLException e) {
        throw new Store.StoreException(e);
      }
      return new SelectForUpdateBasedTransaction() {
        @Override
        public void begin(Optional<Long> t) {
          if (dialect == Store.Dialect.SQLITE) {
            // A bucket's state may lose its last updates on power loss (they are rate limits, not
            // the ledger): WAL without an fsync per commit keeps the extra write per request cheap.
            run(
                () -> {
                  try (java.sql.Statement st = c.createStatement()) {
                    st.execute("PRAGMA synchronous = NORMAL");
                  }
                });
          }
          run(() -> c.setAutoCommit(false));
        }

        @Override
        public void rollback() {
          run(c::rollback);
        }

        @Override
        public void commit(Optional<Long> t) {
          run(c::commit);
        }

        @Override
        public LockAndGetResult tryLockAndGet(Optional<Long> t) {
          String sql =
              "SELECT state FROM rate_buckets WHERE bucket_key = ?"
                  + (dialect == Store.Dialect.POSTGRES ? " FOR UPDATE" : "");
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return LockAndGetResult.notLocked();
              }
              String s = rs.getString(1);
              return LockAndGetResult.locked(s == null ? null : Base64.getDecoder().decode(s));
            }
          } catch (SQLException e) {
            throw new Store.StoreException(e);
          }
        }

        @Override
        public boolean tryInsertEmptyData(Optional<Long> t) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO rate_buckets (bucket_key, state, updated_at) VALUES (?, NULL, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, key);
            ps.setLong(2, clock.millis());
            ps.executeUpdate();
            return true;
          } catch (SQLException e) {
            throw new Store.StoreException(e);
          }
        }

        @Override
        public void update(byte[] data, RemoteBucketState newState, Optional<Long> t) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE rate_buckets SET state = ?, updated_at = ? WHERE bucket_key = ?")) {
            ps.setString(1, Base64.getEncoder().encodeToString(data));
            ps.setLong(2, clock.millis());
            ps.setString(3, key);
            ps.executeUpdate();
          } catch (SQLException e) {
            throw new Store.StoreException(e);
          }
        }

        @Override
        public void release() {
          try {
            c.setAutoCommit(true);
            if (dialect == Store.Dialect.SQLITE) {
              try (java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA synchronous = FULL");
              }
            }
          } catch (SQLException ignored) {
            // the pool discards a broken connection
          }
          run(c::close);
        }
      };
    }
  }

  private interface SqlRun {
    void run() throws SQLException;
  }

  private static void run(SqlRun r) {
    try {
      r.run();
    } catch (SQLException e) {
      throw new Store.StoreException(e);
    }
  }
}
