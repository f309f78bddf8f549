package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import xyz.peaq.os.sdk.errors.ValidationException;

/**
 * An Economics 2.0 machine DID, {@code did:peaq:<machine id>}: the machine's uint256 token id in
 * canonical decimal (no sign, no leading zero except the single {@code 0}, at most 78 digits, below
 * 2^256). Operators keep their address DID ({@link Did}).
 */
public record MachineDid(BigInteger machineId) {
  /** Digits of 2^256 - 1, the longest canonical machine id. */
  public static final int MAX_DIGITS = 78;

  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);

  public MachineDid {
    Objects.requireNonNull(machineId, "machineId");
    if (machineId.signum() < 0 || machineId.compareTo(LIMIT) >= 0) {
      throw new ValidationException(
          "machineId", "machine id must be a uint256 (0 to 2^256 - 1), got " + machineId);
    }
  }

  public static MachineDid of(BigInteger machineId) {
    return new MachineDid(machineId);
  }

  /** True when {@code did} has the decimal form (right or wrong), so it is not an address DID. */
  public static boolean looksDecimal(String did) {
    if (did == null) {
      return false;
    }
    String s = stripPrefix(did.strip());
    return !s.isEmpty() && s.matches("[+-]?[0-9]+");
  }

  /**
   * Parses {@code did:peaq:<canonical decimal>}; a bare canonical decimal is accepted too.
   *
   * @throws ValidationException (field "did") naming what is wrong: a sign, a leading zero, more
   *     than 78 digits, a value of 2^256 or more, or no decimal at all
   */
  public static MachineDid parse(String did) {
    if (did == null || did.isBlank()) {
      throw ValidationException.required("did");
    }
    String s = stripPrefix(did.strip());
    String problem = problemOf(s);
    if (problem != null) {
      throw new ValidationException(
          "did", "machine DID must be did:peaq:<canonical decimal machine id>: " + problem);
    }
    return new MachineDid(new BigInteger(s));
  }

  /** The machine id of a canonical decimal DID, or empty. */
  public static Optional<BigInteger> idOf(String did) {
    if (did == null) {
      return Optional.empty();
    }
    String s = stripPrefix(did.strip());
    return problemOf(s) == null ? Optional.of(new BigInteger(s)) : Optional.empty();
  }

  /** Why {@code digits} (the part after the prefix) is not a canonical machine id, or null. */
  public static String problemOf(String digits) {
    if (digits.isEmpty()) {
      return "the machine id is empty";
    }
    if (digits.startsWith("-")) {
      return "a machine id is never negative (got " + abbreviate(digits) + ")";
    }
    if (!digits.matches("[0-9]+")) {
      return "the machine id must be decimal digits only (got " + abbreviate(digits) + ")";
    }
    if (digits.length() > MAX_DIGITS) {
      return "the machine id has "
          + digits.length()
          + " digits; a uint256 has at most "
          + MAX_DIGITS;
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      return "the machine id has a leading zero (write " + new BigInteger(digits) + ")";
    }
    if (new BigInteger(digits).compareTo(LIMIT) >= 0) {
      return "the machine id is 2^256 or more";
    }
    return null;
  }

  private static String stripPrefix(String s) {
    return s.regionMatches(true, 0, Did.PREFIX, 0, Did.PREFIX.length())
        ? s.substring(Did.PREFIX.length())
        : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  @Override
  public String toString() {
    return Did.PREFIX + machineId;
  }
}
