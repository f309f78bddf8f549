// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IInfoDesk, IPriceOracle, PeerKeys} from "./Econ2Types.sol";

/// The USDT provision pool in reserve mode, as far as the USDT rail needs it: it quotes USDT for
/// PEAQ at the PriceOracle's PEAQ/USD price (rounded up, plus spreadBps), and on settle (called by
/// MachineSubscription only) pulls the quoted USDT from the payer (who approved this pool) and
/// provisions the PEAQ from its native reserve to MachineSubscription, which holds the bond.
/// A plain contract (no proxy, no swap mode); the deployer funds the reserve.
contract SubscriptionTokenProvisionPool {
    using SafeERC20 for IERC20;

    bytes32 internal constant PEAQ = keccak256("PEAQ");

    address public immutable infoDesk;
    address private immutable _usdt;
    uint256 public spreadBps;
    uint256 public outstandingProvisioned;

    error InsufficientReserve();
    error NotMachineSubscription();
    error PriceNotAvailable();
    error SlippageExceeded();
    error UsdtConversionOverflow();
    error UsdtTokenNotSet();

    event Settled(address indexed payer, uint256 peaqAmount, uint256 usdtAmount);
    event BondProvisioned(address indexed to, uint256 peaqAmount, uint256 reserveAfter, uint256 outstanding);

    /// usdt_ may be zero: a pool that was never given a token (the rail is then unavailable).
    constructor(address infoDesk_, address usdt_) {
        infoDesk = infoDesk_;
        _usdt = usdt_;
    }

    function usdtToken() external view returns (address) {
        return _usdt;
    }

    function acceptsInToken(address inToken) external view returns (bool) {
        return _usdt != address(0) && inToken == _usdt;
    }

    function swapMode() external pure returns (bool) {
        return false;
    }

    function peaqReserve() public view returns (uint256) {
        return address(this).balance;
    }

    function usdtBalance() external view returns (uint256) {
        return _usdt == address(0) ? 0 : IERC20(_usdt).balanceOf(address(this));
    }

    /// USDT (6 decimals) for peaqAmount wei at the PEAQ/USD price (8 decimals), rounded up:
    /// ceil(peaqAmount * price * (10000 + spreadBps) / (1e20 * 10000)).
    function quoteUsdtForPeaq(uint256 peaqAmount) public view returns (uint256) {
        if (_usdt == address(0)) revert UsdtTokenNotSet();
        IInfoDesk desk = IInfoDesk(infoDesk);
        address oracle = desk.peer(PeerKeys.PRICE_ORACLE);
        if (oracle == address(0)) revert PriceNotAvailable();
        (uint256 price, uint64 stampedAt) = IPriceOracle(oracle).getLatestPrice(PEAQ);
        if (price == 0) revert PriceNotAvailable();
        uint64 maxAge = desk.maxPriceTimestampAge();
        if (maxAge != 0 && block.timestamp > uint256(stampedAt) + maxAge) revert PriceNotAvailable();
        uint256 denominator = 1e20 * 10_000;
        if (peaqAmount > type(uint256).max / price / (10_000 + spreadBps)) revert UsdtConversionOverflow();
        uint256 numerator = peaqAmount * price * (10_000 + spreadBps);
        return (numerator + denominator - 1) / denominator;
    }

    /// Pulls the USDT quote for peaqAmount from payer (at most maxUsdtAmount, else
    /// SlippageExceeded) and sends peaqAmount of native PEAQ to MachineSubscription.
    function settle(address payer, uint256 peaqAmount, uint256 maxUsdtAmount) external returns (uint256 usdtAmount) {
        if (msg.sender != IInfoDesk(infoDesk).peer(PeerKeys.MACHINE_SUBSCRIPTION)) revert NotMachineSubscription();
        usdtAmount = quoteUsdtForPeaq(peaqAmount);
        if (usdtAmount > maxUsdtAmount) revert SlippageExceeded();
        if (address(this).balance < peaqAmount) revert InsufficientReserve();
        IERC20(_usdt).safeTransferFrom(payer, address(this), usdtAmount);
        outstandingProvisioned += peaqAmount;
        (bool ok,) = payable(msg.sender).call{value: peaqAmount}("");
        if (!ok) revert InsufficientReserve();
        emit Settled(payer, peaqAmount, usdtAmount);
        emit BondProvisioned(msg.sender, peaqAmount, address(this).balance, outstandingProvisioned);
    }

    /// The native PEAQ reserve is topped up by plain transfers (and anvil_setBalance on the devnet).
    receive() external payable {}
}
