// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {
    DidDocument,
    IInfoDesk,
    IMachineLifecycle,
    IMachineRegistryView,
    IMachineSubscriptionView,
    PeerKeys,
    SubscriptionStatus,
    Econ2Ids
} from "./Econ2Types.sol";

/// MachineSubscription's USDT-paid activation hook.
interface IUsdtLifecycle {
    function onMachineOnboardedWithUsdt(uint256 machineId, address operator, uint8 tier, uint256 maxUsdtAmount)
        external;
}

/// Economics 2.0 entry point: activateMachine bonds the subscription (MachineSubscription),
/// mints the machine with its DID document (MachineRegistry) and records peaq as its home chain
/// (CrossChainMirror) in one transaction. Also holds the pause flags and the operator's
/// suspend/resume switch.
contract MachineStateAndSync is Initializable, OwnableUpgradeable, ReentrancyGuardUpgradeable, UUPSUpgradeable {
    bytes32 public constant TECHNICAL_PAUSE_KEY = keccak256("TECHNICAL_PAUSE");
    bytes32 public constant GENERAL_PAUSE_KEY = keccak256("GENERAL_PAUSE");

    IInfoDesk private _infoDesk;
    bool private _technicalPausedGlobal;
    bool private _generalPausedGlobal;
    mapping(uint256 => bool) private _technicalPaused;
    mapping(uint256 => bool) private _generalPaused;
    mapping(uint256 => bool) private _subscriptionPaused;
    mapping(uint256 => bool) private _operatorPaused;

    error InvalidAddress();
    error MachineRelocating();
    error NotActive();
    error NotOwnerOrController();
    error NotSuspended();

    event MachineOnboarded(uint256 indexed machineId, address indexed operator);
    event TechnicalPausedSet(uint256 indexed machineId, bool value);
    event TechnicalPausedGlobalSet(bool value);
    event GeneralPausedSet(uint256 indexed machineId, bool value);
    event GeneralPausedGlobalSet(bool value);
    event SubscriptionPausedSet(uint256 indexed machineId, bool value);
    event OperatorPausedSet(uint256 indexed machineId, bool value);

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

    /// The sender becomes the ERC-721 owner and pays the bond (approve the net amount of
    /// InfoDesk.peaqToken() to MachineSubscription first). doc.id is ignored.
    function activateMachine(
        DidDocument calldata doc,
        string calldata machineType_,
        bytes calldata credentialSubject_,
        address manufacturer_,
        uint8 tier
    ) external nonReentrant returns (uint256 machineId) {
        machineId = Econ2Ids.machineId(machineType_, credentialSubject_);
        // Subscription first: pause, double activation, tier and payment fail with its errors.
        IMachineLifecycle(_infoDesk.peer(PeerKeys.MACHINE_SUBSCRIPTION))
            .onMachineOnboarded(machineId, msg.sender, abi.encode(tier));
        IMachineLifecycle(_infoDesk.peer(PeerKeys.MACHINE_REGISTRY))
            .onMachineOnboarded(machineId, msg.sender, abi.encode(doc, machineType_, credentialSubject_, manufacturer_));
        IMachineLifecycle(_infoDesk.peer(PeerKeys.CROSS_CHAIN_MIRROR)).onMachineOnboarded(machineId, msg.sender, "");
        emit MachineOnboarded(machineId, msg.sender);
    }

    /// activateMachine paid in USDT: the provision pool converts at most maxUsdtAmount of the
    /// sender's USDT (approved to the pool) into the net PEAQ bond.
    function activateMachineWithUsdt(
        DidDocument calldata doc,
        string calldata machineType_,
        bytes calldata credentialSubject_,
        address manufacturer_,
        uint8 tier,
        uint256 maxUsdtAmount
    ) external nonReentrant returns (uint256 machineId) {
        machineId = Econ2Ids.machineId(machineType_, credentialSubject_);
        IUsdtLifecycle(_infoDesk.peer(PeerKeys.MACHINE_SUBSCRIPTION))
            .onMachineOnboardedWithUsdt(machineId, msg.sender, tier, maxUsdtAmount);
        IMachineLifecycle(_infoDesk.peer(PeerKeys.MACHINE_REGISTRY))
            .onMachineOnboarded(machineId, msg.sender, abi.encode(doc, machineType_, credentialSubject_, manufacturer_));
        IMachineLifecycle(_infoDesk.peer(PeerKeys.CROSS_CHAIN_MIRROR)).onMachineOnboarded(machineId, msg.sender, "");
        emit MachineOnboarded(machineId, msg.sender);
    }

    // ---- pause flags (owner: the devnet's "pause" admin calls) ----
    function isTechnicalPausedGlobal() external view returns (bool) {
        return _technicalPausedGlobal;
    }

    function isTechnicalPaused(uint256 machineId) external view returns (bool) {
        return _technicalPaused[machineId];
    }

    function isGeneralPausedGlobal() external view returns (bool) {
        return _generalPausedGlobal;
    }

    function isGeneralPaused(uint256 machineId) external view returns (bool) {
        return _generalPaused[machineId];
    }

    function isOperatorPaused(uint256 machineId) external view returns (bool) {
        return _operatorPaused[machineId];
    }

    function isPausedForMaintenance(uint256 machineId) public view returns (bool) {
        return _technicalPausedGlobal || _technicalPaused[machineId];
    }

    function isPausedForBusiness(uint256 machineId) public view returns (bool) {
        return _generalPausedGlobal || _generalPaused[machineId] || _subscriptionPaused[machineId]
            || _operatorPaused[machineId];
    }

    /// Not paused in any way and the subscription active or in grace.
    function isMachineAvailable(uint256 machineId) external view returns (bool) {
        if (isPausedForMaintenance(machineId) || isPausedForBusiness(machineId)) return false;
        uint8 status = IMachineSubscriptionView(_infoDesk.peer(PeerKeys.MACHINE_SUBSCRIPTION)).subscriptionStatus(machineId);
        return status == SubscriptionStatus.ACTIVE || status == SubscriptionStatus.GRACE;
    }

    /// No cross-chain relocation on the devnet: never relocating.
    function isRelocating(uint256) external pure returns (bool) {
        return false;
    }

    function isChainPaused(uint16, bytes32) external pure returns (bool) {
        return false;
    }

    function replayedNonceFrom(uint256, uint16) external pure returns (uint64) {
        return 0;
    }

    function setTechnicalPausedGlobal(bool value) external onlyOwner {
        _technicalPausedGlobal = value;
        emit TechnicalPausedGlobalSet(value);
    }

    function setTechnicalPaused(uint256 machineId, bool value) external onlyOwner {
        _technicalPaused[machineId] = value;
        emit TechnicalPausedSet(machineId, value);
    }

    function setGeneralPausedGlobal(bool value) external onlyOwner {
        _generalPausedGlobal = value;
        emit GeneralPausedGlobalSet(value);
    }

    function setGeneralPaused(uint256 machineId, bool value) external onlyOwner {
        _generalPaused[machineId] = value;
        emit GeneralPausedSet(machineId, value);
    }

    function setSubscriptionPaused(uint256 machineId, bool value) external onlyOwner {
        _subscriptionPaused[machineId] = value;
        emit SubscriptionPausedSet(machineId, value);
    }

    // ---- the operator's switch ----
    /// Owner or controller; NotActive when already suspended.
    function suspend(uint256 machineId) external {
        _requireOwnerOrController(machineId);
        if (_operatorPaused[machineId]) revert NotActive();
        _operatorPaused[machineId] = true;
        emit OperatorPausedSet(machineId, true);
    }

    /// Owner or controller; NotSuspended when not suspended.
    function resume(uint256 machineId) external {
        _requireOwnerOrController(machineId);
        if (!_operatorPaused[machineId]) revert NotSuspended();
        _operatorPaused[machineId] = false;
        emit OperatorPausedSet(machineId, false);
    }

    function _requireOwnerOrController(uint256 machineId) private view {
        IMachineRegistryView registry = IMachineRegistryView(_infoDesk.peer(PeerKeys.MACHINE_REGISTRY));
        address owner_ = registry.ownerOf(machineId); // ERC721NonexistentToken for unknown machines
        if (msg.sender != owner_ && msg.sender != registry.controllerOf(machineId)) revert NotOwnerOrController();
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
