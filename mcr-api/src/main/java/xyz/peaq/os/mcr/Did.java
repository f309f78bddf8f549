package xyz.peaq.os.mcr;

import java.util.regex.Pattern;

/** Path DIDs: {@code did:peaq:0x<40 hex>} or a bare {@code 0x<40 hex>} address. */
final class Did {
  static final String PREFIX = "did:peaq:";
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private Did() {}

  /** The lowercase address the DID names; {@link HttpError} 400 with the official details otherwise. */
  static String address(String did) {
    String s = did == null ? "" : did.trim();
    if (s.isEmpty()) {
      throw new HttpError(400, "Empty DID");
    }
    if (s.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      s = s.substring(PREFIX.length());
    }
    if (!ADDRESS.matcher(s).matches()) {
      throw new HttpError(400, "Invalid Ethereum address format");
    }
    return s.toLowerCase();
  }

  /** {@code did:peaq:0x...} of a lowercase address, EIP-55 checksummed. */
  static String of(String address) {
    return PREFIX + org.web3j.crypto.Keys.toChecksumAddress(address);
  }
}
