package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The attributes of a machine's DID (reference §5.3): {@code machineId}, {@code nftTokenId}, {@code
 * operator}, {@code documentation_url}, {@code data_api}, {@code data_visibility}.
 *
 * <p>{@code documentationUrl} and {@code dataApi} are optional: null means "not written" (the
 * attribute is left out of the batch, and an existing value stays as it is). An empty or blank
 * string is refused with a {@link xyz.peaq.os.sdk.errors.ValidationException} naming the field,
 * because the DID pallet rejects empty values.
 *
 * <p>{@code operatorDid} is the proxy operator's DID; null means self-managed, and then {@code
 * operator} is written empty, exactly as the official SDK (0.11.2) writes it when its CLI activates
 * in self mode. Until this version the machine's own DID was written there: 66 more bytes of value,
 * about 66,000 more gas in the batch, and a value no other peaqOS client writes.
 */
public record MachineDidAttributes(
    BigInteger machineId,
    BigInteger nftTokenId,
    String operatorDid,
    String documentationUrl,
    String dataApi,
    String dataVisibility) {
  public static final String PUBLIC = "public";
  public static final String PRIVATE = "private";
  public static final String ONCHAIN = "onchain";

  public MachineDidAttributes {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(nftTokenId, "nftTokenId");
  }

  /** Self-managed attributes with visibility {@code public}. */
  public static MachineDidAttributes selfManaged(
      BigInteger machineId, BigInteger nftTokenId, String documentationUrl, String dataApi) {
    return new MachineDidAttributes(machineId, nftTokenId, null, documentationUrl, dataApi, PUBLIC);
  }
}
