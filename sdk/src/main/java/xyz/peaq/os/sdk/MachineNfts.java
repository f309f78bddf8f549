package xyz.peaq.os.sdk;

import java.math.BigInteger;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.internal.chain.Addresses;

/** The Machine NFT: mint and token lookup. */
final class MachineNfts {
  private final ChainSession s;

  MachineNfts(ChainSession session) {
    this.s = session;
  }

  NftMint mint(BigInteger machineId, String recipient) {
    Inputs.requirePositive("machineId", machineId);
    String to = Addresses.require("recipient", recipient);
    s.signer();
    s.beforeWrite();
    String nft = s.config.contracts().machineNft();
    TxReceipt r =
        s.send(
            "mintNft",
            TxRequest.call(nft, Abi.encodeCall("mint", new Uint256(machineId), new Address(to))));
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), nft)
          && PeaqosAbi.MACHINE_MINTED.equals(l.topic0())
          && l.topics().size() >= 2) {
        return new NftMint(r.transactionHash(), l.topicAsUint(1));
      }
    }
    for (LogEntry l : r.logs()) {
      if (Addresses.same(l.address(), nft)
          && PeaqosAbi.TRANSFER.equals(l.topic0())
          && l.topics().size() == 4
          && l.topicAsUint(1).signum() == 0) {
        return new NftMint(r.transactionHash(), l.topicAsUint(3));
      }
    }
    return new NftMint(r.transactionHash(), tokenIdOf(machineId));
  }

  BigInteger tokenIdOf(BigInteger machineId) {
    Inputs.requireNonNegative("machineId", machineId);
    return s.uint(
        s.config.contracts().machineNft(), Abi.encodeCall("tokenIdOf", new Uint256(machineId)));
  }
}
