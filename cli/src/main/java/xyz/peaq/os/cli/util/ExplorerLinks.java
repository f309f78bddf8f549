package xyz.peaq.os.cli.util;

/** Addresses of the machine explorer pages our MCR API serves under its own URL. */
public final class ExplorerLinks {
  private ExplorerLinks() {}

  /** The explorer's start page: the MCR API's base URL itself; null when there is none. */
  public static String home(String mcrUrl) {
    return mcrUrl == null ? null : trim(mcrUrl) + "/";
  }

  /** A machine's page, e.g. {@code http://127.0.0.1:8000/explorer/machine/did:peaq:0x…}. */
  public static String machine(String mcrUrl, String did) {
    return mcrUrl == null ? null : trim(mcrUrl) + "/explorer/machine/" + did;
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
