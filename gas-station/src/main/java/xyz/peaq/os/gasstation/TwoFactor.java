package xyz.peaq.os.gasstation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import xyz.peaq.os.gasstation.Store.OwnerRow;
import xyz.peaq.os.sdk.otp.OtpauthUri;

/**
 * Owner 2FA: enrolment ({@code none → pending}), confirmation ({@code pending → active}), and the
 * checks the faucet runs on each code. A code's time step is recorded per owner and purpose when
 * accepted and never accepted again for that purpose; bad codes lock out the client address that
 * sent them, not the owner ({@link CodeLockout}).
 */
final class TwoFactor {
  static final String PURPOSE_CONFIRM = "confirm";
  static final String PURPOSE_FUND = "fund";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final SecretCipher cipher;
  private final TotpVerifier totp = new TotpVerifier();
  private final GasStationConfig cfg;
  private final CodeLockout lockout;

  TwoFactor(Store store, SecretCipher cipher, GasStationConfig cfg, CodeLockout lockout) {
    this.store = store;
    this.cipher = cipher;
    this.cfg = cfg;
    this.lockout = lockout;
  }

  record Setup(String otpauthUri, String qrToken, Instant expiresAt) {
    @Override
    public String toString() {
      return "Setup[otpauthUri=<redacted>, expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * none → pending with a new secret; pending → pending with a fresh secret (the previous QR and
   * secret stop working); active → {@code 2FA_ALREADY_CONFIGURED}; locked → {@code 2FA_LOCKED}.
   */
  Setup setup(String owner, String checksummed, QrFormat format, String client) {
    byte[] secret = TotpVerifier.newSecret();
    String uri = otpauthUri(checksummed, secret);
    // Encode the QR once now so a failure (a text no QR code holds) is reported by setup, as the
    // official API does. Only the encoding can fail: the image is drawn when it is fetched. Drawing
    // the PNG here too (a deflate of ~200 KB) made setup take 20 ms instead of 7 on the devnet.
    QrCodes.matrix(uri);
    String token = HexFormat.of().formatHex(randomBytes(24));
    long now = cfg.clock.millis();
    // A client locked out of this owner cannot start over with a new secret either.
    Store.FailureRow pair = store.failures(owner, client);
    if (pair.lockedAt(now)) {
      throw locked(pair.lockedUntil(), now);
    }
    long expires = now + cfg.qrTtl.toMillis();
    String secretEnc = cipher.encrypt(secret, "owner:" + owner);
    String payloadEnc = cipher.encrypt(uri.getBytes(StandardCharsets.UTF_8), "qr:" + token);
    for (int attempt = 0; ; attempt++) {
      try {
        store.tx(
            c -> {
              store.lock(c, "owner:" + owner);
              Optional<OwnerRow> row = store.owner(c, owner, true);
              if (row.isPresent() && row.get().lockedAt(now)) {
                throw locked(row.get().lockedUntil(), now);
              }
              if (row.isPresent() && row.get().active()) {
                throw new GasStationException(ErrorCode.TWO_FA_ALREADY_CONFIGURED);
              }
              if (row.isPresent()) {
                store.replacePendingSecret(c, owner, secretEnc, now);
              } else {
                store.insertOwner(c, owner, secretEnc, now);
              }
              store.expireQrOf(c, owner, now);
              store.insertQr(c, new Store.QrRow(token, owner, format.wire(), payloadEnc, expires));
              return null;
            });
        return new Setup(uri, token, Instant.ofEpochMilli(expires));
      } catch (Store.StoreException e) {
        // Two first enrolments of one owner raced on PostgreSQL; the second now sees a pending row.
        if (attempt == 0 && Store.isUniqueViolation(e)) {
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * pending → active on a valid, unused code; on an active owner a valid code is accepted again
   * (idempotent).
   */
  void confirm(String owner, String code, String client) {
    long now = cfg.clock.millis();
    OwnerRow row =
        store
            .owner(owner)
            .orElseThrow(() -> new GasStationException(ErrorCode.TWO_FA_NOT_CONFIGURED));
    lockout.requireOpen(owner, client, now);
    OptionalLong step = match(row, code, now);
    if (step.isEmpty()) {
      throw badCode(owner, client, now);
    }
    boolean fresh =
        store.tx(
            c -> {
              store.lock(c, "owner:" + owner);
              if (!store.useCode(c, owner, PURPOSE_CONFIRM, step.getAsLong(), now)) {
                return false;
              }
              store.activate(c, owner, now);
              lockout.recordSuccess(c, owner, client, now);
              // The QR shows the live secret: stop serving it once the secret is in use.
              store.expireQrOf(c, owner, now);
              return true;
            });
    if (!fresh) {
      throw badCode(owner, client, now);
    }
  }

  /**
   * The owner's row if it may fund now: configured, active and {@code client} not locked out of it.
   */
  OwnerRow requireActive(String owner, String client, long now) {
    OwnerRow row =
        store
            .owner(owner)
            .orElseThrow(() -> new GasStationException(ErrorCode.TWO_FA_NOT_CONFIGURED));
    lockout.requireOpen(owner, client, now);
    if (!row.active()) {
      throw new GasStationException(ErrorCode.TWO_FA_NOT_ACTIVE);
    }
    return row;
  }

  /** The time step {@code code} is valid for (±1 step), or empty. Does not consume it. */
  OptionalLong match(OwnerRow row, String code, long nowMillis) {
    byte[] secret = cipher.decrypt(row.secretEnc(), "owner:" + row.address());
    try {
      return totp.matchStep(secret, code, Instant.ofEpochMilli(nowMillis));
    } finally {
      java.util.Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * A good code from {@code client} inside a claim or confirm transaction: its bad-code count ends.
   */
  void recordSuccess(java.sql.Connection c, String owner, String client, long now)
      throws java.sql.SQLException {
    lockout.recordSuccess(c, owner, client, now);
  }

  /**
   * Counts a bad code and returns the error to answer: INVALID_2FA, or 2FA_LOCKED when this one
   * locked the client out.
   */
  GasStationException badCode(String owner, String client, long now) {
    Long until = lockout.recordFailure(owner, client, now);
    if (until != null) {
      return locked(until, now);
    }
    return new GasStationException(ErrorCode.INVALID_2FA);
  }

  static GasStationException locked(long until, long now) {
    Duration left = Duration.ofMillis(Math.max(0, until - now));
    return new GasStationException(
        ErrorCode.TWO_FA_LOCKED,
        "2FA locked: too many invalid codes; try again in "
            + Math.max(1, (left.toSeconds() + 59) / 60)
            + " min",
        left);
  }

  byte[] decryptQr(Store.QrRow row) {
    return cipher.decrypt(row.payloadEnc(), "qr:" + row.token());
  }

  String otpauthUri(String account, byte[] secret) {
    return OtpauthUri.format(cfg.issuer, account, secret);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
