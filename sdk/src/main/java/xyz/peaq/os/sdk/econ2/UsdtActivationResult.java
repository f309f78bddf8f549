package xyz.peaq.os.sdk.econ2;

import java.math.BigInteger;

/**
 * A completed activation paid in USDT: the activation as on the PEAQ rail, the USDT token, the
 * accepted bound and what {@code PaidWithUsdt} says was paid (zero when voucher credit covered the
 * whole bond, in which case the receipt holds no {@code PaidWithUsdt}).
 */
public record UsdtActivationResult(
    ActivationResult activation,
    String usdtToken,
    BigInteger maxUsdtAmount,
    BigInteger usdtAmount) {}
