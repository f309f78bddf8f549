package xyz.peaq.os.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.sdk.chain.ChainClient;
import xyz.peaq.os.sdk.errors.PeaqosException;

/**
 * Checks every configured address before it is trusted: code exists, and the contract answers
 * as the kind it claims to be — which catches the swapped variables the official {@code init}
 * writes (an EventRegistry variable holding the IdentityRegistry address, and so on).
 */
public final class AddressVerifier {
  private static final String DID = "0x0000000000000000000000000000000000000800";
  private static final String BATCH = "0x0000000000000000000000000000000000000805";

  /** One address's verdict. */
  public record Check(String variable, String address, boolean ok, String detail) {}

  private final ChainClient chain;

  public AddressVerifier(ChainClient chain) {
    this.chain = chain;
  }

  public List<Check> verify(Map<String, String> addresses) {
    List<Check> out = new ArrayList<>();
    Map<String, String> a = new LinkedHashMap<>(addresses);
    String ir = a.get(Target.IDENTITY_REGISTRY);
    String is = a.get(Target.IDENTITY_STAKING);
    for (String var : Target.ADDRESS_VARS) {
      String addr = a.get(var);
      if (addr == null || addr.isBlank()) {
        out.add(new Check(var, "", false, "not set"));
        continue;
      }
      if (!addr.matches("0x[0-9a-fA-F]{40}")) {
        out.add(new Check(var, addr, false, "not an address (0x + 40 hex digits)"));
        continue;
      }
      out.add(check(var, addr, ir, is));
    }
    return out;
  }

  private Check check(String var, String addr, String ir, String is) {
    boolean precompile = var.equals(Target.DID_REGISTRY) || var.equals(Target.BATCH_PRECOMPILE);
    if (precompile) {
      String fixed = var.equals(Target.DID_REGISTRY) ? DID : BATCH;
      boolean ok = fixed.equalsIgnoreCase(addr);
      return new Check(var, addr, ok, ok ? "precompile" : "expected the precompile at " + fixed);
    }
    if (!chain.hasCode(addr)) {
      return new Check(var, addr, false, "no contract code at this address");
    }
    String kind = kindOf(addr);
    String expected = switch (var) {
      case Target.IDENTITY_REGISTRY -> "IdentityRegistry";
      case Target.IDENTITY_STAKING -> "IdentityStaking";
      case Target.EVENT_REGISTRY -> "EventRegistry";
      case Target.MACHINE_NFT -> "MachineNFT";
      default -> "?";
    };
    if (!expected.equals(kind)) {
      return new Check(var, addr, false, "answers as " + kind + ", not as " + expected + " (swapped addresses?)");
    }
    if (var.equals(Target.EVENT_REGISTRY)) {
      String linkedIr = address(addr, "identityRegistryAddress");
      if (ir != null && linkedIr != null && !linkedIr.equalsIgnoreCase(ir)) {
        return new Check(var, addr, false, "its identityRegistryAddress() is " + linkedIr + ", not the configured " + ir);
      }
      String linkedIs = address(addr, "identityStakingAddress");
      if (is != null && linkedIs != null && !linkedIs.equalsIgnoreCase(is)) {
        return new Check(var, addr, false, "its identityStakingAddress() is " + linkedIs + ", not the configured " + is);
      }
    }
    return new Check(var, addr, true, expected);
  }

  /** Tells the four contracts apart by the views only each of them has. */
  String kindOf(String addr) {
    if (answers(addr, "identityRegistryAddress")) {
      return "EventRegistry";
    }
    if (answers(addr, "minBond")) {
      return "IdentityRegistry";
    }
    if (answers(addr, "tokenIdOf", new Uint256(0))) {
      return "MachineNFT";
    }
    if (answers(addr, "isStaked", new Uint256(0))) {
      return "IdentityStaking";
    }
    return "an unknown contract";
  }

  private boolean answers(String addr, String fn, Type<?>... args) {
    try {
      String r = chain.call(addr, FunctionEncoder.encode(new Function(fn, List.of(args), List.of())));
      return r != null && r.length() >= 66;
    } catch (PeaqosException e) {
      return false;
    }
  }

  private String address(String addr, String fn) {
    try {
      String r = chain.call(addr, FunctionEncoder.encode(new Function(fn, List.of(), List.of())));
      @SuppressWarnings({"rawtypes", "unchecked"})
      List<Type> out = FunctionReturnDecoder.decode(r, (List) List.of(new TypeReference<Address>() {}));
      return out.isEmpty() ? null : out.get(0).toString();
    } catch (PeaqosException e) {
      return null;
    }
  }
}
