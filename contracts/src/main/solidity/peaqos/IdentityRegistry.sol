// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {ReentrancyGuardUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ReentrancyGuardUpgradeable.sol";
import {ERC721Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC721/ERC721Upgradeable.sol";
import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";
import {BatchForwardedUpgradeable} from "./BatchForwarded.sol";
import {IIdentityStakingView} from "./IIdentity.sol";

/// Machine identities of peaqOS 1.0: a soulbound ERC-721 whose tokenId is the machineId (from 1),
/// held by the machine wallet. Registration takes exactly minBond() as msg.value and forwards it
/// to IdentityStaking in the same call.
contract IdentityRegistry is
    Initializable,
    ERC721Upgradeable,
    BatchForwardedUpgradeable,
    OwnableUpgradeable,
    ReentrancyGuardUpgradeable,
    UUPSUpgradeable
{
    // Status ordinals: None, Pending, Verified, Rejected, Deactivated.
    uint8 internal constant STATUS_NONE = 0;
    uint8 internal constant STATUS_PENDING = 1;
    uint8 internal constant STATUS_VERIFIED = 2;
    uint8 internal constant STATUS_REJECTED = 3;
    uint8 internal constant STATUS_DEACTIVATED = 4;

    uint256 public constant MIN_BOND_FLOOR = 1e15;
    address internal constant DEFAULT_DID_PRECOMPILE = 0x0000000000000000000000000000000000000800;

    uint256 private _bondWei;
    uint256 private _nextMachineId;
    address private _stakingContract;
    address private _wpeaqToken;
    address private _didPrecompile;
    string private _baseTokenURI;
    mapping(uint256 => address) private _walletOf;
    mapping(uint256 => address) private _operatorOf;
    mapping(uint256 => uint8) private _status;
    mapping(uint256 => uint8) private _statusBeforeDeactivation;
    mapping(address => uint256) private _machineIdOf;
    mapping(uint256 => mapping(string => bytes)) private _metadata;

    error AlreadyRegistered();
    error BondBelowFloor();
    error BondNotRequired();
    error ContractNotConfigured();
    error ETHTransferFailed();
    error IdentityNFTSoulbound();
    error IncorrectBondAmount();
    error InvalidAddress();
    error InvalidMachineAddress();
    error InvalidStatus();
    error MachineNotFound();
    error NotMachineOwner();
    error WalletAlreadyBound(address wallet);
    /// The real registry wraps bonds into WPEAQ with SafeERC20; the devnet (no WPEAQ) never raises it.
    error SafeERC20FailedOperation(address token);
    /// Devnet addition: registerFor is only open to the wallet of a registered machine.
    error OperatorNotRegistered(address operator);

    event BaseURISet(string newBaseURI);
    event IdentityStakingSet(address indexed staking);
    event MachineDeactivated(uint256 indexed machineId, address indexed owner);
    event MachineReactivated(uint256 indexed machineId, address indexed owner);
    event MachineRejected(uint256 indexed machineId);
    event MachineVerified(uint256 indexed machineId);
    event MinBondChanged(uint256 indexed newMinBond);
    event OperatorSet(uint256 indexed machineId, address indexed operator);
    event Registered(uint256 indexed machineId, string machineURI, address indexed owner);
    event WPEAQSet(address indexed wpeaq);
    /// SPEC addition: one event with everything an indexer needs (operator is zero when self-registered).
    event MachineRegistered(uint256 indexed machineId, address indexed wallet, address indexed operator, uint256 bond);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    function initialize(address initialOwner) external initializer {
        __ERC721_init("peaqOS Identity", "PEAQID");
        __Ownable_init(initialOwner);
        __ReentrancyGuard_init();
        _bondWei = 1 ether;
        _nextMachineId = 1;
        _didPrecompile = DEFAULT_DID_PRECOMPILE;
    }

    // ---------------------------------------------------------------- registration

    function register() external payable nonReentrant returns (uint256) {
        return _register(_msgSender(), address(0));
    }

    function registerFor(address machineAddress) external payable nonReentrant returns (uint256) {
        if (machineAddress == address(0)) revert InvalidMachineAddress();
        address operator = _msgSender();
        if (_machineIdOf[operator] == 0) revert OperatorNotRegistered(operator);
        if (machineAddress == operator) revert WalletAlreadyBound(machineAddress);
        return _register(machineAddress, operator);
    }

    function _register(address wallet, address operator) private returns (uint256 machineId) {
        if (_stakingContract == address(0)) revert ContractNotConfigured();
        if (_machineIdOf[wallet] != 0) revert AlreadyRegistered();
        if (_bondWei == 0) {
            if (msg.value != 0) revert BondNotRequired();
        } else if (msg.value != _bondWei) {
            revert IncorrectBondAmount();
        }
        machineId = _nextMachineId++;
        _walletOf[machineId] = wallet;
        _machineIdOf[wallet] = machineId;
        _status[machineId] = STATUS_PENDING;
        if (operator != address(0)) _operatorOf[machineId] = operator;
        _mint(wallet, machineId);
        if (msg.value != 0) {
            IIdentityStakingView(_stakingContract).stakeFor{value: msg.value}(machineId, wallet, msg.value);
        }
        emit Registered(machineId, tokenURI(machineId), wallet);
        if (operator != address(0)) emit OperatorSet(machineId, operator);
        emit MachineRegistered(machineId, wallet, operator, msg.value);
    }

    // ---------------------------------------------------------------- views

    function minBond() external view returns (uint256) {
        return _bondWei;
    }

    /// SPEC addition: the id the next registration gets.
    function nextMachineId() external view returns (uint256) {
        return _nextMachineId;
    }

    function totalMachines() external view returns (uint256) {
        return _nextMachineId - 1;
    }

    function machineExists(uint256 machineId) public view returns (bool) {
        return _walletOf[machineId] != address(0);
    }

    function machineWalletOf(uint256 machineId) external view returns (address) {
        return _walletOf[machineId];
    }

    function operatorOf(uint256 machineId) external view returns (address) {
        return _operatorOf[machineId];
    }

    function machineStatus(uint256 machineId) external view returns (uint8) {
        return _status[machineId];
    }

    function getMachineStatus(uint256 machineId) external view returns (uint8) {
        return _status[machineId];
    }

    function machineIdOfOwner(address addr) external view returns (uint256) {
        return _machineIdOf[addr];
    }

    /// SPEC addition: the machine id of a wallet, 0 when it has none.
    function machineIdOf(address wallet) external view returns (uint256) {
        return _machineIdOf[wallet];
    }

    function isAuthorizedOrOwner(address caller, uint256 machineId) public view returns (bool) {
        if (caller == address(0)) return false;
        return caller == _walletOf[machineId] || caller == _operatorOf[machineId];
    }

    function verifyOwnership(uint256 machineId, address claimedOwner) external view returns (bool) {
        return isAuthorizedOrOwner(claimedOwner, machineId);
    }

    /// The controlling owner: the operator for proxy-registered machines, else the machine wallet.
    function getOwnerIfExists(uint256 machineId) external view returns (address owner_, bool exists_) {
        exists_ = machineExists(machineId);
        owner_ = _controller(machineId);
    }

    function getVerificationInfo(uint256 machineId)
        external
        view
        returns (address owner_, address wallet_, bool exists_, uint8 status_)
    {
        return (_controller(machineId), _walletOf[machineId], machineExists(machineId), _status[machineId]);
    }

    function isVerified(uint256 machineId) external view returns (bool) {
        return _status[machineId] == STATUS_VERIFIED;
    }

    function isDeactivated(uint256 machineId) external view returns (bool) {
        return _status[machineId] == STATUS_DEACTIVATED;
    }

    function getMetadata(uint256 machineId, string calldata key) external view returns (bytes memory) {
        if (!machineExists(machineId)) revert MachineNotFound();
        return _metadata[machineId][key];
    }

    function getDIDPrecompile() external view returns (address) {
        return _didPrecompile;
    }

    function _controller(uint256 machineId) private view returns (address) {
        address operator = _operatorOf[machineId];
        return operator != address(0) ? operator : _walletOf[machineId];
    }

    // ---------------------------------------------------------------- lifecycle (admin)

    function verifyMachine(uint256 machineId) external onlyOwner {
        _requireStatus(machineId, STATUS_PENDING);
        _status[machineId] = STATUS_VERIFIED;
        emit MachineVerified(machineId);
    }

    function rejectMachine(uint256 machineId) external onlyOwner {
        _requireStatus(machineId, STATUS_PENDING);
        _status[machineId] = STATUS_REJECTED;
        emit MachineRejected(machineId);
    }

    function deactivateMachine(uint256 machineId) external {
        if (!machineExists(machineId)) revert MachineNotFound();
        address caller = _msgSender();
        if (caller != owner() && !isAuthorizedOrOwner(caller, machineId)) revert NotMachineOwner();
        uint8 current = _status[machineId];
        if (current != STATUS_PENDING && current != STATUS_VERIFIED) revert InvalidStatus();
        _statusBeforeDeactivation[machineId] = current;
        _status[machineId] = STATUS_DEACTIVATED;
        emit MachineDeactivated(machineId, _walletOf[machineId]);
    }

    function reactivateMachine(uint256 machineId) external {
        if (!machineExists(machineId)) revert MachineNotFound();
        address caller = _msgSender();
        if (caller != owner() && !isAuthorizedOrOwner(caller, machineId)) revert NotMachineOwner();
        if (_status[machineId] != STATUS_DEACTIVATED) revert InvalidStatus();
        _status[machineId] = _statusBeforeDeactivation[machineId];
        emit MachineReactivated(machineId, _walletOf[machineId]);
    }

    function _requireStatus(uint256 machineId, uint8 expected) private view {
        if (!machineExists(machineId)) revert MachineNotFound();
        if (_status[machineId] != expected) revert InvalidStatus();
    }

    // ---------------------------------------------------------------- configuration (admin)

    function setMinBond(uint256 _minBond) external onlyOwner {
        if (_minBond < MIN_BOND_FLOOR) revert BondBelowFloor();
        _bondWei = _minBond;
        emit MinBondChanged(_minBond);
    }

    function setIdentityStaking(address _staking) external onlyOwner {
        if (_staking == address(0)) revert InvalidAddress();
        _stakingContract = _staking;
        emit IdentityStakingSet(_staking);
    }

    function setWPEAQ(address _wpeaq) external onlyOwner {
        if (_wpeaq == address(0)) revert InvalidAddress();
        _wpeaqToken = _wpeaq;
        emit WPEAQSet(_wpeaq);
    }

    function setDIDPrecompile(address _did) external onlyOwner {
        if (_did == address(0)) revert InvalidAddress();
        _didPrecompile = _did;
    }

    function setBaseURI(string calldata newBaseURI) external onlyOwner {
        _baseTokenURI = newBaseURI;
        emit BaseURISet(newBaseURI);
    }

    function rescueETH(address to, uint256 amount) external onlyOwner {
        if (to == address(0)) revert InvalidAddress();
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert ETHTransferFailed();
    }

    // ---------------------------------------------------------------- ERC-721 (soulbound)

    function tokenURI(uint256 machineId) public view override returns (string memory) {
        return super.tokenURI(machineId);
    }

    function approve(address to, uint256 tokenId) public override {
        to;
        tokenId;
        revert IdentityNFTSoulbound();
    }

    function setApprovalForAll(address operator, bool approved) public override {
        operator;
        approved;
        revert IdentityNFTSoulbound();
    }

    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0)) revert IdentityNFTSoulbound();
        return super._update(to, tokenId, auth);
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
