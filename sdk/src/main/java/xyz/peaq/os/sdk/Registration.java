package xyz.peaq.os.sdk;

import java.math.BigInteger;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.sdk.chain.Abi;
import xyz.peaq.os.sdk.chain.FeeData;
import xyz.peaq.os.sdk.chain.LogEntry;
import xyz.peaq.os.sdk.chain.TxReceipt;
import xyz.peaq.os.sdk.chain.TxRequest;
import xyz.peaq.os.sdk.errors.AlreadyRegisteredException;
import xyz.peaq.os.sdk.errors.ContractRevertException;
import xyz.peaq.os.sdk.errors.InsufficientBalanceException;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.internal.chain.Addresses;
import xyz.peaq.os.sdk.internal.chain.TransactionSender;

/**
 * Machine identity: registration (self-managed and proxy) and the registry's and staking's views.
 */
final class Registration {
  /**
   * Gas assumed for a registration when it cannot be estimated (the wallet cannot even pay the
   * bond).
   */
  private static final BigInteger REGISTER_GAS_FALLBACK = BigInteger.valueOf(400_000);

  private final ChainSession s;

  Registration(ChainSession session) {
    this.s = session;
  }

  BigInteger registerMachine() {
    return register(s.signer().address(), Abi.encodeCall("register"), "register");
  }

  BigInteger registerFor(String machineAddress) {
    String machine = Addresses.require("machineAddress", machineAddress);
    return register(machine, Abi.encodeCall("registerFor", new Address(machine)), "registerFor");
  }

  private BigInteger register(String wallet, String data, String operation) {
    TransactionSender signer = s.signer();
    s.beforeWrite();
    String registry = s.config.contracts().identityRegistry();
    // The four reads are independent: one round trip of waiting instead of four.
    java.util.concurrent.Future<BigInteger> bondRead = SideBySideReads.start(this::minBond);
    java.util.concurrent.Future<FeeData> feeRead = SideBySideReads.start(s.chain::feeData);
    java.util.concurrent.Future<BigInteger> balanceRead =
        SideBySideReads.start(() -> s.chain.balance(signer.address()));
    BigInteger existing = machineIdOf(wallet);
    if (existing.signum() > 0) {
      throw new AlreadyRegisteredException(wallet, existing, null, null);
    }
    BigInteger bond = SideBySideReads.result(bondRead);
    FeeData fees = SideBySideReads.result(feeRead);
    BigInteger balance = SideBySideReads.result(balanceRead);
    BigInteger gasLimit;
    if (balance.compareTo(bond) < 0) {
      gasLimit = s.chain.gasPolicy().limitFor(registry, REGISTER_GAS_FALLBACK);
      throw new InsufficientBalanceException(
          signer.address(), bond.add(gasLimit.multiply(fees.maxFeePerGas())), balance);
    }
    try {
      gasLimit =
          s.chain
              .gasPolicy()
              .limitFor(registry, s.chain.estimateGas(signer.address(), registry, bond, data));
    } catch (ContractRevertException e) {
      throw mapRegisterRevert(e, wallet);
    } catch (RpcException e) {
      String m = String.valueOf(e.getMessage()).toLowerCase();
      if (m.contains("insufficient funds")
          || m.contains("exceeds allowance")
          || m.contains("gas required exceeds")) {
        gasLimit = s.chain.gasPolicy().limitFor(registry, REGISTER_GAS_FALLBACK);
        throw new InsufficientBalanceException(
            signer.address(), bond.add(gasLimit.multiply(fees.maxFeePerGas())), balance);
      }
      throw e;
    }
    BigInteger required = bond.add(gasLimit.multiply(fees.maxFeePerGas()));
    if (balance.compareTo(required) < 0) {
      throw new InsufficientBalanceException(signer.address(), required, balance);
    }
    TxReceipt receipt;
    try {
      receipt =
          s.send(
              operation,
              TxRequest.builder()
                  .to(registry)
                  .value(bond)
                  .data(data)
                  .gasLimit(gasLimit)
                  .maxFeePerGas(fees.maxFeePerGas())
                  .maxPriorityFeePerGas(fees.maxPriorityFeePerGas())
                  .build());
    } catch (ContractRevertException e) {
      throw mapRegisterRevert(e, wallet);
    }
    return machineIdFromReceipt(receipt, registry, wallet);
  }

  private ContractRevertException mapRegisterRevert(ContractRevertException e, String wallet) {
    if ("AlreadyRegistered".equals(e.revertName())) {
      return new AlreadyRegisteredException(
          wallet, machineIdOf(wallet), e.revertData(), e.txHash());
    }
    return e;
  }

  static BigInteger machineIdFromReceipt(TxReceipt receipt, String registry, String wallet) {
    for (LogEntry l : receipt.logs()) {
      if (!Addresses.same(l.address(), registry) || l.topics().size() < 2) {
        continue;
      }
      String t0 = l.topic0();
      if (PeaqosAbi.REGISTERED.equals(t0) || PeaqosAbi.MACHINE_REGISTERED.equals(t0)) {
        return l.topicAsUint(1);
      }
    }
    for (LogEntry l : receipt.logs()) {
      if (Addresses.same(l.address(), registry)
          && PeaqosAbi.TRANSFER.equals(l.topic0())
          && l.topics().size() == 4
          && l.topicAsUint(1).signum() == 0
          && Addresses.same(l.topicAsAddress(2), wallet)) {
        return l.topicAsUint(3);
      }
    }
    throw new RpcException(
        "receipt",
        "Registration "
            + receipt.transactionHash()
            + " succeeded but its receipt holds no Registered or mint Transfer log of "
            + registry,
        null);
  }

  // ---------------------------------------------------------------- views

  boolean machineExists(BigInteger machineId) {
    Inputs.requireNonNegative("machineId", machineId);
    return s.bool(
        s.config.contracts().identityRegistry(),
        Abi.encodeCall("machineExists", new Uint256(machineId)));
  }

  String machineWalletOf(BigInteger machineId) {
    Inputs.requireNonNegative("machineId", machineId);
    return s.address(
        s.config.contracts().identityRegistry(),
        Abi.encodeCall("machineWalletOf", new Uint256(machineId)));
  }

  String operatorOf(BigInteger machineId) {
    Inputs.requireNonNegative("machineId", machineId);
    return s.address(
        s.config.contracts().identityRegistry(),
        Abi.encodeCall("operatorOf", new Uint256(machineId)));
  }

  boolean isStaked(BigInteger machineId) {
    Inputs.requireNonNegative("machineId", machineId);
    return s.bool(
        s.config.contracts().identityStaking(), Abi.encodeCall("isStaked", new Uint256(machineId)));
  }

  BigInteger minBond() {
    return s.uint(s.config.contracts().identityRegistry(), Abi.encodeCall("minBond"));
  }

  BigInteger balanceOf(String address) {
    return s.chain.balance(Addresses.require("address", address));
  }

  /**
   * {@code machineIdOfOwner(address)} (the real IdentityRegistry), then {@code
   * machineIdOf(address)} (SPEC §5).
   */
  BigInteger machineIdOf(String wallet) {
    String w = Addresses.require("wallet", wallet);
    String registry = s.config.contracts().identityRegistry();
    ContractRevertException first;
    try {
      return s.uint(registry, Abi.encodeCall("machineIdOfOwner", new Address(w)));
    } catch (ContractRevertException e) {
      if ("MachineNotFound".equals(e.revertName())) {
        return BigInteger.ZERO;
      }
      first = e;
    } catch (IllegalArgumentException e) {
      first = null;
    }
    try {
      return s.uint(registry, Abi.encodeCall("machineIdOf", new Address(w)));
    } catch (ContractRevertException e) {
      if ("MachineNotFound".equals(e.revertName())) {
        return BigInteger.ZERO;
      }
      throw first != null ? first : e;
    }
  }
}
