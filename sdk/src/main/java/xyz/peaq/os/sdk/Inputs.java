package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * The input checks the client's capabilities share; each failure names the field and says what is
 * expected.
 */
final class Inputs {
  private Inputs() {}

  static void requirePositive(String field, BigInteger v) {
    if (v == null) {
      throw ValidationException.required(field);
    }
    if (v.signum() <= 0) {
      throw new ValidationException(field, field + " must be a positive integer; got " + v);
    }
  }

  static void requireNonNegative(String field, BigInteger v) {
    if (v == null) {
      throw ValidationException.required(field);
    }
    if (v.signum() < 0) {
      throw new ValidationException(field, field + " must not be negative; got " + v);
    }
  }

  static String requireText(String field, String value) {
    if (value == null || value.trim().isEmpty()) {
      throw new ValidationException(
          field,
          field
              + " must not be empty (the DID pallet refuses empty values); leave it"
              + " null not to write it");
    }
    return value;
  }

  /** A DID attribute name as UTF-8, at most {@link PeaqosClient#DID_MAX_NAME_BYTES} bytes. */
  static byte[] checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw ValidationException.required("name");
    }
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    if (b.length > PeaqosClient.DID_MAX_NAME_BYTES) {
      throw new ValidationException(
          "name", "attribute name must be at most " + PeaqosClient.DID_MAX_NAME_BYTES + " bytes");
    }
    return b;
  }
}
