// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";
import {BatchForwardedUpgradeable} from "./BatchForwarded.sol";

/// Holds machine bonds for good: there is no withdrawal path. Only authorized callers (the
/// IdentityRegistry) can stake. The devnet has no WPEAQ precompile, so with stakingToken() == 0
/// the bond arrives as native value on stakeFor.
contract IdentityStaking is
    Initializable,
    BatchForwardedUpgradeable,
    OwnableUpgradeable,
    PausableUpgradeable,
    ReentrancyGuardUpgradeable,
    UUPSUpgradeable
{
    using SafeERC20 for IERC20;

    uint8 internal constant STATUS_NONE = 0;
    uint8 internal constant STATUS_STAKED = 1;

    struct Stake {
        uint256 amount;
        uint8 status;
        uint32 slashCount;
        uint64 unstakeRequestTime;
        address owner;
    }

    address private _token;
    uint256 private _totalStaked;
    mapping(address => bool) private _authorized;
    mapping(uint256 => Stake) private _stakes;

    error AlreadyStaked();
    error AmountZero();
    error InvalidAddress();
    error NotAuthorized();
    /// Devnet addition: native bonds must arrive as msg.value equal to `amount`.
    error StakeValueMismatch(uint256 amount, uint256 value);

    event Authorized(address indexed addr);
    event Revoked(address indexed addr);
    event Staked(uint256 indexed machineId, address indexed owner, uint256 amount);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address _stakingToken, address _owner) external initializer {
        if (_owner == address(0)) revert InvalidAddress();
        __Ownable_init(_owner);
        __Pausable_init();
        __ReentrancyGuard_init();
        _token = _stakingToken;
    }

    function authorize(address addr) external onlyOwner {
        if (addr == address(0)) revert InvalidAddress();
        _authorized[addr] = true;
        emit Authorized(addr);
    }

    function revoke(address addr) external onlyOwner {
        _authorized[addr] = false;
        emit Revoked(addr);
    }

    function isAuthorized(address addr) external view returns (bool) {
        return _authorized[addr];
    }

    /// Same selector as the real stakeFor(uint256,address,uint256); payable here (native bond).
    function stakeFor(uint256 machineId, address owner_, uint256 amount) external payable whenNotPaused nonReentrant {
        if (!_authorized[_msgSender()]) revert NotAuthorized();
        if (owner_ == address(0)) revert InvalidAddress();
        if (amount == 0) revert AmountZero();
        if (_stakes[machineId].status != STATUS_NONE) revert AlreadyStaked();
        if (_token == address(0)) {
            if (msg.value != amount) revert StakeValueMismatch(amount, msg.value);
        } else {
            if (msg.value != 0) revert StakeValueMismatch(amount, msg.value);
            IERC20(_token).safeTransferFrom(_msgSender(), address(this), amount);
        }
        _stakes[machineId] = Stake({amount: amount, status: STATUS_STAKED, slashCount: 0, unstakeRequestTime: 0, owner: owner_});
        _totalStaked += amount;
        emit Staked(machineId, owner_, amount);
    }

    function isStaked(uint256 machineId) external view returns (bool) {
        return _stakes[machineId].status == STATUS_STAKED;
    }

    function getStake(uint256 machineId) external view returns (uint256) {
        return _stakes[machineId].amount;
    }

    /// SPEC addition: the staked amount of a machine (alias of getStake).
    function stakeOf(uint256 machineId) external view returns (uint256) {
        return _stakes[machineId].amount;
    }

    function getStakeInfo(uint256 machineId)
        external
        view
        returns (uint256 amount, uint8 status, uint32 slashCount, uint64 unstakeRequestTime)
    {
        Stake storage s = _stakes[machineId];
        return (s.amount, s.status, s.slashCount, s.unstakeRequestTime);
    }

    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    function stakingToken() external view returns (address) {
        return _token;
    }

    function pause() external onlyOwner {
        _pause();
    }

    function unpause() external onlyOwner {
        _unpause();
    }

    function _msgSender() internal view override(ContextUpgradeable, BatchForwardedUpgradeable) returns (address) {
        return BatchForwardedUpgradeable._msgSender();
    }

    function _msgData() internal view override(ContextUpgradeable, BatchForwardedUpgradeable) returns (bytes calldata) {
        return BatchForwardedUpgradeable._msgData();
    }

    function _contextSuffixLength() internal view override(ContextUpgradeable, BatchForwardedUpgradeable) returns (uint256) {
        return BatchForwardedUpgradeable._contextSuffixLength();
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
