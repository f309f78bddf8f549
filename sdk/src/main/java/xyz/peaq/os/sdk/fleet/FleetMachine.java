package xyz.peaq.os.sdk.fleet;

import java.util.Objects;
import org.web3j.crypto.Credentials;
import xyz.peaq.os.sdk.MachineDidAttributes;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/**
 * One machine of a fleet: its wallet address, its key when the run has it (needed for the machine's
 * own DID attributes in 1.0 and for the 2.0 activation, which the machine key signs), and the DID
 * attributes to write. {@code toString()} never shows the key.
 *
 * @param address the machine wallet (checksummed)
 * @param key the machine's key, or null for an address taken from a CSV without a key
 * @param documentationUrl {@code documentation_url}, or null to leave it out
 * @param dataApi {@code data_api}, or null to leave it out
 * @param dataVisibility {@code public}, {@code private} or {@code onchain}
 */
public record FleetMachine(
    String address,
    Credentials key,
    String documentationUrl,
    String dataApi,
    String dataVisibility) {
  public FleetMachine {
    address = Addresses.require("address", address);
    if (key != null && !Addresses.same(key.getAddress(), address)) {
      throw new ValidationException(
          "key", "the key of " + address + " belongs to another address; check the keystore file");
    }
    dataVisibility = dataVisibility == null ? MachineDidAttributes.PUBLIC : dataVisibility;
    if (!MachineDidAttributes.PUBLIC.equals(dataVisibility)
        && !MachineDidAttributes.PRIVATE.equals(dataVisibility)
        && !MachineDidAttributes.ONCHAIN.equals(dataVisibility)) {
      throw new ValidationException(
          "data_visibility",
          "data_visibility of "
              + address
              + " must be public, private or onchain; got \""
              + dataVisibility
              + "\"");
    }
    if (documentationUrl != null && documentationUrl.isEmpty()) {
      documentationUrl = null;
    }
    if (dataApi != null && dataApi.isEmpty()) {
      dataApi = null;
    }
  }

  /** A machine with a key and no URLs (visibility public). */
  public static FleetMachine of(Credentials key) {
    Objects.requireNonNull(key, "key");
    return new FleetMachine(key.getAddress(), key, null, null, null);
  }

  /** The same machine with its key. */
  public FleetMachine withKey(Credentials k) {
    return new FleetMachine(address, k, documentationUrl, dataApi, dataVisibility);
  }

  @Override
  public String toString() {
    return "FleetMachine[" + address + (key == null ? ", no key" : ", key held") + "]";
  }
}
