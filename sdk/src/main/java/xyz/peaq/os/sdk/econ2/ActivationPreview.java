package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;

/**
 * What an activation would cost, read with no write: the bond of the tier, the voucher credit that
 * covers part of it, the net PEAQ the signer pays, the signer's PEAQ balance (on peaq the native
 * balance) and allowance, and whether an approval transaction is needed.
 */
public record ActivationPreview(
    long chainId,
    String deploymentId,
    Econ2Deployment contracts,
    String signer,
    String controller,
    BigInteger machineId,
    Tier tier,
    String peaqToken,
    BigInteger bondAmount,
    BigInteger voucherCredit,
    BigInteger netPeaqAmount,
    BigInteger balance,
    BigInteger currentAllowance,
    boolean approvalRequired) {}
