// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {
    IInfoDesk,
    IPriceOracle,
    IMachineRegistryView,
    IMachineStateView,
    PeerKeys,
    SubscriptionStatus
} from "./Econ2Types.sol";

/// What the USDT rail needs from SubscriptionTokenProvisionPool.
interface IProvisionPool {
    function usdtToken() external view returns (address);
    function settle(address payer, uint256 peaqAmount, uint256 maxUsdtAmount) external returns (uint256);
}

/// Economics 2.0 subscriptions: a machine bonds PEAQ on a tier (priced in USD in InfoDesk,
/// converted at the PriceOracle's PEAQ/USD rate, rounded up) for one period; after the period
/// it is in grace, then runoff, then terminated, by block time. Voucher credit is spent before
/// PEAQ. The PEAQ is pulled with transferFrom from InfoDesk.peaqToken() (on peaq the ERC-20
/// face of the native balance at 0x…0809) into this contract, which holds the bonds.
contract MachineSubscription is Initializable, OwnableUpgradeable, ReentrancyGuardUpgradeable, UUPSUpgradeable {
    using SafeERC20 for IERC20;

    uint8 public constant TIER_ENTRY = 0;
    uint8 public constant TIER_BASIC = 1;
    uint8 public constant TIER_PRO = 2;
    uint8 public constant TIER_COUNT = 3;
    bytes32 internal constant PEAQ = keccak256("PEAQ");

    struct Subscription {
        uint8 tier;
        uint64 periodStart;
        uint64 periodEnd;
        uint256 bondedAmount;
        uint256 accumulatedPoints;
    }

    IInfoDesk private _infoDesk;
    mapping(uint256 => Subscription) private _subscriptions;
    mapping(address => uint256) private _voucherCredit;
    uint256 private _totalBonded;

    error AlreadyActivated();
    error AlreadyTerminated();
    error InvalidAddress();
    error InvalidTier();
    error MachineRelocating();
    error NotActivated();
    error NotMachineStateAndSync();
    error NotOwnerOrController();
    error PriceNotAvailable();
    error ProvisionPoolNotConfigured();
    error TechnicallyPaused();
    error TierChangeWhileActive();

    event Activated(
        uint256 indexed machineId,
        address indexed operator,
        uint8 tier,
        uint256 bondedAmount,
        uint64 periodStart,
        uint64 periodEnd
    );
    event Renewed(uint256 indexed machineId, address indexed operator, uint8 tier, uint256 bondedAmount, uint64 periodEnd);
    event VoucherRedeemed(uint256 indexed machineId, address indexed operator, uint256 amount);
    /// The net bond (after voucher credit) was paid in USDT through the provision pool.
    event PaidWithUsdt(address indexed operator, uint256 peaqAmount, uint256 usdtAmount);
    /// Devnet addition: the "grant a voucher" admin call.
    event VoucherGranted(address indexed operator, uint256 amount, uint256 balance);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address infoDesk_) external initializer {
        if (infoDesk_ == address(0)) revert InvalidAddress();
        __Ownable_init(msg.sender);
        __ReentrancyGuard_init();
        _infoDesk = IInfoDesk(infoDesk_);
    }

    function infoDesk() external view returns (address) {
        return address(_infoDesk);
    }

    /// peaq (and this devnet) hold the subscription lifecycle.
    function isEconomicAuthority() external pure returns (bool) {
        return true;
    }

    function homeChainId() external view returns (uint16) {
        return _infoDesk.localChainId();
    }

    // ---- quotes ----
    /// ceil(tierPriceUsd[tier] * 1e18 / peaqUsd), both in USD with 8 decimals.
    function requiredPeaqAmount(uint8 tier) public view returns (uint256) {
        if (tier >= TIER_COUNT) revert InvalidTier();
        uint256 usd = _infoDesk.tierPriceUsd(tier);
        address oracle = _infoDesk.peer(PeerKeys.PRICE_ORACLE);
        if (oracle == address(0) || usd == 0) revert PriceNotAvailable();
        (uint256 price, uint64 stampedAt) = IPriceOracle(oracle).getLatestPrice(PEAQ);
        if (price == 0) revert PriceNotAvailable();
        uint64 maxAge = _infoDesk.maxPriceTimestampAge();
        if (maxAge != 0 && block.timestamp > uint256(stampedAt) + maxAge) revert PriceNotAvailable();
        return (usd * 1e18 + price - 1) / price;
    }

    function voucherCredit(address operator) external view returns (uint256) {
        return _voucherCredit[operator];
    }

    /// The credit the next activation or renewal of `operator` spends first (no settlement lag
    /// on the devnet, so it equals voucherCredit).
    function pendingVoucherCredit(address operator) external view returns (uint256) {
        return _voucherCredit[operator];
    }

    function pendingBondingReward(address) external pure returns (uint256) {
        return 0;
    }

    // ---- state ----
    function subscriptions(uint256 machineId) external view returns (Subscription memory) {
        return _subscriptions[machineId];
    }

    function isActivated(uint256 machineId) external view returns (bool) {
        return _subscriptions[machineId].periodStart != 0;
    }

    /// 0 not activated, 1 active (now < periodEnd), 2 grace (< periodEnd + grace),
    /// 3 runoff (< periodEnd + grace + runoff), 4 terminated.
    function subscriptionStatus(uint256 machineId) public view returns (uint8) {
        Subscription storage s = _subscriptions[machineId];
        if (s.periodStart == 0) return SubscriptionStatus.NOT_ACTIVATED;
        uint256 end = s.periodEnd;
        if (block.timestamp < end) return SubscriptionStatus.ACTIVE;
        end += _infoDesk.graceDuration();
        if (block.timestamp < end) return SubscriptionStatus.GRACE;
        end += _infoDesk.runoffDuration();
        if (block.timestamp < end) return SubscriptionStatus.RUNOFF;
        return SubscriptionStatus.TERMINATED;
    }

    function totalBondedAmount() external view returns (uint256) {
        return _totalBonded;
    }

    // ---- activation ----
    /// Called by MachineStateAndSync.activateMachine; data = abi.encode(uint8 tier). The operator
    /// (the transaction's sender) pays.
    function onMachineOnboarded(uint256 machineId, address operator, bytes calldata data) external nonReentrant {
        if (msg.sender != _infoDesk.peer(PeerKeys.MACHINE_STATE_AND_SYNC)) revert NotMachineStateAndSync();
        uint8 tier = abi.decode(data, (uint8));
        _activate(machineId, operator, tier, false, 0);
    }

    /// Called by MachineStateAndSync.activateMachineWithUsdt: the operator pays the net bond in
    /// USDT (at most maxUsdtAmount) through the provision pool.
    function onMachineOnboardedWithUsdt(uint256 machineId, address operator, uint8 tier, uint256 maxUsdtAmount)
        external
        nonReentrant
    {
        if (msg.sender != _infoDesk.peer(PeerKeys.MACHINE_STATE_AND_SYNC)) revert NotMachineStateAndSync();
        _activate(machineId, operator, tier, true, maxUsdtAmount);
    }

    /// Activates an existing, never activated machine (owner or controller pays).
    function activate(uint256 machineId, uint8 tier) external nonReentrant {
        _requireOwnerOrController(machineId);
        _activate(machineId, msg.sender, tier, false, 0);
    }

    function renew(uint256 machineId) external nonReentrant {
        _requireOwnerOrController(machineId);
        _renew(machineId, _subscriptions[machineId].tier, false, 0);
    }

    /// Renews on another tier; only once the period is over.
    function renew(uint256 machineId, uint8 tier) external nonReentrant {
        _requireOwnerOrController(machineId);
        Subscription storage s = _subscriptions[machineId];
        if (tier >= TIER_COUNT) revert InvalidTier();
        if (tier != s.tier && subscriptionStatus(machineId) == SubscriptionStatus.ACTIVE) revert TierChangeWhileActive();
        _renew(machineId, tier, false, 0);
    }

    // ---- the USDT rail: the net bond is paid in USDT, converted by the provision pool ----
    function activateWithUsdt(uint256 machineId, uint8 tier, uint256 maxUsdtAmount) external nonReentrant {
        _requireOwnerOrController(machineId);
        _activate(machineId, msg.sender, tier, true, maxUsdtAmount);
    }

    function renewWithUsdt(uint256 machineId, uint256 maxUsdtAmount) external nonReentrant {
        _requireOwnerOrController(machineId);
        _renew(machineId, _subscriptions[machineId].tier, true, maxUsdtAmount);
    }

    function renewWithUsdt(uint256 machineId, uint256 maxUsdtAmount, uint8 tier) external nonReentrant {
        _requireOwnerOrController(machineId);
        Subscription storage s = _subscriptions[machineId];
        if (tier >= TIER_COUNT) revert InvalidTier();
        if (tier != s.tier && subscriptionStatus(machineId) == SubscriptionStatus.ACTIVE) revert TierChangeWhileActive();
        _renew(machineId, tier, true, maxUsdtAmount);
    }

    // ---- devnet admin ----
    /// Adds voucher credit to an operator (devnet addition: "grant a voucher").
    function grantVoucher(address operator, uint256 amount) external onlyOwner {
        if (operator == address(0)) revert InvalidAddress();
        _voucherCredit[operator] += amount;
        emit VoucherGranted(operator, amount, _voucherCredit[operator]);
    }

    // ---- internals ----
    function _activate(uint256 machineId, address operator, uint8 tier, bool inUsdt, uint256 maxUsdtAmount) private {
        if (tier >= TIER_COUNT) revert InvalidTier();
        _requireNotPaused(machineId);
        Subscription storage s = _subscriptions[machineId];
        if (s.periodStart != 0) revert AlreadyActivated();
        uint256 bond = _collect(machineId, operator, tier, inUsdt, maxUsdtAmount);
        uint64 start = uint64(block.timestamp);
        uint64 end = start + _infoDesk.subscriptionPeriodLength();
        s.tier = tier;
        s.periodStart = start;
        s.periodEnd = end;
        s.bondedAmount = bond;
        _totalBonded += bond;
        emit Activated(machineId, operator, tier, bond, start, end);
    }

    function _renew(uint256 machineId, uint8 tier, bool inUsdt, uint256 maxUsdtAmount) private {
        Subscription storage s = _subscriptions[machineId];
        uint8 status = subscriptionStatus(machineId);
        if (status == SubscriptionStatus.NOT_ACTIVATED) revert NotActivated();
        if (status == SubscriptionStatus.TERMINATED) revert AlreadyTerminated();
        _requireNotPaused(machineId);
        uint256 bond = _collect(machineId, msg.sender, tier, inUsdt, maxUsdtAmount);
        uint64 length = _infoDesk.subscriptionPeriodLength();
        if (status == SubscriptionStatus.ACTIVE) {
            s.periodEnd += length;
        } else {
            s.periodStart = uint64(block.timestamp);
            s.periodEnd = uint64(block.timestamp) + length;
        }
        s.tier = tier;
        s.bondedAmount += bond;
        _totalBonded += bond;
        emit Renewed(machineId, msg.sender, tier, bond, s.periodEnd);
    }

    /// Spends voucher credit first, then pulls the rest in PEAQ (or, inUsdt, has the provision
    /// pool convert the payer's USDT into it: PaidWithUsdt exactly when the net is not zero);
    /// returns the full tier amount.
    function _collect(uint256 machineId, address payer, uint8 tier, bool inUsdt, uint256 maxUsdtAmount)
        private
        returns (uint256 bond)
    {
        bond = requiredPeaqAmount(tier);
        uint256 credit = _voucherCredit[payer];
        if (credit > bond) credit = bond;
        if (credit > 0) {
            _voucherCredit[payer] -= credit;
            emit VoucherRedeemed(machineId, payer, credit);
        }
        uint256 net = bond - credit;
        if (net == 0) return bond;
        if (!inUsdt) {
            IERC20(_infoDesk.peaqToken()).safeTransferFrom(payer, address(this), net);
            return bond;
        }
        address pool = _infoDesk.peer(PeerKeys.SUBSCRIPTION_TOKEN_PROVISION_POOL);
        if (pool == address(0) || IProvisionPool(pool).usdtToken() == address(0)) revert ProvisionPoolNotConfigured();
        uint256 reserveBefore = address(this).balance;
        uint256 usdtAmount = IProvisionPool(pool).settle(payer, net, maxUsdtAmount);
        if (address(this).balance < reserveBefore + net) revert ProvisionPoolNotConfigured();
        emit PaidWithUsdt(payer, net, usdtAmount);
    }

    function _requireNotPaused(uint256 machineId) private view {
        IMachineStateView state = IMachineStateView(_infoDesk.peer(PeerKeys.MACHINE_STATE_AND_SYNC));
        if (state.isTechnicalPausedGlobal() || state.isTechnicalPaused(machineId)) revert TechnicallyPaused();
    }

    function _requireOwnerOrController(uint256 machineId) private view {
        IMachineRegistryView registry = IMachineRegistryView(_infoDesk.peer(PeerKeys.MACHINE_REGISTRY));
        address owner_ = registry.ownerOf(machineId); // ERC721NonexistentToken for unknown machines
        if (msg.sender != owner_ && msg.sender != registry.controllerOf(machineId)) revert NotOwnerOrController();
        if (IMachineStateView(_infoDesk.peer(PeerKeys.MACHINE_STATE_AND_SYNC)).isRelocating(machineId)) {
            revert MachineRelocating();
        }
    }

    /// Receives the native value the PEAQ token pulls in (bonds).
    receive() external payable {}

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
