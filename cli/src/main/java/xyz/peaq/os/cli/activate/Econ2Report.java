package xyz.peaq.os.cli.activate;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.util.Json;

/**
 * The one report of a 2.0 activation, printed either as one JSON object (the official CLI 0.1.1's
 * keys, in its order; amounts and ids as decimal strings, absent fields omitted) or as aligned
 * lines. Both come from the same map, so they cannot disagree.
 */
final class Econ2Report {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private static final String[][] LABELS = {
    {"status", "Status"},
    {"mode", "Flow"},
    {"deployment_id", "Deployment"},
    {"chain_id", "Chain ID"},
    {"machine_state_and_sync", "MachineStateAndSync"},
    {"machine_id", "Machine ID"},
    {"machine_type", "Machine type"},
    {"manufacturer", "Manufacturer"},
    {"tier", "Tier"},
    {"owner", "Owner / payer"},
    {"controller", "DID controller"},
    {"peaq_token", "PEAQ token"},
    {"bond_amount", "Bond"},
    {"voucher_credit", "Voucher credit"},
    {"net_peaq_amount", "Net PEAQ"},
    {"balance", "Signer balance"},
    {"approval_required", "Approval required"},
    {"payment", "Payment rail"},
    {"usdt_token", "USDT token"},
    {"quoted_usdt_amount", "Quoted USDT"},
    {"slippage_bps", "Accepted slippage (bps)"},
    {"max_usdt_amount", "Maximum USDT"},
    {"usdt_amount", "Actual USDT paid"},
    {"transaction_hash", "Transaction"},
    {"phase", "Phase"},
    {"period_start", "Period start"},
    {"period_end", "Period end"},
    {"is_homed_locally", "Homed locally"},
    {"explorer_url", "Explorer"},
    {"error_code", "Error code"},
    {"message", "Error"},
    {"guidance", "Next step"},
  };

  Econ2Report put(String key, Object value) {
    if (value == null) {
      fields.remove(key);
    } else if (value instanceof BigInteger || value instanceof Long || value instanceof Integer) {
      fields.put(key, value.toString());
    } else {
      fields.put(key, value);
    }
    return this;
  }

  Object get(String key) {
    return fields.get(key);
  }

  /** The JSON object, keys in display order. */
  Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String[] l : LABELS) {
      if (fields.containsKey(l[0])) {
        out.put(l[0], fields.get(l[0]));
      }
    }
    return out;
  }

  String human() {
    StringBuilder sb = new StringBuilder();
    for (String[] l : LABELS) {
      Object v = fields.get(l[0]);
      if (v == null) {
        continue;
      }
      String shown = v.toString();
      boolean usdtRail = "usdt".equals(fields.get("payment"));
      if (l[0].endsWith("usdt_amount") || (usdtRail && l[0].equals("balance"))) {
        // USDT has 6 decimals; on the USDT rail the signer balance shown is the USDT one.
        shown =
            new java.math.BigDecimal(new BigInteger(shown), 6).stripTrailingZeros().toPlainString()
                + " USDT";
      } else if (l[0].equals("bond_amount")
          || l[0].equals("voucher_credit")
          || l[0].equals("net_peaq_amount")
          || l[0].equals("balance")) {
        shown = Activation.peaq(new BigInteger(shown)) + " PEAQ";
      }
      if (v instanceof Boolean b) {
        shown = b ? "yes" : "no";
      }
      sb.append(String.format("  %-20s: %s%n", l[1], shown));
    }
    return sb.toString().stripTrailing();
  }

  /** Prints the result on stdout: one JSON object, or the aligned block. */
  void print(boolean json) {
    if (json) {
      Json.print(json());
    } else {
      Out.result(human());
    }
  }
}
