package xyz.peaq.os.sdk.android;

import java.util.List;

/** A deliberate Android misuse: {@link AndroidApiLevelTest} proves the check names it. */
final class AndroidMisuseSample {
  private AndroidMisuseSample() {}

  static List<String> networks() {
    return List.of("mainnet", "agung");
  }
}
