package xyz.peaq.os.sdk.econ2;

import java.util.Locale;

/** Subscription tiers; the ordinal is the on-chain {@code uint8} (Entry = 0 is a real tier). */
public enum Tier {
  ENTRY,
  BASIC,
  PRO;

  public int code() {
    return ordinal();
  }

  /** The lower-case name the CLI takes and prints. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Tier of(int code) {
    if (code < 0 || code >= values().length) {
      throw new IllegalArgumentException(
          "tier " + code + " is not 0 (entry), 1 (basic) or 2 (pro)");
    }
    return values()[code];
  }

  /** {@code entry}, {@code basic} or {@code pro}, any case. */
  public static Tier parse(String name) {
    for (Tier t : values()) {
      if (t.id().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("tier \"" + name + "\" is not one of entry, basic, pro");
  }
}
