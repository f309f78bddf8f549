package xyz.peaq.os.sdk.internal.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.DecodedRevert;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.internal.Immutables;

/**
 * Decodes revert data by its 4-byte selector: {@code Error(string)}, {@code Panic(uint256)} and the
 * custom errors of a registry. {@link #standard()} knows every error of the peaqOS contracts
 * (IdentityRegistry, IdentityStaking, EventRegistry, MachineNFT, the DID precompile) and of the
 * devnet additions. Immutable; {@link #with(String...)} returns an extended copy.
 */
public final class RevertDecoder {
  /** Selector of {@code Error(string)}. */
  public static final String ERROR_SELECTOR = "0x08c379a0";

  /** Selector of {@code Panic(uint256)}. */
  public static final String PANIC_SELECTOR = "0x4e487b71";

  private static final String[] PEAQOS_ERRORS = {
    // IdentityRegistry
    "AlreadyRegistered()",
    "BondBelowFloor()",
    "BondNotRequired()",
    "ContractNotConfigured()",
    "ETHTransferFailed()",
    "IdentityNFTSoulbound()",
    "IncorrectBondAmount()",
    "InvalidAddress()",
    "InvalidMachineAddress()",
    "InvalidStatus()",
    "MachineNotFound()",
    "NotMachineOwner()",
    "WalletAlreadyBound(address)",
    // IdentityStaking
    "AlreadyStaked()",
    "AmountZero()",
    "NotAuthorized()",
    "EnforcedPause()",
    "ExpectedPause()",
    // EventRegistry
    "FutureTimestamp()",
    "InvalidCurrencyShape()",
    "InvalidEventType()",
    "InvalidTrustLevel()",
    "MachineDeactivated()",
    "MachineNotBonded()",
    "MetadataTooLarge()",
    "NotAuthorizedSubmitter()",
    "OffsetOutOfBounds()",
    // MachineNFT
    "AlreadyMinted()",
    "RecipientMustBeMachineOwner()",
    // DID precompile
    "EntryNotFound(address,bytes)",
    // devnet additions
    "OperatorNotRegistered(address)",
    "StakeValueMismatch(uint256,uint256)",
    // OpenZeppelin 5 bases of the contracts
    "ERC721IncorrectOwner(address,uint256,address)",
    "ERC721InsufficientApproval(address,uint256)",
    "ERC721InvalidApprover(address)",
    "ERC721InvalidOperator(address)",
    "ERC721InvalidOwner(address)",
    "ERC721InvalidReceiver(address)",
    "ERC721InvalidSender(address)",
    "ERC721NonexistentToken(uint256)",
    "OwnableInvalidOwner(address)",
    "OwnableUnauthorizedAccount(address)",
    "ReentrancyGuardReentrantCall()",
    "AddressEmptyCode(address)",
    "FailedCall()",
    "InvalidInitialization()",
    "NotInitializing()",
    "ERC1967InvalidImplementation(address)",
    "ERC1967NonPayable()",
    "UUPSUnauthorizedCallContext()",
    "UUPSUnsupportedProxiableUUID(bytes32)",
    "SafeERC20FailedOperation(address)",
  };

  private static final RevertDecoder STANDARD =
      new RevertDecoder(Collections.emptyMap()).with(PEAQOS_ERRORS);

  private final Map<String, ErrorSpec> bySelector;

  private record ErrorSpec(
      String name, String signature, List<TypeReference<Type>> types, String[] typeNames) {}

  private RevertDecoder(Map<String, ErrorSpec> bySelector) {
    this.bySelector = Immutables.copyOf(bySelector);
  }

  /** The registry of every peaqOS and devnet error. */
  public static RevertDecoder standard() {
    return STANDARD;
  }

  /** A copy that also knows these error signatures, e.g. {@code "MyError(address,uint256)"}. */
  public RevertDecoder with(String... signatures) {
    Map<String, ErrorSpec> map = new LinkedHashMap<>(bySelector);
    for (String sig : signatures) {
      ErrorSpec spec = parse(sig);
      map.put(selector(sig), spec);
    }
    return new RevertDecoder(map);
  }

  /** The signatures this decoder knows, besides Error and Panic. */
  public Collection<String> signatures() {
    return bySelector.values().stream()
        .map(ErrorSpec::signature)
        .sorted()
        .collect(Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  /** {@code 0x} + the first 4 bytes of keccak256 of the signature. */
  public static String selector(String signature) {
    return Hash.sha3String(signature).substring(0, 10);
  }

  /**
   * Decodes revert data; never throws. Unknown selectors and malformed data give name {@code
   * unknown} with the raw data kept.
   */
  public DecodedRevert decode(String data) {
    if (data == null || Hex.strip0x(data).length() < 8) {
      return new DecodedRevert("unknown", null, Collections.emptyList(), data);
    }
    String hex = "0x" + Hex.strip0x(data).toLowerCase();
    String sel = hex.substring(0, 10);
    String body = "0x" + hex.substring(10);
    try {
      if (sel.equals(ERROR_SELECTOR)) {
        return new DecodedRevert(
            "Error", "Error(string)", Immutables.list(Abi.decodeOne(body, "string")), hex);
      }
      if (sel.equals(PANIC_SELECTOR)) {
        return new DecodedRevert(
            "Panic", "Panic(uint256)", Immutables.list(Abi.decodeOne(body, "uint256")), hex);
      }
      ErrorSpec spec = bySelector.get(sel);
      if (spec == null) {
        return new DecodedRevert("unknown", null, Collections.emptyList(), hex);
      }
      List<Object> args = new ArrayList<>();
      if (!spec.types().isEmpty()) {
        args.addAll(Abi.decode(body, spec.typeNames()));
        if (args.size() != spec.types().size()) {
          return new DecodedRevert("unknown", null, Collections.emptyList(), hex);
        }
      }
      return new DecodedRevert(spec.name(), spec.signature(), args, hex);
    } catch (RuntimeException malformed) {
      return new DecodedRevert("unknown", null, Collections.emptyList(), hex);
    }
  }

  /**
   * The exception for a revert: decoded data when present, otherwise the node's message (some nodes
   * only say {@code execution reverted: <reason>}).
   *
   * @param context what was being done, e.g. {@code "IdentityRegistry.register"}; may be null
   * @param txHash the mined transaction, or null for a call or an estimate
   */
  public ContractRevertException toException(
      String context, String data, String nodeMessage, String txHash) {
    DecodedRevert decoded = decode(data);
    if ("unknown".equals(decoded.name()) && nodeMessage != null) {
      String reason = reasonFromMessage(nodeMessage);
      if (reason != null) {
        decoded = new DecodedRevert("Error", "Error(string)", Immutables.list(reason), data);
      }
    }
    StringBuilder msg = new StringBuilder();
    msg.append("unknown".equals(decoded.name()) ? "Reverted" : decoded.name()).append(": ");
    msg.append(context == null ? "call" : context).append(' ').append(decoded.describe());
    if (txHash != null) {
      msg.append(" (tx ").append(txHash).append(')');
    }
    return new ContractRevertException(
        msg.toString(), decoded.name(), decoded.arguments(), data, txHash);
  }

  private static String reasonFromMessage(String message) {
    String prefix = "execution reverted: ";
    int i = message.indexOf(prefix);
    if (i >= 0) {
      String reason = message.substring(i + prefix.length()).trim();
      return reason.isEmpty() ? null : reason;
    }
    return null;
  }

  private static ErrorSpec parse(String signature) {
    int open = signature.indexOf('(');
    if (open <= 0 || !signature.endsWith(")")) {
      throw new IllegalArgumentException("not an error signature: " + signature);
    }
    String name = signature.substring(0, open);
    String inner = signature.substring(open + 1, signature.length() - 1);
    String[] typeNames = inner.isEmpty() ? new String[0] : inner.split(",");
    List<TypeReference<Type>> types = inner.isEmpty() ? Collections.emptyList() : refs(typeNames);
    return new ErrorSpec(name, signature, types, typeNames);
  }

  private static Object toJava(Type<?> t) {
    return Abi.toJava(t);
  }

  private static List<TypeReference<Type>> refs(String... solidityTypes) {
    return Abi.refs(solidityTypes);
  }
}
