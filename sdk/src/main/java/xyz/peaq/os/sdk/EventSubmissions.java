package xyz.peaq.os.sdk;

import java.time.Clock;
import java.util.Objects;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.internal.chain.Hex;

/**
 * Events to the EventRegistry, checked (reference §2.7, then the operational limits) before any
 * I/O.
 */
final class EventSubmissions {
  private final ChainSession s;
  private final Clock clock;
  private final EventRateWindow window;

  EventSubmissions(ChainSession session, Clock clock, EventRateWindow window) {
    this.s = session;
    this.clock = clock;
    this.window = window;
  }

  EventSubmission submit(EventParams params) {
    Objects.requireNonNull(params, "params");
    EventParams p = EventValidator.validate(params, clock.instant());
    s.signer();
    window.admit(p.value(), clock.instant());
    s.beforeWrite();
    String dataHash = EventValidator.dataHash(p.rawData());
    String sourceTx = p.sourceTxHash() == null ? Hex.zeroHash() : p.sourceTxHash();
    String data =
        Abi.encodeCall(
            "submitEvent",
            new Uint256(p.machineId()),
            new Uint8(p.eventType()),
            new Uint256(p.value()),
            new Utf8String(p.currency()),
            new Uint256(p.timestamp()),
            new Bytes32(Hex.decode(dataHash)),
            new Uint8(p.trustLevel()),
            new Uint256(p.sourceChainId()),
            new Bytes32(Hex.decode(sourceTx)),
            new DynamicBytes(p.metadata()));
    TxReceipt r = s.send("submitEvent", TxRequest.call(s.config.contracts().eventRegistry(), data));
    return new EventSubmission(r.transactionHash(), dataHash);
  }
}
