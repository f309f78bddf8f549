package xyz.peaq.os.cli.activate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.Did;
import xyz.peaq.os.sdk.DidWriteResult;
import xyz.peaq.os.sdk.MachineDidAttributes;
import xyz.peaq.os.sdk.PeaqosClient;
import xyz.peaq.os.sdk.chain.TxReceipt;

/**
 * Step 6 of {@code activate}: the machine's DID attributes (signed by the machine's own key) and,
 * in proxy mode, the operator's {@code machines} list. Planned from a read of each attribute, so a
 * complete DID sends nothing; every write is journaled.
 */
final class DidAttributesStep {
  private final ActivationRequest req;
  private final JournaledTx txs;

  /** Signs the proxy DID; reads. */
  private final PeaqosClient payer;

  /** Signs the machine's own DID (the payer itself in self mode). */
  private final PeaqosClient machine;

  private final String payerAddress;
  private final String machineAddress;

  DidAttributesStep(
      ActivationRequest req, JournaledTx txs, PeaqosClient payer, PeaqosClient machine) {
    this.req = req;
    this.txs = txs;
    this.payer = payer;
    this.machine = machine;
    this.payerAddress = payer.address();
    this.machineAddress = machine.address();
  }

  /**
   * The machine's DID as the SDK writes it: the URLs only when given; operator the proxy's DID,
   * else its own.
   */
  MachineDidAttributes desiredAttributes(BigInteger machineId, BigInteger tokenId) {
    return new MachineDidAttributes(
        machineId,
        tokenId,
        req.proxy() ? Did.PREFIX + payerAddress : null,
        req.documentationUrl().orElse(null),
        req.dataApi().orElse(null),
        req.visibility());
  }

  /** The plan read beside the mint by {@link #startPreview}, for {@link #earlyMachineId}. */
  private java.util.concurrent.CompletableFuture<DidWriteResult> early;

  private BigInteger earlyMachineId;

  /**
   * Starts the DID step's six attribute reads now, beside the mint. The token id is not known
   * before the mint, so the plan is made with the machine id in its place, and it is kept only
   * where the token id cannot have mattered: when the DID holds no {@code nftTokenId} yet (it is
   * then added whatever its value; the other attributes' plan does not depend on it). Nothing of
   * this run writes the machine's DID before step 6, and only the machine's key can.
   */
  void startPreview(BigInteger machineId) {
    earlyMachineId = machineId;
    early =
        Activation.startRead(
            () -> machine.previewMachineDIDAttributes(desiredAttributes(machineId, machineId)));
  }

  /** The early plan when it holds for {@code machineId}, else null (then a fresh preview). */
  private DidWriteResult earlyPlan(BigInteger machineId) {
    if (early == null || !machineId.equals(earlyMachineId)) {
      return null;
    }
    try {
      DidWriteResult p = Activation.result(early);
      return p.added().contains(PeaqosClient.ATTR_NFT_TOKEN_ID) ? p : null;
    } catch (RuntimeException e) {
      // The fresh preview reads again and reports a failure that persists.
      return null;
    }
  }

  boolean complete(BigInteger machineId) {
    BigInteger token = payer.tokenIdOf(machineId);
    return machine.previewMachineDIDAttributes(desiredAttributes(machineId, token)).written() == 0;
  }

  void writeMachine(BigInteger machineId, BigInteger tokenId) {
    MachineDidAttributes want = desiredAttributes(machineId, tokenId);
    DidWriteResult early = earlyPlan(machineId);
    DidWriteResult plan = early != null ? early : machine.previewMachineDIDAttributes(want);
    int total = plan.written() + plan.unchanged().size();
    if (plan.written() == 0) {
      Out.progress(
          "  DID attributes already written (" + total + "/" + total + "); no transaction");
      txs.settleWithoutSending(Activation.STEP_DID, machineAddress);
      return;
    }
    Optional<TxReceipt> reconciled = txs.reconcile(Activation.STEP_DID, machineAddress);
    DidWriteResult r =
        txs.run(
            Activation.STEP_DID,
            machineAddress,
            () -> txs.entry(Activation.STEP_DID, machineAddress).machineId(machineId.toString()),
            // The plan above holds unless the journal found a write of ours mined since it.
            () ->
                reconciled.isPresent()
                    ? machine.writeMachineDIDAttributes(want)
                    : machine.writeMachineDIDAttributes(want, plan));
    if (r.txHash().isEmpty()) {
      Out.progress(
          reconciled
              .map(
                  x ->
                      "  Wrote "
                          + total
                          + " machine DID attributes (tx "
                          + x.transactionHash()
                          + ", from the journal)")
              .orElse(
                  "  DID attributes already written ("
                      + total
                      + "/"
                      + total
                      + "); no transaction"));
      return;
    }
    Out.progress(
        "  Wrote "
            + r.written()
            + " machine DID attribute"
            + (r.written() == 1 ? "" : "s")
            + " (tx "
            + r.txHash().get()
            + ")");
  }

  void writeProxy(BigInteger operatorId, BigInteger machineId) {
    List<BigInteger> ids = new ArrayList<>();
    payer
        .readAttribute(payerAddress, PeaqosClient.ATTR_MACHINES)
        .ifPresent(a -> ids.addAll(parseIds(a.value())));
    if (!ids.contains(machineId)) {
      ids.add(machineId);
    }
    txs.reconcile(Activation.STEP_PROXY_DID, payerAddress);
    DidWriteResult r =
        txs.run(
            Activation.STEP_PROXY_DID,
            payerAddress,
            () ->
                txs.entry(Activation.STEP_PROXY_DID, payerAddress).machineId(machineId.toString()),
            () -> payer.writeProxyDIDAttributes(operatorId, ids));
    if (r.txHash().isEmpty()) {
      Out.progress("  Operator DID lists machine " + machineId + " already; no transaction");
      return;
    }
    Out.progress("  Wrote the operator's proxy DID attributes (tx " + r.txHash().get() + ")");
  }

  List<BigInteger> parseIds(String json) {
    List<BigInteger> out = new ArrayList<>();
    try {
      for (JsonNode n : Json.MAPPER.readTree(json)) {
        out.add(new BigInteger(n.asText()));
      }
    } catch (IOException | RuntimeException e) {
      Out.debug("operator machines attribute is not a JSON array of ids; rewriting it");
    }
    return out;
  }
}
