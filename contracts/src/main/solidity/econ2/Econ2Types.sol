// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// InfoDesk peer keys: keccak256 of the role names (as the official SDK derives them).
library PeerKeys {
    bytes32 internal constant MACHINE_REGISTRY = keccak256("MACHINE_REGISTRY");
    bytes32 internal constant MACHINE_SUBSCRIPTION = keccak256("MACHINE_SUBSCRIPTION");
    bytes32 internal constant MACHINE_STATE_AND_SYNC = keccak256("MACHINE_STATE_AND_SYNC");
    bytes32 internal constant CROSS_CHAIN_MIRROR = keccak256("CROSS_CHAIN_MIRROR");
    bytes32 internal constant MACHINE_BRIDGE_ADAPTER = keccak256("MACHINE_BRIDGE_ADAPTER");
    bytes32 internal constant SUBSCRIPTION_TOKEN_PROVISION_POOL = keccak256("SUBSCRIPTION_TOKEN_PROVISION_POOL");
    /// Not a role the SDK checks; the devnet registers its oracle under this key.
    bytes32 internal constant PRICE_ORACLE = keccak256("PRICE_ORACLE");
}

/// The DID document a machine carries in MachineRegistry (field names and order as in the
/// official ABI, so the tuple encodes identically).
struct VerificationMethod {
    string id;
    string methodType;
    address controller;
    string publicKeyMultibase;
}

struct ServiceEndpoint {
    string id;
    string serviceType;
    string serviceEndpoint;
}

struct DidDocument {
    string id;
    address controller;
    VerificationMethod[] verificationMethods;
    uint256[] authentication;
    ServiceEndpoint[] serviceEndpoints;
}

/// Subscription status ordinals, as the SDK reads them.
library SubscriptionStatus {
    uint8 internal constant NOT_ACTIVATED = 0;
    uint8 internal constant ACTIVE = 1;
    uint8 internal constant GRACE = 2;
    uint8 internal constant RUNOFF = 3;
    uint8 internal constant TERMINATED = 4;
}

interface IInfoDesk {
    function peer(bytes32 key) external view returns (address);
    function peaqToken() external view returns (address);
    function tierPriceUsd(uint8 tier) external view returns (uint256);
    function subscriptionPeriodLength() external view returns (uint64);
    function graceDuration() external view returns (uint64);
    function runoffDuration() external view returns (uint64);
    function localChainId() external view returns (uint16);
    function maxPriceTimestampAge() external view returns (uint64);
    function isTrustValidator(address addr) external view returns (bool);
}

interface IPriceOracle {
    function getLatestPrice(bytes32 currency) external view returns (uint256 price, uint64 timestamp);
}

interface IMachineLifecycle {
    function onMachineOnboarded(uint256 machineId, address operator, bytes calldata data) external;
}

interface IMachineRegistryView {
    function ownerOf(uint256 tokenId) external view returns (address);
    function controllerOf(uint256 tokenId) external view returns (address);
}

interface IMachineStateView {
    function isRelocating(uint256 machineId) external view returns (bool);
    function isTechnicalPaused(uint256 machineId) external view returns (bool);
    function isTechnicalPausedGlobal() external view returns (bool);
}

interface IMachineSubscriptionView {
    function subscriptionStatus(uint256 machineId) external view returns (uint8);
    function isActivated(uint256 machineId) external view returns (bool);
}

/// The machine id rule shared by MachineRegistry and MachineStateAndSync.
library Econ2Ids {
    /// uint256(keccak256(abi.encode(machineType, credentialSubject))): the machine id and token id.
    function machineId(string memory machineType, bytes memory credentialSubject) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(machineType, credentialSubject)));
    }
}
