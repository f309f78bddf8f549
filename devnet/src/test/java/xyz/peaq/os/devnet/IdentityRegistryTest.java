package xyz.peaq.os.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static xyz.peaq.os.devnet.TestClient.ONE_PEAQ;
import static xyz.peaq.os.devnet.TestClient.encode;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityRegistryTest extends DevnetTestBase {

  @Test
  @Order(1)
  void registerWithExactBondGivesIds1Then2AndBondsTheMachine() throws Exception {
    Credentials first = client.newFundedWallet(5);
    Credentials second = client.newFundedWallet(5);
    assertThat(client.callUint(c.identityRegistry(), encode("nextMachineId"))).isEqualTo(1);
    BigInteger stakingBefore =
        client
            .web3j
            .ethGetBalance(c.identityStaking(), DefaultBlockParameterName.LATEST)
            .send()
            .getBalance();

    TransactionReceipt r1 = register(first);
    TransactionReceipt r2 = register(second);

    assertThat(machineIdOf(first.getAddress())).isEqualTo(1);
    assertThat(machineIdOf(second.getAddress())).isEqualTo(2);
    assertThat(
            client.callUint(
                c.identityRegistry(), encode("machineIdOfOwner", new Address(second.getAddress()))))
        .isEqualTo(2);
    assertThat(client.callUint(c.identityRegistry(), encode("nextMachineId"))).isEqualTo(3);
    assertThat(client.callUint(c.identityRegistry(), encode("totalMachines"))).isEqualTo(2);
    // the Identity NFT: tokenId == machineId, held by the wallet
    assertThat(client.callAddress(c.identityRegistry(), encode("ownerOf", new Uint256(1))))
        .isEqualTo(first.getAddress());
    assertThat(client.callAddress(c.identityRegistry(), encode("ownerOf", new Uint256(2))))
        .isEqualTo(second.getAddress());
    assertThat(client.callAddress(c.identityRegistry(), encode("machineWalletOf", new Uint256(2))))
        .isEqualTo(second.getAddress());
    assertThat(client.callBool(c.identityRegistry(), encode("machineExists", new Uint256(2))))
        .isTrue();
    assertThat(client.callBool(c.identityRegistry(), encode("machineExists", new Uint256(3))))
        .isFalse();
    assertThat(client.callUint(c.identityRegistry(), encode("machineStatus", new Uint256(1))))
        .isEqualTo(1); // Pending
    assertThat(client.callAddress(c.identityRegistry(), encode("operatorOf", new Uint256(1))))
        .isEqualTo("0x0000000000000000000000000000000000000000");
    // the bond sits in IdentityStaking
    assertThat(client.callBool(c.identityStaking(), encode("isStaked", new Uint256(1)))).isTrue();
    assertThat(client.callBool(c.identityStaking(), encode("isStaked", new Uint256(3)))).isFalse();
    assertThat(client.callUint(c.identityStaking(), encode("stakeOf", new Uint256(2))))
        .isEqualTo(ONE_PEAQ);
    assertThat(client.callUint(c.identityStaking(), encode("getStake", new Uint256(2))))
        .isEqualTo(ONE_PEAQ);
    assertThat(client.callUint(c.identityStaking(), encode("totalStaked")))
        .isEqualTo(ONE_PEAQ.multiply(BigInteger.TWO));
    BigInteger stakingAfter =
        client
            .web3j
            .ethGetBalance(c.identityStaking(), DefaultBlockParameterName.LATEST)
            .send()
            .getBalance();
    assertThat(stakingAfter.subtract(stakingBefore)).isEqualTo(ONE_PEAQ.multiply(BigInteger.TWO));
    assertThat(
            client
                .web3j
                .ethGetBalance(c.identityRegistry(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance())
        .isZero();
    // events: Transfer (mint), Registered, MachineRegistered (operator zero), Staked
    List<Log> registered =
        TestClient.logs(
            r1, c.identityRegistry(), TestClient.topic("Registered(uint256,string,address)"));
    assertThat(registered).hasSize(1);
    assertThat(Numeric.toBigInt(registered.get(0).getTopics().get(1))).isEqualTo(1);
    assertThat(TestClient.topicAddress(registered.get(0).getTopics().get(2)))
        .isEqualTo(first.getAddress());
    List<Log> mr =
        TestClient.logs(
            r2,
            c.identityRegistry(),
            TestClient.topic("MachineRegistered(uint256,address,address,uint256)"));
    assertThat(mr).hasSize(1);
    assertThat(Numeric.toBigInt(mr.get(0).getTopics().get(1))).isEqualTo(2);
    assertThat(TestClient.topicAddress(mr.get(0).getTopics().get(2)))
        .isEqualTo(second.getAddress());
    assertThat(TestClient.topicAddress(mr.get(0).getTopics().get(3)))
        .isEqualTo("0x0000000000000000000000000000000000000000");
    assertThat(Numeric.toBigInt(mr.get(0).getData())).isEqualTo(ONE_PEAQ);
    assertThat(
            TestClient.logs(
                r2, c.identityStaking(), TestClient.topic("Staked(uint256,address,uint256)")))
        .hasSize(1);
    assertThat(
            TestClient.logs(
                r2, c.identityRegistry(), TestClient.topic("Transfer(address,address,uint256)")))
        .hasSize(1);
    TestClient.printGas("register", r2);
  }

  @Test
  void identityNftIsSoulbound() throws Exception {
    Credentials wallet = registeredWallet();
    BigInteger id = machineIdOf(wallet.getAddress());
    String other = client.newFundedWallet(1).getAddress();
    String soulbound = "IdentityNFTSoulbound()";
    client.expectError(
        wallet,
        c.identityRegistry(),
        encode(
            "transferFrom", new Address(wallet.getAddress()), new Address(other), new Uint256(id)),
        soulbound);
    client.expectError(
        wallet,
        c.identityRegistry(),
        encode(
            "safeTransferFrom",
            new Address(wallet.getAddress()),
            new Address(other),
            new Uint256(id)),
        soulbound);
    client.expectError(
        wallet,
        c.identityRegistry(),
        encode(
            "safeTransferFrom",
            new Address(wallet.getAddress()),
            new Address(other),
            new Uint256(id),
            new DynamicBytes(new byte[0])),
        soulbound);
    client.expectError(
        wallet,
        c.identityRegistry(),
        encode("approve", new Address(other), new Uint256(id)),
        soulbound);
    client.expectError(
        wallet,
        c.identityRegistry(),
        encode("setApprovalForAll", new Address(other), new Bool(true)),
        soulbound);
    assertThat(client.callAddress(c.identityRegistry(), encode("ownerOf", new Uint256(id))))
        .isEqualTo(wallet.getAddress());
  }

  @Test
  void wrongBondRevertsAndChangesNothing() throws Exception {
    Credentials wallet = client.newFundedWallet(5);
    BigInteger next = client.callUint(c.identityRegistry(), encode("nextMachineId"));
    for (BigInteger bond :
        List.of(
            BigInteger.ZERO,
            ONE_PEAQ.subtract(BigInteger.ONE),
            ONE_PEAQ.add(BigInteger.ONE),
            ONE_PEAQ.multiply(BigInteger.TWO))) {
      client.expectError(
          wallet, c.identityRegistry(), encode("register"), bond, "IncorrectBondAmount()");
    }
    assertThat(client.callUint(c.identityRegistry(), encode("nextMachineId"))).isEqualTo(next);
    assertThat(machineIdOf(wallet.getAddress())).isZero();
  }

  @Test
  void secondRegistrationOfAWalletReverts() throws Exception {
    Credentials wallet = registeredWallet();
    BigInteger next = client.callUint(c.identityRegistry(), encode("nextMachineId"));
    client.expectError(
        wallet, c.identityRegistry(), encode("register"), ONE_PEAQ, "AlreadyRegistered()");
    assertThat(client.callUint(c.identityRegistry(), encode("nextMachineId"))).isEqualTo(next);
  }

  @Test
  void registerForFromAnUnregisteredCallerReverts() throws Exception {
    Credentials stranger = client.newFundedWallet(5);
    String machine = client.newFundedWallet(0).getAddress();
    String revert =
        client.expectError(
            stranger,
            c.identityRegistry(),
            encode("registerFor", new Address(machine)),
            ONE_PEAQ,
            "OperatorNotRegistered(address)");
    assertThat(TestClient.topicAddress("0x" + Numeric.cleanHexPrefix(revert).substring(8, 72)))
        .isEqualTo(stranger.getAddress());
    assertThat(machineIdOf(machine)).isZero();
  }

  @Test
  void registerForZeroAddressReverts() throws Exception {
    Credentials operator = registeredWallet();
    client.expectError(
        operator,
        c.identityRegistry(),
        encode("registerFor", new Address("0x0000000000000000000000000000000000000000")),
        ONE_PEAQ,
        "InvalidMachineAddress()");
  }

  @Test
  void registerForFromARegisteredOperatorSetsOperatorAndGivesTheNftToTheMachine() throws Exception {
    Credentials operator = registeredWallet();
    String machine = client.newFundedWallet(0).getAddress();
    TransactionReceipt r = registerFor(operator, machine);
    BigInteger id = machineIdOf(machine);
    assertThat(id).isPositive();
    assertThat(client.callAddress(c.identityRegistry(), encode("operatorOf", new Uint256(id))))
        .isEqualTo(operator.getAddress());
    assertThat(client.callAddress(c.identityRegistry(), encode("ownerOf", new Uint256(id))))
        .isEqualTo(machine);
    assertThat(client.callAddress(c.identityRegistry(), encode("machineWalletOf", new Uint256(id))))
        .isEqualTo(machine);
    assertThat(client.callBool(c.identityStaking(), encode("isStaked", new Uint256(id)))).isTrue();
    assertThat(
            client.callBool(
                c.identityRegistry(),
                encode("isAuthorizedOrOwner", new Address(operator.getAddress()), new Uint256(id))))
        .isTrue();
    assertThat(
            client.callBool(
                c.identityRegistry(),
                encode("isAuthorizedOrOwner", new Address(machine), new Uint256(id))))
        .isTrue();
    List<Type> info =
        client.callDecode(
            c.identityRegistry(),
            encode("getVerificationInfo", new Uint256(id)),
            List.of(
                new TypeReference<Address>() {},
                new TypeReference<Address>() {},
                new TypeReference<Bool>() {},
                new TypeReference<Uint8>() {}));
    assertThat(info.get(0).toString()).isEqualToIgnoringCase(operator.getAddress());
    assertThat(info.get(1).toString()).isEqualToIgnoringCase(machine);
    assertThat(((Bool) info.get(2)).getValue()).isTrue();
    List<Log> opSet =
        TestClient.logs(r, c.identityRegistry(), TestClient.topic("OperatorSet(uint256,address)"));
    assertThat(opSet).hasSize(1);
    assertThat(TestClient.topicAddress(opSet.get(0).getTopics().get(2)))
        .isEqualTo(operator.getAddress());
    List<Log> mr =
        TestClient.logs(
            r,
            c.identityRegistry(),
            TestClient.topic("MachineRegistered(uint256,address,address,uint256)"));
    assertThat(TestClient.topicAddress(mr.get(0).getTopics().get(3)))
        .isEqualTo(operator.getAddress());
    TestClient.printGas("registerFor", r);
    // the same machine wallet cannot be registered twice, by anyone
    client.expectError(
        operator,
        c.identityRegistry(),
        encode("registerFor", new Address(machine)),
        ONE_PEAQ,
        "AlreadyRegistered()");
  }

  @Test
  void onlyTheRegistryMayStake() throws Exception {
    Credentials stranger = client.newFundedWallet(5);
    client.expectError(
        stranger,
        c.identityStaking(),
        encode(
            "stakeFor",
            new Uint256(999),
            new Address(stranger.getAddress()),
            new Uint256(ONE_PEAQ)),
        ONE_PEAQ,
        "NotAuthorized()");
    assertThat(
            client.callBool(
                c.identityStaking(), encode("isAuthorized", new Address(c.identityRegistry()))))
        .isTrue();
    assertThat(client.callAddress(c.identityStaking(), encode("stakingToken")))
        .isEqualTo("0x0000000000000000000000000000000000000000");
  }

  @Test
  void minBondIsOnePeaqAndOnlyTheOwnerChangesIt() throws Exception {
    assertThat(client.callUint(c.identityRegistry(), encode("minBond"))).isEqualTo(ONE_PEAQ);
    Credentials stranger = client.newFundedWallet(1);
    client.expectError(
        stranger,
        c.identityRegistry(),
        encode("setMinBond", new Uint256(ONE_PEAQ.multiply(BigInteger.TWO))),
        "OwnableUnauthorizedAccount(address)");
    client.expectError(
        client.dev(0),
        c.identityRegistry(),
        encode("setMinBond", new Uint256(1)),
        "BondBelowFloor()");
  }
}
