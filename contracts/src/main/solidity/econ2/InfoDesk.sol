// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";

/// Economics 2.0 registry of peers (the contract of each role), the PEAQ token, tier prices in USD
/// (8 decimals) and the subscription clock (period, grace, runoff). Every other 2.0 contract
/// finds its peers here at call time.
contract InfoDesk is Initializable, OwnableUpgradeable, UUPSUpgradeable {
    mapping(bytes32 => address) private _peers;
    address private _peaqToken;
    mapping(uint8 => uint256) private _tierPriceUsd;
    uint64 private _periodLength;
    uint64 private _graceDuration;
    uint64 private _runoffDuration;
    uint64 private _maxPriceAge;
    uint16 private _localChainId;
    address private _treasury;
    mapping(address => bool) private _trustValidators;
    mapping(uint16 => bool) private _registeredChains;
    mapping(uint16 => uint8) private _chainKinds;

    error InvalidAddress();
    error InvalidChainId();
    error PeaqTokenAlreadySet();

    event PeerSet(bytes32 indexed key, address indexed addr);
    event PeerUnset(bytes32 indexed key, address indexed previous);
    event PeaqTokenSet(address indexed token);
    event TierPriceUsdSet(uint8 indexed tier, uint256 usdPrice);
    event SubscriptionPeriodLengthSet(uint64 value);
    event GraceDurationSet(uint64 value);
    event RunoffDurationSet(uint64 value);
    event MaxPriceTimestampAgeSet(uint64 value);
    event LocalChainIdSet(uint16 value);
    event TreasurySet(address indexed treasury);
    event TrustValidatorAdded(address indexed validator);
    event TrustValidatorRemoved(address indexed validator);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address owner_) external initializer {
        if (owner_ == address(0)) revert InvalidAddress();
        __Ownable_init(owner_);
        _localChainId = 1; // peaq's protocol chain id
        _registeredChains[1] = true;
        _chainKinds[1] = 1;
        emit LocalChainIdSet(1);
    }

    // ---- peers ----
    function peer(bytes32 key) external view returns (address) {
        return _peers[key];
    }

    function setPeer(bytes32 key, address addr) external onlyOwner {
        if (addr == address(0)) revert InvalidAddress();
        _peers[key] = addr;
        emit PeerSet(key, addr);
    }

    function unsetPeer(bytes32 key) external onlyOwner {
        address previous = _peers[key];
        delete _peers[key];
        emit PeerUnset(key, previous);
    }

    // ---- PEAQ token ----
    function peaqToken() external view returns (address) {
        return _peaqToken;
    }

    /// Set once, like the real one.
    function setPeaqToken(address addr) external onlyOwner {
        if (addr == address(0)) revert InvalidAddress();
        if (_peaqToken != address(0)) revert PeaqTokenAlreadySet();
        _peaqToken = addr;
        emit PeaqTokenSet(addr);
    }

    // ---- prices and the subscription clock ----
    /// USD price of a tier with 8 decimals (1 USD = 1e8).
    function tierPriceUsd(uint8 tier) external view returns (uint256) {
        return _tierPriceUsd[tier];
    }

    function setTierPriceUsd(uint8 tier, uint256 usdPrice) external onlyOwner {
        _tierPriceUsd[tier] = usdPrice;
        emit TierPriceUsdSet(tier, usdPrice);
    }

    function subscriptionPeriodLength() external view returns (uint64) {
        return _periodLength;
    }

    function setSubscriptionPeriodLength(uint64 value) external onlyOwner {
        _periodLength = value;
        emit SubscriptionPeriodLengthSet(value);
    }

    function graceDuration() external view returns (uint64) {
        return _graceDuration;
    }

    function setGraceDuration(uint64 value) external onlyOwner {
        _graceDuration = value;
        emit GraceDurationSet(value);
    }

    function runoffDuration() external view returns (uint64) {
        return _runoffDuration;
    }

    function setRunoffDuration(uint64 value) external onlyOwner {
        _runoffDuration = value;
        emit RunoffDurationSet(value);
    }

    /// 0 means prices never go stale (the devnet default: tests move time by months).
    function maxPriceTimestampAge() external view returns (uint64) {
        return _maxPriceAge;
    }

    function setMaxPriceTimestampAge(uint64 value) external onlyOwner {
        _maxPriceAge = value;
        emit MaxPriceTimestampAgeSet(value);
    }

    // ---- chains ----
    function localChainId() external view returns (uint16) {
        return _localChainId;
    }

    function setLocalChainId(uint16 value) external onlyOwner {
        if (value == 0) revert InvalidChainId();
        _localChainId = value;
        _registeredChains[value] = true;
        emit LocalChainIdSet(value);
    }

    function isRegisteredChain(uint16 protocolChainId) external view returns (bool) {
        return _registeredChains[protocolChainId];
    }

    function chainKindOf(uint16 protocolChainId) external view returns (uint8) {
        return _chainKinds[protocolChainId];
    }

    /// No cross-chain transport on the devnet.
    function isBridgingEnabled() external pure returns (bool) {
        return false;
    }

    function isMachineRelocationEnabled() external pure returns (bool) {
        return false;
    }

    function isTvInboundAccepted() external pure returns (bool) {
        return false;
    }

    // ---- roles ----
    function treasury() external view returns (address) {
        return _treasury;
    }

    function setTreasury(address addr) external onlyOwner {
        if (addr == address(0)) revert InvalidAddress();
        _treasury = addr;
        emit TreasurySet(addr);
    }

    function isTrustValidator(address addr) external view returns (bool) {
        return _trustValidators[addr];
    }

    function addTrustValidator(address addr) external onlyOwner {
        if (addr == address(0)) revert InvalidAddress();
        _trustValidators[addr] = true;
        emit TrustValidatorAdded(addr);
    }

    function removeTrustValidator(address addr) external onlyOwner {
        delete _trustValidators[addr];
        emit TrustValidatorRemoved(addr);
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
