// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";
import {BatchForwardedUpgradeable} from "./BatchForwarded.sol";
import {IIdentityRegistryView, IIdentityStakingView} from "./IIdentity.sol";

/// The transferable "financial profile" NFT of a machine: its own token id sequence from 1, one
/// token per machine, minted by the machine wallet or its operator once the machine is bonded.
contract MachineNFT is
    Initializable,
    ERC721Upgradeable,
    BatchForwardedUpgradeable,
    OwnableUpgradeable,
    PausableUpgradeable,
    ReentrancyGuardUpgradeable,
    UUPSUpgradeable
{
    address private _registryAddr;
    address private _stakingAddr;
    uint256 private _totalMinted;
    string private _baseTokenURI;
    mapping(uint256 => uint256) private _tokenIdOfMachine;
    mapping(uint256 => uint256) private _machineIdOfToken;

    error AlreadyMinted();
    error InvalidAddress();
    error MachineNotBonded();
    error MachineNotFound();
    error NotMachineOwner();
    /// Declared by the real contract; the devnet lets the minter choose any recipient (the
    /// reference documents both the operator and the machine wallet as recipients).
    error RecipientMustBeMachineOwner();

    event BaseURISet(string baseURI);
    event IdentityRegistrySet(address indexed registry);
    event IdentityStakingSet(address indexed staking);
    event MachineMinted(uint256 indexed tokenId, uint256 indexed machineId, address indexed recipient);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address _identityRegistry, address _identityStaking, address _owner) external initializer {
        if (_identityRegistry == address(0) || _identityStaking == address(0)) revert InvalidAddress();
        __ERC721_init("peaqOS Machine NFT", "PEAQMNFT");
        __Ownable_init(_owner);
        __Pausable_init();
        __ReentrancyGuard_init();
        _registryAddr = _identityRegistry;
        _stakingAddr = _identityStaking;
        emit IdentityRegistrySet(_identityRegistry);
        emit IdentityStakingSet(_identityStaking);
    }

    /// Real selector mint(uint256,address); returning the token id is a devnet addition.
    function mint(uint256 machineId, address recipient) external returns (uint256) {
        return _mintFor(machineId, recipient);
    }

    /// Alias under the name some peaqOS documents use.
    function mintNft(uint256 machineId, address recipient) external returns (uint256) {
        return _mintFor(machineId, recipient);
    }

    function _mintFor(uint256 machineId, address recipient) private whenNotPaused nonReentrant returns (uint256 tokenId) {
        if (recipient == address(0)) revert InvalidAddress();
        IIdentityRegistryView registry = IIdentityRegistryView(_registryAddr);
        if (!registry.machineExists(machineId)) revert MachineNotFound();
        if (!registry.isAuthorizedOrOwner(_msgSender(), machineId)) revert NotMachineOwner();
        if (_tokenIdOfMachine[machineId] != 0) revert AlreadyMinted();
        if (!IIdentityStakingView(_stakingAddr).isStaked(machineId)) revert MachineNotBonded();
        tokenId = ++_totalMinted;
        _tokenIdOfMachine[machineId] = tokenId;
        _machineIdOfToken[tokenId] = machineId;
        _mint(recipient, tokenId);
        emit MachineMinted(tokenId, machineId, recipient);
    }

    function tokenIdOf(uint256 machineId) external view returns (uint256) {
        return _tokenIdOfMachine[machineId];
    }

    /// 0 when the token does not exist.
    function machineIdOf(uint256 tokenId) external view returns (uint256) {
        return _machineIdOfToken[tokenId];
    }

    function totalMinted() external view returns (uint256) {
        return _totalMinted;
    }

    function setBaseURI(string calldata _baseURI) external onlyOwner {
        _baseTokenURI = _baseURI;
        emit BaseURISet(_baseURI);
    }

    function setIdentityRegistry(address _registry) external onlyOwner {
        if (_registry == address(0)) revert InvalidAddress();
        _registryAddr = _registry;
        emit IdentityRegistrySet(_registry);
    }

    function setIdentityStaking(address _staking) external onlyOwner {
        if (_staking == address(0)) revert InvalidAddress();
        _stakingAddr = _staking;
        emit IdentityStakingSet(_staking);
    }

    function pause() external onlyOwner {
        _pause();
    }

    function unpause() external onlyOwner {
        _unpause();
    }

    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
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
