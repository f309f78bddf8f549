package xyz.peaq.os.cli.util;

import xyz.peaq.os.cli.CliException;

/** peaqOS 1.0 DIDs: {@code did:peaq:0x} + 40 hex digits (a bare address is accepted too). */
public final class Dids {
  private Dids() {}

  public static String normalise(String value) {
    String v = value == null ? "" : value.strip();
    if (v.matches("0x[0-9a-fA-F]{40}")) {
      return "did:peaq:" + v;
    }
    if (!v.matches("did:peaq:0x[0-9a-fA-F]{40}")) {
      throw CliException.input("Invalid DID \"" + value + "\": expected did:peaq:0x followed by 40 hex digits");
    }
    return v;
  }
}
