// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {
    DidDocument,
    VerificationMethod,
    ServiceEndpoint,
    IInfoDesk,
    IMachineStateView,
    PeerKeys,
    Econ2Ids
} from "./Econ2Types.sol";

/// Economics 2.0 machines: an ERC-721 whose token id is the machine id
/// (uint256(keccak256(abi.encode(machineType, credentialSubject)))), with the machine's DID
/// document (controller, verification methods, authentication, service endpoints). Minted only
/// by MachineStateAndSync during activateMachine; the DID is did:peaq:<decimal id>.
contract MachineRegistry is Initializable, ERC721Upgradeable, OwnableUpgradeable, UUPSUpgradeable {
    struct Machine {
        address controller;
        address manufacturer;
        string machineType;
        bytes credentialSubject;
        VerificationMethod[] verificationMethods;
        uint256[] authentication;
        ServiceEndpoint[] serviceEndpoints;
    }

    IInfoDesk private _infoDesk;
    mapping(uint256 => Machine) private _machines;

    error CredentialSubjectMismatch();
    error InvalidAddress();
    error InvalidAuthenticationIndex();
    error InvalidDIDFormat();
    error MachineRelocating();
    error NotMachineOwner();
    error NotMachineStateAndSync();
    error NotOwnerOrController();

    event MachineMinted(uint256 indexed tokenId, address indexed to, address indexed controller, string machineType);
    event ControllerUpdated(uint256 indexed tokenId, address indexed oldController, address indexed newController);
    event VerificationMethodsUpdated(uint256 indexed tokenId);
    event AuthenticationUpdated(uint256 indexed tokenId);
    event ServiceEndpointsUpdated(uint256 indexed tokenId);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address infoDesk_) external initializer {
        if (infoDesk_ == address(0)) revert InvalidAddress();
        __ERC721_init("peaqOS Machine", "MACHINE");
        __Ownable_init(msg.sender);
        _infoDesk = IInfoDesk(infoDesk_);
    }

    function infoDesk() external view returns (address) {
        return address(_infoDesk);
    }

    // ---- ids and DIDs ----
    function computeTokenId(string calldata machineType, bytes calldata credentialSubject) external pure returns (uint256) {
        return Econ2Ids.machineId(machineType, credentialSubject);
    }

    function didFromTokenId(uint256 tokenId) public pure returns (string memory) {
        return string.concat("did:peaq:", Strings.toString(tokenId));
    }

    /// Parses did:peaq:<canonical decimal uint256> (no leading zeros, no sign, fits 256 bits).
    function tokenIdFromDid(string calldata did) external pure returns (uint256) {
        bytes calldata b = bytes(did);
        bytes memory prefix = bytes("did:peaq:");
        if (b.length <= prefix.length || b.length > prefix.length + 78) revert InvalidDIDFormat();
        for (uint256 i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) revert InvalidDIDFormat();
        }
        if (b[prefix.length] == "0" && b.length > prefix.length + 1) revert InvalidDIDFormat();
        uint256 value;
        for (uint256 i = prefix.length; i < b.length; i++) {
            uint8 c = uint8(b[i]);
            if (c < 48 || c > 57) revert InvalidDIDFormat();
            unchecked {
                uint256 next = value * 10 + (c - 48);
                if (value > (type(uint256).max - (c - 48)) / 10) revert InvalidDIDFormat();
                value = next;
            }
        }
        return value;
    }

    // ---- minting (MachineStateAndSync only) ----
    /// data = abi.encode(DidDocument doc, string machineType, bytes credentialSubject, address manufacturer).
    /// Authentication indices are stored unchecked at mint, like the real registry.
    function onMachineOnboarded(uint256 machineId, address operator, bytes calldata data) external {
        if (msg.sender != _infoDesk.peer(PeerKeys.MACHINE_STATE_AND_SYNC)) revert NotMachineStateAndSync();
        (DidDocument memory doc, string memory machineType, bytes memory credentialSubject, address manufacturer) =
            abi.decode(data, (DidDocument, string, bytes, address));
        Machine storage m = _machines[machineId];
        // Unreachable through activateMachine (the id hashes the credential subject and the
        // subscription refuses a second activation first); kept for the real registry's error.
        if (m.credentialSubject.length != 0 && keccak256(m.credentialSubject) != keccak256(credentialSubject)) {
            revert CredentialSubjectMismatch();
        }
        m.controller = doc.controller;
        m.manufacturer = manufacturer;
        m.machineType = machineType;
        m.credentialSubject = credentialSubject;
        _storeMethods(m, doc.verificationMethods);
        m.authentication = doc.authentication;
        _storeEndpoints(m, doc.serviceEndpoints);
        _mint(operator, machineId); // reverts ERC721InvalidSender(0) if the id exists
        emit MachineMinted(machineId, operator, doc.controller, machineType);
    }

    // ---- reads ----
    function controllerOf(uint256 tokenId) external view returns (address) {
        _requireOwned(tokenId);
        return _machines[tokenId].controller;
    }

    /// In 2.0 the operator is the token's owner.
    function operatorOf(uint256 tokenId) external view returns (address) {
        return _requireOwned(tokenId);
    }

    function manufacturerOf(uint256 tokenId) external view returns (address) {
        _requireOwned(tokenId);
        return _machines[tokenId].manufacturer;
    }

    function machineTypeOf(uint256 tokenId) external view returns (string memory) {
        _requireOwned(tokenId);
        return _machines[tokenId].machineType;
    }

    function credentialSubjectOf(uint256 tokenId) external view returns (bytes memory) {
        _requireOwned(tokenId);
        return _machines[tokenId].credentialSubject;
    }

    function verificationMethodsOf(uint256 tokenId) external view returns (VerificationMethod[] memory) {
        _requireOwned(tokenId);
        return _machines[tokenId].verificationMethods;
    }

    function authenticationOf(uint256 tokenId) external view returns (uint256[] memory) {
        _requireOwned(tokenId);
        return _machines[tokenId].authentication;
    }

    function serviceEndpointsOf(uint256 tokenId) external view returns (ServiceEndpoint[] memory) {
        _requireOwned(tokenId);
        return _machines[tokenId].serviceEndpoints;
    }

    /// The document with its id computed from the token id (the id given at activation is ignored).
    function didDocument(uint256 tokenId) external view returns (DidDocument memory doc) {
        _requireOwned(tokenId);
        Machine storage m = _machines[tokenId];
        doc.id = didFromTokenId(tokenId);
        doc.controller = m.controller;
        doc.verificationMethods = m.verificationMethods;
        doc.authentication = m.authentication;
        doc.serviceEndpoints = m.serviceEndpoints;
    }

    // ---- DID document setters ----
    /// Owner only. The zero address is allowed (it removes the controller).
    function setController(uint256 tokenId, address newController) external {
        if (_requireOwned(tokenId) != msg.sender) revert NotMachineOwner();
        _requireNotRelocating(tokenId);
        address old = _machines[tokenId].controller;
        _machines[tokenId].controller = newController;
        emit ControllerUpdated(tokenId, old, newController);
    }

    /// Owner or controller; replaces the whole array. Authentication indices must stay in range.
    function setVerificationMethods(uint256 tokenId, VerificationMethod[] calldata newVerificationMethods) external {
        _requireOwnerOrController(tokenId);
        Machine storage m = _machines[tokenId];
        for (uint256 i = 0; i < m.authentication.length; i++) {
            if (m.authentication[i] >= newVerificationMethods.length) revert InvalidAuthenticationIndex();
        }
        delete m.verificationMethods;
        _storeMethods(m, newVerificationMethods);
        emit VerificationMethodsUpdated(tokenId);
    }

    function setAuthentication(uint256 tokenId, uint256[] calldata newAuthentication) external {
        _requireOwnerOrController(tokenId);
        Machine storage m = _machines[tokenId];
        for (uint256 i = 0; i < newAuthentication.length; i++) {
            if (newAuthentication[i] >= m.verificationMethods.length) revert InvalidAuthenticationIndex();
        }
        m.authentication = newAuthentication;
        emit AuthenticationUpdated(tokenId);
    }

    function setServiceEndpoints(uint256 tokenId, ServiceEndpoint[] calldata newServiceEndpoints) external {
        _requireOwnerOrController(tokenId);
        Machine storage m = _machines[tokenId];
        delete m.serviceEndpoints;
        _storeEndpoints(m, newServiceEndpoints);
        emit ServiceEndpointsUpdated(tokenId);
    }

    // ---- internals ----
    function _requireOwnerOrController(uint256 tokenId) private view {
        address owner_ = _requireOwned(tokenId);
        if (msg.sender != owner_ && msg.sender != _machines[tokenId].controller) revert NotOwnerOrController();
        _requireNotRelocating(tokenId);
    }

    function _requireNotRelocating(uint256 tokenId) private view {
        address state = _infoDesk.peer(PeerKeys.MACHINE_STATE_AND_SYNC);
        if (state != address(0) && IMachineStateView(state).isRelocating(tokenId)) revert MachineRelocating();
    }

    function _storeMethods(Machine storage m, VerificationMethod[] memory methods) private {
        for (uint256 i = 0; i < methods.length; i++) {
            m.verificationMethods.push(methods[i]);
        }
    }

    function _storeEndpoints(Machine storage m, ServiceEndpoint[] memory endpoints) private {
        for (uint256 i = 0; i < endpoints.length; i++) {
            m.serviceEndpoints.push(endpoints[i]);
        }
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
