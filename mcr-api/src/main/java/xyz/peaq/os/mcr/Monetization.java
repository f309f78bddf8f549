package xyz.peaq.os.mcr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import xyz.peaq.os.sdk.MachineDid;

/**
 * Monetization opt-in of 2.0 machines, as the official 0.12 SDK's monetization module speaks it:
 * {@code GET /.well-known/peaq-monetization} (the signing domain), the public {@code GET} and the
 * signed {@code PUT /machine/{key}/monetization}. A PUT is accepted only with an EIP-191 signature
 * of the machine's owner or controller over the six documented lines, a timestamp within {@link
 * #WINDOW_SECONDS} of the server clock, and a signature never seen before; every refusal changes
 * nothing.
 */
final class Monetization {
  static final String VERSION = "tokenomics-2.0-monetization-v1";

  /** How far a signed timestamp may be from the server clock, either way. */
  static final long WINDOW_SECONDS = 300;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BODY_FIELDS = Set.of("opted_in", "timestamp", "signature");
  private static final BigInteger HALF_N = Sign.CURVE_PARAMS.getN().shiftRight(1);

  private final McrApiConfig cfg;
  private final McrService service;
  private final Store store;
  private final Clock clock;
  private final long chainId;

  Monetization(McrApiConfig cfg, McrService service, Store store, Clock clock, long chainId) {
    this.cfg = cfg;
    this.service = service;
    this.store = store;
    this.clock = clock;
    this.chainId = chainId;
  }

  /** The signing domain: version, chain id as a decimal string, lowercase MachineRegistry. */
  Map<String, Object> wellKnown() {
    if (cfg.econ2() == null || chainId == 0) {
      throw CodedError.notFound(
          "Monetization is not available: this service indexes no Economics 2.0 contracts");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", VERSION);
    body.put("chain_id", Long.toString(chainId));
    body.put("registry", cfg.econ2().machineRegistry().toLowerCase());
    return body;
  }

  Map<String, Object> get(String key) {
    MachineV2 m = machineOfKey(key);
    return state(m.machineId());
  }

  Map<String, Object> put(String key, byte[] rawBody) {
    MachineV2 m = machineOfKey(key);
    JsonNode body;
    try {
      body = JSON.readTree(rawBody);
    } catch (Exception e) {
      throw monetizationError(400, "INVALID_REQUEST", "the body is not JSON");
    }
    if (body == null || !body.isObject()) {
      throw monetizationError(
          400,
          "INVALID_REQUEST",
          "the body must be a JSON object {opted_in, timestamp, signature}");
    }
    if (body.has("signer_pubkey")) {
      throw monetizationError(
          400,
          "INVALID_REQUEST",
          "Solana-signed writes are not accepted: this machine is homed on peaq, sign with EIP-191");
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!BODY_FIELDS.contains(f)) {
        throw monetizationError(400, "INVALID_REQUEST", "unknown field '" + f + "'");
      }
    }
    JsonNode optedIn = body.get("opted_in");
    if (optedIn == null || !optedIn.isBoolean()) {
      throw monetizationError(400, "INVALID_REQUEST", "opted_in must be true or false");
    }
    JsonNode ts = body.get("timestamp");
    if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong() || ts.longValue() <= 0) {
      throw monetizationError(
          400, "INVALID_REQUEST", "timestamp must be a positive integer (unix seconds)");
    }
    JsonNode sig = body.get("signature");
    if (sig == null || !sig.isTextual() || !sig.asText().matches("(0x)?[0-9a-fA-F]{130}")) {
      throw monetizationError(
          400, "INVALID_REQUEST", "signature must be 65 bytes of hex (r, s, v), 0x-prefixed");
    }
    long timestamp = ts.longValue();
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - timestamp) > WINDOW_SECONDS) {
      throw monetizationError(
          400,
          "TIMESTAMP_OUT_OF_WINDOW",
          "timestamp "
              + timestamp
              + " is more than "
              + WINDOW_SECONDS
              + " s from the server time "
              + now
              + "; sign a fresh message");
    }
    String message = message(m.machineId(), optedIn.booleanValue(), timestamp);
    byte[] s = Numeric.hexStringToByteArray(sig.asText());
    String signer = recover(message, s);
    if (!signer.equals(m.owner()) && !signer.equals(m.controller())) {
      throw monetizationError(
          403,
          "UNAUTHORIZED_SIGNER",
          "the signature is by "
              + signer
              + ", which is neither the machine's owner nor its controller");
    }
    if (optedIn.booleanValue()) {
      McrService.RatedV2 r = service.rateV2(m);
      if (!r.state().rated()) {
        throw monetizationError(
            409,
            "MACHINE_NOT_BONDED",
            "opting in needs an active subscription (or one in grace): "
                + r.state().unratedReason());
      }
      if (m.suspended()) {
        throw monetizationError(
            409, "MACHINE_DEACTIVATED", "the machine is suspended; resume it before opting in");
      }
    }
    // r and s identify the signature (v is implied by them); low-s is enforced in recover.
    String signatureHash = Numeric.toHexString(Hash.sha3(java.util.Arrays.copyOf(s, 64)));
    MonetizationStore.Refusal refusal =
        store
            .monetization()
            .put(m.machineId(), optedIn.booleanValue(), signer, timestamp, signatureHash, now);
    if (refusal == MonetizationStore.Refusal.REPLAYED) {
      throw monetizationError(409, "STALE_SIGNATURE", "this signature was already used");
    }
    if (refusal == MonetizationStore.Refusal.OLDER_THAN_CURRENT) {
      throw monetizationError(
          409, "STALE_SIGNATURE", "a change signed at a later timestamp is already in force");
    }
    return state(m.machineId());
  }

  /** The six LF-joined lines the owner or controller signs (no trailing newline). */
  String message(BigInteger machineId, boolean optedIn, long timestamp) {
    return String.join(
        "\n",
        "peaq-mcr monetization",
        "registry: " + cfg.econ2().machineRegistry().toLowerCase(),
        "chain_id: " + chainId,
        "machine_id: " + machineId,
        "opted_in: " + optedIn,
        "timestamp: " + timestamp);
  }

  /** The lowercase address of an EIP-191 signature over {@code message}; 401 when it has none. */
  private static String recover(String message, byte[] sig) {
    byte[] r = java.util.Arrays.copyOfRange(sig, 0, 32);
    byte[] s = java.util.Arrays.copyOfRange(sig, 32, 64);
    int v = sig[64] & 0xff;
    if (v < 27) {
      v += 27;
    }
    if ((v != 27 && v != 28) || new BigInteger(1, s).compareTo(HALF_N) > 0) {
      // A high-s twin of a valid signature would recover the same signer: refused (EIP-2).
      throw monetizationError(
          401, "INVALID_SIGNATURE", "the signature is malformed (v must be 27/28, s low)");
    }
    try {
      BigInteger key =
          Sign.signedPrefixedMessageToKey(
              message.getBytes(StandardCharsets.UTF_8), new Sign.SignatureData((byte) v, r, s));
      return "0x" + Keys.getAddress(key).toLowerCase();
    } catch (Exception e) {
      throw monetizationError(
          401, "INVALID_SIGNATURE", "the signature does not recover an address");
    }
  }

  private Map<String, Object> state(BigInteger machineId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("machine_id", machineId.toString());
    var st = store.monetization().get(machineId);
    if (st.isEmpty()) {
      body.put("status", "PENDING");
      body.put("signer", null);
      body.put("updated_at", null);
    } else {
      body.put("status", st.get().optedIn() ? "OPTED_IN" : "OPTED_OUT");
      body.put("signer", Keys.toChecksumAddress(st.get().signer()));
      body.put("updated_at", st.get().updatedAt());
    }
    return body;
  }

  /** A decimal id or {@code did:peaq:<decimal>} naming an indexed 2.0 machine. */
  private MachineV2 machineOfKey(String key) {
    if (cfg.testMode() || store == null) {
      throw monetizationError(503, "CHAIN_UNAVAILABLE", "Service not initialised");
    }
    String digits = key == null ? "" : key.strip();
    if (digits.startsWith("did:peaq:")) {
      digits = digits.substring("did:peaq:".length());
    }
    String problem = MachineDid.problemOf(digits);
    if (problem != null) {
      throw monetizationError(
          400,
          "INVALID_REQUEST",
          "the key must be a decimal machine id or did:peaq:<decimal machine id>: " + problem);
    }
    try {
      return service.machineV2OfDid(digits);
    } catch (HttpError e) {
      if (e.status() == 404) {
        throw monetizationError(404, "MACHINE_NOT_FOUND", "Machine not found");
      }
      if (e.status() == 503) {
        throw monetizationError(503, "CHAIN_UNAVAILABLE", "Chain unavailable");
      }
      throw e;
    }
  }

  private static HttpError monetizationError(int status, String code, String message) {
    return CodedError.of(status, code, message);
  }
}
