package xyz.peaq.os.sdk;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.Immutables;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * DID attributes through peaq's DID precompile: reads, and idempotent writes planned from a read of
 * each attribute (add, update or leave alone) and sent as one {@code batchAll} through the batch
 * precompile.
 */
final class DidRegistry {
  private final ChainSession s;

  DidRegistry(ChainSession session) {
    this.s = session;
  }

  /**
   * A missing attribute makes the real precompile revert "Cannot find the item" (or {@code
   * EntryNotFound}): absent.
   */
  Optional<DidAttribute> readAttribute(String address, String name) {
    String account = Addresses.require("address", address);
    byte[] nameBytes = Inputs.checkName(name);
    String data =
        Abi.encodeCall("readAttribute", new Address(account), new DynamicBytes(nameBytes));
    String out;
    try {
      out = s.chain.call(s.config.contracts().didRegistry(), data);
    } catch (ContractRevertException e) {
      if (isNotFound(e.revertName(), e.getMessage())) {
        return Optional.empty();
      }
      throw e;
    } catch (RpcException e) {
      if (isNotFound(null, e.getMessage())) {
        return Optional.empty();
      }
      throw e;
    }
    String body = Hex.strip0x(out);
    if (body.length() < 64 * 5) {
      return Optional.empty();
    }
    List<Object> f = Abi.decodeTuple(out, "bytes", "bytes", "uint32", "uint256");
    byte[] storedName = Hex.decode((String) f.get(0));
    byte[] value = Hex.decode((String) f.get(1));
    if (storedName.length == 0 && value.length == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new DidAttribute(name, value, ((BigInteger) f.get(2)).longValue(), (BigInteger) f.get(3)));
  }

  private static boolean isNotFound(String revertName, String message) {
    return "EntryNotFound".equals(revertName)
        || message != null && message.contains("Cannot find the item");
  }

  DidWriteResult writeMachine(MachineDidAttributes a) {
    return write(machineAttributes(a));
  }

  /**
   * The write {@code preview} (a {@link #previewMachine} of the same attributes) planned, sent
   * without reading the attributes again.
   */
  DidWriteResult writeMachine(MachineDidAttributes a, DidWriteResult preview) {
    Objects.requireNonNull(preview, "preview");
    Map<String, String> attrs = machineAttributes(a);
    checkAttributes(attrs);
    java.util.Set<String> planned = new java.util.HashSet<>(preview.added());
    planned.addAll(preview.updated());
    planned.addAll(preview.unchanged());
    if (!planned.equals(attrs.keySet()) || preview.txHash().isPresent()) {
      throw new ValidationException(
          "preview",
          "the preview is not one of these attributes (it names "
              + new java.util.TreeSet<>(planned)
              + "); pass what previewMachineDIDAttributes returned for the same attributes");
    }
    String account = s.signer().address();
    s.beforeWrite();
    List<DynamicBytes> calls = new ArrayList<>();
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      if (preview.added().contains(e.getKey())) {
        calls.add(attributeCall("addAttribute", account, e.getKey(), e.getValue()));
      } else if (preview.updated().contains(e.getKey())) {
        calls.add(attributeCall("updateAttribute", account, e.getKey(), e.getValue()));
      }
    }
    return send(new Plan(preview.added(), preview.updated(), preview.unchanged(), calls));
  }

  DidWriteResult previewMachine(MachineDidAttributes a) {
    Map<String, String> attrs = machineAttributes(a);
    checkAttributes(attrs);
    Plan plan = plan(s.signer().address(), attrs);
    return new DidWriteResult(Optional.empty(), plan.added(), plan.updated(), plan.unchanged());
  }

  private static Map<String, String> machineAttributes(MachineDidAttributes a) {
    Objects.requireNonNull(a, "attributes");
    Inputs.requirePositive("machineId", a.machineId());
    Inputs.requirePositive("nftTokenId", a.nftTokenId());
    // Self-managed: an empty operator, as the official SDK writes it (its CLI passes "" in self
    // mode); the DID precompile accepts an empty value.
    String operator =
        a.operatorDid() == null || a.operatorDid().trim().isEmpty()
            ? ""
            : Did.parse(a.operatorDid()).toString();
    String visibility =
        a.dataVisibility() == null ? MachineDidAttributes.PUBLIC : a.dataVisibility();
    if (!Immutables.list(
            MachineDidAttributes.PUBLIC, MachineDidAttributes.PRIVATE, MachineDidAttributes.ONCHAIN)
        .contains(visibility)) {
      throw new ValidationException(
          "dataVisibility",
          "dataVisibility must be public, private or onchain; got \"" + visibility + "\"");
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(PeaqosClient.ATTR_MACHINE_ID, a.machineId().toString());
    attrs.put(PeaqosClient.ATTR_NFT_TOKEN_ID, a.nftTokenId().toString());
    attrs.put(PeaqosClient.ATTR_OPERATOR, operator);
    if (a.documentationUrl() != null) {
      attrs.put(
          PeaqosClient.ATTR_DOCUMENTATION_URL,
          Inputs.requireText("documentationUrl", a.documentationUrl()));
    }
    if (a.dataApi() != null) {
      attrs.put(PeaqosClient.ATTR_DATA_API, Inputs.requireText("dataApi", a.dataApi()));
    }
    attrs.put(PeaqosClient.ATTR_DATA_VISIBILITY, visibility);
    return attrs;
  }

  DidWriteResult writeProxy(BigInteger proxyMachineId, List<BigInteger> machineIds) {
    Inputs.requirePositive("proxyMachineId", proxyMachineId);
    if (machineIds == null || machineIds.isEmpty()) {
      throw new ValidationException("machineIds", "machineIds must not be empty");
    }
    for (int i = 0; i < machineIds.size(); i++) {
      BigInteger id = machineIds.get(i);
      if (id == null || id.signum() <= 0) {
        throw new ValidationException(
            "machineIds[" + i + "]", "machineIds[" + i + "] must be a positive integer");
      }
    }
    List<BigInteger> kept = proxyMachinesKept(machineIds);
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(PeaqosClient.ATTR_MACHINE_ID, proxyMachineId.toString());
    attrs.put(
        PeaqosClient.ATTR_MACHINES,
        kept.stream().map(BigInteger::toString).collect(Collectors.joining(", ", "[", "]")));
    return write(attrs);
  }

  static List<BigInteger> proxyMachinesKept(List<BigInteger> ids) {
    LinkedHashSet<BigInteger> ordered = new LinkedHashSet<>();
    for (BigInteger id : ids) {
      ordered.remove(id);
      ordered.add(id);
    }
    List<BigInteger> list = new ArrayList<>(ordered);
    return Immutables.copyOf(
        list.subList(Math.max(0, list.size() - PeaqosClient.PROXY_MACHINES_CAP), list.size()));
  }

  private DidWriteResult write(Map<String, String> attrs) {
    String account = s.signer().address();
    checkAttributes(attrs);
    s.beforeWrite();
    return send(plan(account, attrs));
  }

  /** One {@code batchAll} of the plan's calls; nothing sent when it has none. */
  private DidWriteResult send(Plan plan) {
    if (plan.calls().isEmpty()) {
      return new DidWriteResult(Optional.empty(), plan.added(), plan.updated(), plan.unchanged());
    }
    int n = plan.calls().size();
    String did = s.config.contracts().didRegistry();
    List<Address> to = new ArrayList<>();
    List<Uint256> values = new ArrayList<>();
    List<Uint64> gas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      to.add(new Address(did));
      values.add(new Uint256(0));
      gas.add(new Uint64(0));
    }
    String data =
        Abi.encodeCall(
            "batchAll",
            new DynamicArray<>(Address.class, to),
            new DynamicArray<>(Uint256.class, values),
            new DynamicArray<>(DynamicBytes.class, plan.calls()),
            new DynamicArray<>(Uint64.class, gas));
    TxReceipt r =
        s.send("writeDidAttributes", TxRequest.call(s.config.contracts().batchPrecompile(), data));
    return new DidWriteResult(
        Optional.of(r.transactionHash()), plan.added(), plan.updated(), plan.unchanged());
  }

  private static void checkAttributes(Map<String, String> attrs) {
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      Inputs.checkName(e.getKey());
      if (e.getValue().getBytes(StandardCharsets.UTF_8).length > PeaqosClient.DID_MAX_VALUE_BYTES) {
        throw new ValidationException(
            e.getKey(),
            e.getKey()
                + " must be at most "
                + PeaqosClient.DID_MAX_VALUE_BYTES
                + " bytes of UTF-8");
      }
    }
  }

  /**
   * The DID calls that bring {@code account}'s attributes to {@code attrs}, from a read of each.
   */
  private record Plan(
      List<String> added, List<String> updated, List<String> unchanged, List<DynamicBytes> calls) {}

  /** The current value of each of {@code names}, read concurrently; the first failure is thrown. */
  private Map<String, Optional<DidAttribute>> readAll(String account, java.util.Set<String> names) {
    Map<String, java.util.concurrent.Future<Optional<DidAttribute>>> pending =
        new LinkedHashMap<>();
    for (String n : names) {
      pending.put(n, SideBySideReads.start(() -> readAttribute(account, n)));
    }
    Map<String, Optional<DidAttribute>> out = new LinkedHashMap<>();
    for (Map.Entry<String, java.util.concurrent.Future<Optional<DidAttribute>>> e :
        pending.entrySet()) {
      try {
        out.put(e.getKey(), e.getValue().get());
      } catch (java.util.concurrent.ExecutionException x) {
        pending.values().forEach(f -> f.cancel(true));
        if (x.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(x.getCause());
      } catch (InterruptedException x) {
        pending.values().forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new RpcException(s.config.rpcUrl(), "reading DID attributes was interrupted", x);
      }
    }
    return out;
  }

  private Plan plan(String account, Map<String, String> attrs) {
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<DynamicBytes> calls = new ArrayList<>();
    Map<String, Optional<DidAttribute>> read = readAll(account, attrs.keySet());
    for (Map.Entry<String, String> e : attrs.entrySet()) {
      byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
      Optional<DidAttribute> current = read.get(e.getKey());
      String fn;
      if (!current.isPresent()) {
        fn = "addAttribute";
        added.add(e.getKey());
      } else if (Arrays.equals(current.get().rawValue(), value)) {
        unchanged.add(e.getKey());
        continue;
      } else {
        fn = "updateAttribute";
        updated.add(e.getKey());
      }
      calls.add(attributeCall(fn, account, e.getKey(), e.getValue()));
    }
    return new Plan(added, updated, unchanged, calls);
  }

  /** {@code fn(account, name, value, 0)} of the DID precompile, as one call of a batch. */
  private static DynamicBytes attributeCall(String fn, String account, String name, String value) {
    return new DynamicBytes(
        Hex.decode(
            Abi.encodeCall(
                fn,
                new Address(account),
                new DynamicBytes(name.getBytes(StandardCharsets.UTF_8)),
                new DynamicBytes(value.getBytes(StandardCharsets.UTF_8)),
                new Uint32(0))));
  }
}
