// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";
import {BatchForwardedUpgradeable} from "../peaqos/BatchForwarded.sol";
import {IInfoDesk, IMachineRegistryView, IMachineSubscriptionView, PeerKeys, SubscriptionStatus} from "./Econ2Types.sol";

/// The Economics 2.0 EventRegistry (artifact name EventRegistryV2; the ABI is the official
/// 2.0 EventRegistry's). Same submitEvent as 1.0 (selector 0xe58a43ca) with the 2.0 rules: the
/// sender is the machine's owner or controller in MachineRegistry, and its subscription is
/// Active or Grace. Events are stored per machine.
contract EventRegistryV2 is
    Initializable,
    BatchForwardedUpgradeable,
    OwnableUpgradeable,
    PausableUpgradeable,
    ReentrancyGuardUpgradeable,
    UUPSUpgradeable
{
    uint256 public constant CURRENCY_MIN_LEN = 3;
    uint256 public constant CURRENCY_MAX_LEN = 10;
    uint256 public constant MAX_METADATA_SIZE = 4096;
    uint256 public constant MAX_QUERY_LIMIT = 100;

    uint8 internal constant EVENT_TYPE_MAX = 1; // 0 revenue, 1 activity
    uint8 internal constant TRUST_LEVEL_MAX = 2;

    struct MachineEvent {
        uint256 machineId;
        uint8 eventType;
        uint256 value;
        uint256 timestamp;
        bytes32 dataHash;
        uint8 trustLevel;
        uint256 sourceChainId;
        bytes32 sourceTxHash;
        bytes metadata;
        string currency;
    }

    IInfoDesk private _infoDesk;
    uint256 private _totalEvents;
    mapping(uint256 => MachineEvent[]) private _events;

    error FutureTimestamp();
    error InvalidAddress();
    error InvalidCurrencyShape();
    error InvalidEventType();
    error InvalidTrustLevel();
    error MetadataTooLarge();
    error NotOwnerOrController();
    error OffsetOutOfBounds();
    error SubscriptionNotEligible(uint8 status);

    event EventSubmitted(
        uint256 indexed machineId, uint256 indexed eventIndex, uint8 eventType, uint256 value, string indexed currency
    );

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address infoDesk_) external initializer {
        if (infoDesk_ == address(0)) revert InvalidAddress();
        __Ownable_init(msg.sender);
        __Pausable_init();
        __ReentrancyGuard_init();
        _infoDesk = IInfoDesk(infoDesk_);
    }

    function infoDesk() external view returns (address) {
        return address(_infoDesk);
    }

    function submitEvent(
        uint256 machineId,
        uint8 eventType,
        uint256 value,
        string calldata currency,
        uint256 timestamp,
        bytes32 dataHash,
        uint8 trustLevel,
        uint256 sourceChainId,
        bytes32 sourceTxHash,
        bytes calldata metadata
    ) external whenNotPaused nonReentrant {
        _gate(machineId);
        if (eventType > EVENT_TYPE_MAX) revert InvalidEventType();
        if (trustLevel > TRUST_LEVEL_MAX) revert InvalidTrustLevel();
        if (timestamp > block.timestamp) revert FutureTimestamp();
        _checkCurrency(eventType, bytes(currency));
        if (metadata.length > MAX_METADATA_SIZE) revert MetadataTooLarge();
        uint256 index = _events[machineId].length;
        {
            MachineEvent storage ev = _events[machineId].push();
            ev.machineId = machineId;
            ev.eventType = eventType;
            ev.value = value;
            ev.timestamp = timestamp;
            ev.dataHash = dataHash;
            ev.trustLevel = trustLevel;
            ev.sourceChainId = sourceChainId;
            ev.sourceTxHash = sourceTxHash;
            ev.metadata = metadata;
            ev.currency = currency;
        }
        _totalEvents++;
        emit EventSubmitted(machineId, index, eventType, value, currency);
    }

    /// Owner or controller (ERC721NonexistentToken for an unknown machine), then Active or Grace.
    function _gate(uint256 machineId) private view {
        IMachineRegistryView registry = IMachineRegistryView(_infoDesk.peer(PeerKeys.MACHINE_REGISTRY));
        address sender = _msgSender();
        if (sender != registry.ownerOf(machineId) && sender != registry.controllerOf(machineId)) {
            revert NotOwnerOrController();
        }
        uint8 status = IMachineSubscriptionView(_infoDesk.peer(PeerKeys.MACHINE_SUBSCRIPTION)).subscriptionStatus(machineId);
        if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.GRACE) revert SubscriptionNotEligible(status);
    }

    /// Revenue: 3 to 10 characters of A-Z and 0-9. Activity: empty.
    function _checkCurrency(uint8 eventType, bytes calldata c) private pure {
        if (eventType == 1) {
            if (c.length != 0) revert InvalidCurrencyShape();
            return;
        }
        if (c.length < CURRENCY_MIN_LEN || c.length > CURRENCY_MAX_LEN) revert InvalidCurrencyShape();
        for (uint256 i = 0; i < c.length; i++) {
            bytes1 ch = c[i];
            bool ok = (ch >= 0x41 && ch <= 0x5A) || (ch >= 0x30 && ch <= 0x39);
            if (!ok) revert InvalidCurrencyShape();
        }
    }

    function getEventCount(uint256 machineId) external view returns (uint256) {
        return _events[machineId].length;
    }

    function getEventAt(uint256 machineId, uint256 index) external view returns (MachineEvent memory) {
        MachineEvent[] storage list = _events[machineId];
        if (index >= list.length) revert OffsetOutOfBounds();
        return list[index];
    }

    /// Events [offset, offset + limit), limit clamped to MAX_QUERY_LIMIT and the end; offset > count reverts.
    function getEvents(uint256 machineId, uint256 offset, uint256 limit) external view returns (MachineEvent[] memory) {
        MachineEvent[] storage list = _events[machineId];
        uint256 count = list.length;
        if (offset > count) revert OffsetOutOfBounds();
        if (limit > MAX_QUERY_LIMIT) limit = MAX_QUERY_LIMIT;
        uint256 end = offset + limit > count ? count : offset + limit;
        MachineEvent[] memory page = new MachineEvent[](end - offset);
        for (uint256 i = offset; i < end; i++) {
            page[i - offset] = list[i];
        }
        return page;
    }

    function totalEventCount() external view returns (uint256) {
        return _totalEvents;
    }

    /// No 1.0 import on the devnet: nothing before the first 2.0 event.
    function priorEventCount(uint256) external pure returns (uint256) {
        return 0;
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
