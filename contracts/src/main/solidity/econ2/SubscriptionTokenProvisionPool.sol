// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// Stand-in for the USDT provision pool: the devnet has no USDT, so the USDT rail is unavailable
/// (usdtToken() is zero and quotes revert UsdtTokenNotSet, as on a pool that was never given one).
contract SubscriptionTokenProvisionPool {
    address public immutable infoDesk;

    error UsdtTokenNotSet();

    constructor(address infoDesk_) {
        infoDesk = infoDesk_;
    }

    function usdtToken() external pure returns (address) {
        return address(0);
    }

    function acceptsInToken(address) external pure returns (bool) {
        return false;
    }

    function quoteUsdtForPeaq(uint256) external pure returns (uint256) {
        revert UsdtTokenNotSet();
    }
}
