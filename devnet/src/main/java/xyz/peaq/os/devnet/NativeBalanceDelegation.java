package xyz.peaq.os.devnet;

import java.util.Locale;
import java.util.Set;

/**
 * Whether anvil's hardfork runs EIP-7702 delegations (prague and later). Before prague an account
 * given the delegation designator would hold plain code and could no longer send transactions
 * (EIP-3607), so the devnet only installs delegations where they work; without them the PEAQ token
 * at 0x…0809 can read balances but not move them.
 */
final class NativeBalanceDelegation {
  private static final Set<String> BEFORE_PRAGUE =
      Set.of(
          "frontier",
          "homestead",
          "dao",
          "tangerine",
          "spuriousdragon",
          "byzantium",
          "constantinople",
          "petersburg",
          "istanbul",
          "muirglacier",
          "berlin",
          "london",
          "arrowglacier",
          "grayglacier",
          "paris",
          "merge",
          "shanghai",
          "cancun");

  private NativeBalanceDelegation() {}

  static boolean supported(String hardfork) {
    return !BEFORE_PRAGUE.contains(
        hardfork.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""));
  }
}
