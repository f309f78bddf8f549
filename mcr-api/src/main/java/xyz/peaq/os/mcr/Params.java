package xyz.peaq.os.mcr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Integer path and query parameters checked the way the official (FastAPI) service checks them:
 * every problem becomes one entry of a 422 {@code {"detail": [...]}} list.
 */
final class Params {
  private final List<Map<String, Object>> errors = new ArrayList<>();

  /**
   * Parses {@code raw} (null = use {@code dflt}) as an integer within [min, max] (max null = none).
   */
  BigInteger integer(
      String where, String name, String raw, BigInteger dflt, BigInteger min, BigInteger max) {
    if (raw == null) {
      return dflt;
    }
    BigInteger v;
    try {
      String s = raw.trim();
      if (!s.matches("[+-]?[0-9]{1,80}")) {
        throw new NumberFormatException();
      }
      v = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      errors.add(
          error(
              "int_parsing",
              where,
              name,
              "Input should be a valid integer, unable to parse string as an integer",
              raw,
              null));
      return null;
    }
    if (min != null && v.compareTo(min) < 0) {
      errors.add(
          error(
              "greater_than_equal",
              where,
              name,
              "Input should be greater than or equal to " + min,
              raw,
              Map.of("ge", min)));
      return null;
    }
    if (max != null && v.compareTo(max) > 0) {
      errors.add(
          error(
              "less_than_equal",
              where,
              name,
              "Input should be less than or equal to " + max,
              raw,
              Map.of("le", max)));
      return null;
    }
    return v;
  }

  /** Throws the 422 when any parameter was wrong. */
  void check() {
    if (!errors.isEmpty()) {
      throw new HttpError(422, List.copyOf(errors));
    }
  }

  private static Map<String, Object> error(
      String type, String where, String name, String msg, String input, Map<String, Object> ctx) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", type);
    e.put("loc", List.of(where, name));
    e.put("msg", msg);
    e.put("input", input);
    if (ctx != null) {
      e.put("ctx", ctx);
    }
    return e;
  }
}
