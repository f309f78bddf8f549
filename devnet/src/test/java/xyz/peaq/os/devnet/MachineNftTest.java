package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.peaq.os.devnet.TestClient.encode;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import xyz.peaq.os.contracts.ContractArtifacts;

class MachineNftTest extends DevnetTestBase {
  private static final String ZERO = "0x0000000000000000000000000000000000000000";

  private static TransactionReceipt mint(Credentials from, BigInteger machineId, String recipient)
      throws Exception {
    return client.send(
        from, c.machineNft(), encode("mint", new Uint256(machineId), new Address(recipient)));
  }

  private static BigInteger tokenIdOf(BigInteger machineId) throws Exception {
    return client.callUint(c.machineNft(), encode("tokenIdOf", new Uint256(machineId)));
  }

  @Test
  void walletMintsOnceAndTokenIdsAreIndependentOfMachineIds() throws Exception {
    Credentials a = registeredWallet();
    Credentials b = registeredWallet();
    Credentials d = registeredWallet();
    BigInteger idA = machineIdOf(a.getAddress());
    BigInteger idD = machineIdOf(d.getAddress());
    BigInteger minted = client.callUint(c.machineNft(), encode("totalMinted"));
    assertThat(tokenIdOf(idD)).isZero();

    // mint returns the new token id (checked by a call first), and the sequence is the NFT's own
    String predicted =
        client.call(
            d.getAddress(),
            c.machineNft(),
            encode("mint", new Uint256(idD), new Address(d.getAddress())),
            BigInteger.ZERO);
    TransactionReceipt rd = mint(d, idD, d.getAddress());
    TransactionReceipt ra = mint(a, idA, a.getAddress());
    BigInteger tokenD = tokenIdOf(idD);
    BigInteger tokenA = tokenIdOf(idA);
    assertThat(Numeric.toBigInt(predicted)).isEqualTo(tokenD);
    assertThat(tokenD).isEqualTo(minted.add(BigInteger.ONE));
    assertThat(tokenA).isEqualTo(minted.add(BigInteger.TWO));
    assertThat(tokenD).isNotEqualTo(idD);
    assertThat(client.callUint(c.machineNft(), encode("machineIdOf", new Uint256(tokenD))))
        .isEqualTo(idD);
    assertThat(client.callUint(c.machineNft(), encode("machineIdOf", new Uint256(tokenA))))
        .isEqualTo(idA);
    assertThat(client.callAddress(c.machineNft(), encode("ownerOf", new Uint256(tokenD))))
        .isEqualTo(d.getAddress());
    assertThat(client.callUint(c.machineNft(), encode("totalMinted")))
        .isEqualTo(minted.add(BigInteger.TWO));
    List<Log> ev =
        TestClient.logs(
            rd, c.machineNft(), TestClient.topic("MachineMinted(uint256,uint256,address)"));
    assertThat(ev).hasSize(1);
    assertThat(Numeric.toBigInt(ev.get(0).getTopics().get(1))).isEqualTo(tokenD);
    assertThat(Numeric.toBigInt(ev.get(0).getTopics().get(2))).isEqualTo(idD);
    assertThat(TestClient.topicAddress(ev.get(0).getTopics().get(3))).isEqualTo(d.getAddress());
    TestClient.printGas("mint", rd);

    // once per machine, through either name
    client.expectError(
        d,
        c.machineNft(),
        encode("mint", new Uint256(idD), new Address(d.getAddress())),
        "AlreadyMinted()");
    client.expectError(
        d,
        c.machineNft(),
        encode("mintNft", new Uint256(idD), new Address(d.getAddress())),
        "AlreadyMinted()");
    // the alias mints too
    BigInteger idB = machineIdOf(b.getAddress());
    client.send(
        b, c.machineNft(), encode("mintNft", new Uint256(idB), new Address(b.getAddress())));
    assertThat(tokenIdOf(idB)).isEqualTo(minted.add(BigInteger.valueOf(3)));
  }

  @Test
  void onlyTheMachineWalletOrItsOperatorMints() throws Exception {
    Credentials wallet = registeredWallet();
    BigInteger id = machineIdOf(wallet.getAddress());
    Credentials stranger = registeredWallet();
    client.expectError(
        stranger,
        c.machineNft(),
        encode("mint", new Uint256(id), new Address(stranger.getAddress())),
        "NotMachineOwner()");
    assertThat(tokenIdOf(id)).isZero();

    Credentials operator = registeredWallet();
    Credentials machine = client.newFundedWallet(1);
    registerFor(operator, machine.getAddress());
    BigInteger proxied = machineIdOf(machine.getAddress());
    mint(operator, proxied, operator.getAddress());
    assertThat(tokenIdOf(proxied)).isPositive();
    assertThat(
            client.callAddress(c.machineNft(), encode("ownerOf", new Uint256(tokenIdOf(proxied)))))
        .isEqualTo(operator.getAddress());
  }

  @Test
  void unknownMachineAndZeroRecipientRevert() throws Exception {
    Credentials wallet = registeredWallet();
    BigInteger id = machineIdOf(wallet.getAddress());
    client.expectError(
        wallet,
        c.machineNft(),
        encode("mint", new Uint256(1_000_000), new Address(wallet.getAddress())),
        "MachineNotFound()");
    client.expectError(
        wallet,
        c.machineNft(),
        encode("mint", new Uint256(id), new Address(ZERO)),
        "InvalidAddress()");
  }

  @Test
  void onlyBondedMachinesMint() throws Exception {
    // A MachineNFT wired to the real registry but to a staking contract that holds no bonds:
    // the machine exists yet is not bonded there.
    Credentials owner = client.dev(0);
    String emptyStaking =
        client.deployProxy(
            owner,
            ContractArtifacts.identityStaking(),
            encode("initialize", new Address(ZERO), new Address(owner.getAddress())));
    String nft =
        client.deployProxy(
            owner,
            ContractArtifacts.machineNft(),
            encode(
                "initialize",
                new Address(c.identityRegistry()),
                new Address(emptyStaking),
                new Address(owner.getAddress())));
    Credentials wallet = registeredWallet();
    BigInteger id = machineIdOf(wallet.getAddress());
    client.expectError(
        wallet,
        nft,
        encode("mint", new Uint256(id), new Address(wallet.getAddress())),
        "MachineNotBonded()");
    assertThat(client.callUint(nft, encode("tokenIdOf", new Uint256(id)))).isZero();
  }

  @Test
  void machineNftIsTransferable() throws Exception {
    Credentials wallet = registeredWallet();
    BigInteger id = machineIdOf(wallet.getAddress());
    mint(wallet, id, wallet.getAddress());
    BigInteger token = tokenIdOf(id);
    String buyer = client.newFundedWallet(0).getAddress();
    client.send(
        wallet,
        c.machineNft(),
        encode(
            "transferFrom",
            new Address(wallet.getAddress()),
            new Address(buyer),
            new Uint256(token)));
    assertThat(client.callAddress(c.machineNft(), encode("ownerOf", new Uint256(token))))
        .isEqualTo(buyer);
    // the identity is unaffected: the wallet still controls the machine
    assertThat(client.callAddress(c.identityRegistry(), encode("ownerOf", new Uint256(id))))
        .isEqualTo(wallet.getAddress());
  }
}
