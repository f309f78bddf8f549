package xyz.peaq.os.mcr;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;

/**
 * Rendered 200 answers of the data endpoints, keyed by request path and valid while the index has
 * not moved (the indexer's version) and for at most {@link #MAX_AGE_NANOS}, since the rating
 * windows also move with the clock. A repeated request on an unchanged index costs no database read
 * and no JSON rendering. Each answer carries an ETag naming the indexed block, so clients can
 * revalidate with {@code If-None-Match}.
 */
final class ResponseCache {
  /** Entries older than this are rebuilt even on an unchanged index (the score windows move). */
  static final long MAX_AGE_NANOS = 60_000_000_000L;

  /** Above this many entries the cache starts over (bounded memory whatever the paths asked). */
  static final int MAX_ENTRIES = 20_000;

  /** One rendered answer. */
  record Entry(long version, long createdNanos, byte[] body, String etag) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier version;

  ResponseCache(LongSupplier version) {
    this.version = version;
  }

  /** The cached answer of {@code key} for the current index, or null. */
  Entry get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (e.version() != version.getAsLong()
        || System.nanoTime() - e.createdNanos() > MAX_AGE_NANOS) {
      entries.remove(key, e);
      return null;
    }
    return e;
  }

  /**
   * Caches {@code body} as the answer of {@code key} at {@code atVersion} (read before the body was
   * built, so an answer built across an index move is never kept as the new one's).
   */
  Entry put(String key, long atVersion, long indexedBlock, byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    Entry e =
        new Entry(
            atVersion,
            System.nanoTime(),
            body,
            "\"" + indexedBlock + "-" + Long.toHexString(crc.getValue()) + "\"");
    if (atVersion == version.getAsLong()) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      entries.put(key, e);
    }
    return e;
  }
}
