package xyz.peaq.os.mcr;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instance indexes. Several MCR APIs may share one PostgreSQL database; exactly one of them
 * may write the index. Leadership is a PostgreSQL session advisory lock held on a connection of its
 * own (not one of the pool's, which come and go): it lasts exactly as long as that session, so a
 * leader that dies (SIGKILL, power loss, lost network) frees it as soon as PostgreSQL sees the
 * session end, and a follower takes it on its next poll. The holder checks its session before every
 * poll, so an instance whose session was cut stops writing before another can have started.
 *
 * <p>SQLite has no shared server to hold a lock in: one file is one instance, which always leads.
 */
interface IndexerLeadership extends AutoCloseable {
  /** True when this instance may index now. Never throws: a database fault means "not leader". */
  boolean holds();

  @Override
  void close();

  /** Leadership for a store at {@code jdbcUrl}: an advisory lock on PostgreSQL, else always. */
  static IndexerLeadership of(String jdbcUrl, String user, String password) {
    return jdbcUrl.startsWith("jdbc:postgresql:")
        ? new AdvisoryLock(jdbcUrl, user, password)
        : Always.INSTANCE;
  }

  /** The single instance of a file database. */
  enum Always implements IndexerLeadership {
    INSTANCE;

    @Override
    public boolean holds() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** {@code pg_try_advisory_lock} on a dedicated session. */
  final class AdvisoryLock implements IndexerLeadership {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLock.class);

    /**
     * The lock's key: a constant of this service ("peaqMCR1" as 8 ASCII bytes), so no other
     * application's advisory locks on the database collide with it by accident.
     */
    static final long KEY = 0x706561714d435231L;

    private final String url;
    private final String user;
    private final String password;
    private Connection session;
    private boolean held;
    private boolean closed;

    AdvisoryLock(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
    }

    @Override
    public synchronized boolean holds() {
      if (closed) {
        return false;
      }
      try {
        if (session == null || !session.isValid(2)) {
          if (held) {
            LOG.warn("indexer leadership lost: the lock's database session ended");
          }
          held = false;
          closeSession();
          session = DriverManager.getConnection(url, user, password);
          session.setAutoCommit(true);
        }
        if (!held) {
          try (PreparedStatement st = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, KEY);
            try (ResultSet rs = st.executeQuery()) {
              held = rs.next() && rs.getBoolean(1);
            }
          }
          if (held) {
            LOG.info("indexer leadership taken: this instance indexes");
          }
        }
        return held;
      } catch (SQLException e) {
        held = false;
        closeSession();
        return false;
      }
    }

    private void closeSession() {
      if (session != null) {
        try {
          session.close();
        } catch (SQLException ignored) {
          // the session is gone either way; its lock with it
        }
        session = null;
      }
    }

    /** Ends the session: PostgreSQL frees the lock at once, so a follower takes over quickly. */
    @Override
    public synchronized void close() {
      closed = true;
      held = false;
      closeSession();
    }
  }
}
