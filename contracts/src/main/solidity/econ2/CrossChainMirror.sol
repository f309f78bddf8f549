// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {IInfoDesk, PeerKeys} from "./Econ2Types.sol";

/// Home chain of every machine (peaq's protocol chain id 1 for machines activated here) and the
/// per-machine mirrored data store. The devnet has no other chain, so nothing is ever pushed.
contract CrossChainMirror is Initializable, OwnableUpgradeable, UUPSUpgradeable {
    bytes32 public constant TIER_PRICE_KEY = keccak256("TIER_PRICES");

    IInfoDesk private _infoDesk;
    mapping(uint256 => uint16) private _homeChain;
    mapping(uint256 => mapping(bytes32 => bytes)) private _mirrored;

    error InvalidAddress();
    error LocalMachineExists(uint256 machineId);
    error NotMachineStateAndSync();

    event HomeChainRegistered(uint256 indexed machineId, uint16 homeChainId);
    event MirroredDataSet(uint256 indexed machineId, bytes32 indexed key);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address infoDesk_) external initializer {
        if (infoDesk_ == address(0)) revert InvalidAddress();
        __Ownable_init(msg.sender);
        _infoDesk = IInfoDesk(infoDesk_);
    }

    function infoDesk() external view returns (address) {
        return address(_infoDesk);
    }

    function onMachineOnboarded(uint256 machineId, address, bytes calldata) external {
        if (msg.sender != _infoDesk.peer(PeerKeys.MACHINE_STATE_AND_SYNC)) revert NotMachineStateAndSync();
        if (_homeChain[machineId] != 0) revert LocalMachineExists(machineId);
        uint16 local = _infoDesk.localChainId();
        _homeChain[machineId] = local;
        emit HomeChainRegistered(machineId, local);
    }

    /// 0 for an unknown machine.
    function homeChainOf(uint256 machineId) external view returns (uint16) {
        return _homeChain[machineId];
    }

    function isHomedLocally(uint256 machineId) external view returns (bool) {
        uint16 home = _homeChain[machineId];
        return home != 0 && home == _infoDesk.localChainId();
    }

    function getMirroredData(uint256 machineId, bytes32 key) external view returns (bytes memory) {
        return _mirrored[machineId][key];
    }

    function setMirroredData(uint256 machineId, bytes32 key, bytes calldata value) external onlyOwner {
        _mirrored[machineId][key] = value;
        emit MirroredDataSet(machineId, key);
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
