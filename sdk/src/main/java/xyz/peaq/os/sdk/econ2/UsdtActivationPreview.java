package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;

/**
 * What an activation paid in USDT would cost, read with no write: the PEAQ bond, voucher credit and
 * net PEAQ as on the PEAQ rail, the provision pool's USDT quote for the net PEAQ, the accepted
 * slippage and the spend bound it gives ({@code maxUsdtAmount = ceil(quote·(10000+bps)/10000)}),
 * the signer's USDT balance and allowance to the pool, and whether an approval is needed (allowance
 * below {@code maxUsdtAmount} while the net is not zero). USDT amounts are in the token's smallest
 * unit (6 decimals).
 */
public record UsdtActivationPreview(
    long chainId,
    String deploymentId,
    String signer,
    String controller,
    BigInteger machineId,
    Tier tier,
    String usdtToken,
    BigInteger bondAmount,
    BigInteger voucherCredit,
    BigInteger netPeaqAmount,
    BigInteger quotedUsdtAmount,
    int slippageBps,
    BigInteger maxUsdtAmount,
    BigInteger balance,
    BigInteger currentAllowance,
    boolean approvalRequired) {}
