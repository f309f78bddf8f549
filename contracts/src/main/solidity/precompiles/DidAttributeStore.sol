// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// The DID emulation's attributes, kept in a contract of their own on devnets that fork an origin.
///
/// Why: a forked anvil asks its origin for every storage slot it has not seen yet, one request at a
/// time while the transaction executes, unless the account was created on the fork itself (then its
/// unseen slots are known to be empty). The emulation lives at 0x…0800 through anvil_setCode, not
/// created, so every new attribute cost a round trip per slot: about 2.5 ms of anvil's time per DID
/// write of six attributes, most of a fleet's time on chain. This contract is created by a
/// transaction, so its new slots cost nothing. Only the emulation writes; anyone may read.
contract DidAttributeStore {
    /// Also the layout of the attributes a devnet made before the store keeps in the emulation's own
    /// storage (the emulation declares them with this type): the fields stay in this order.
    struct Entry {
        bytes name;
        bytes value;
        uint32 validity;
        uint256 created;
        address owner;
    }

    address public immutable emulation;

    mapping(address => mapping(bytes32 => Entry)) private _entries;

    constructor(address emulation_) {
        emulation = emulation_;
    }

    modifier onlyEmulation() {
        if (msg.sender != emulation) revert("DidAttributeStore: only the DID emulation writes");
        _;
    }

    function get(address didAccount, bytes32 key) external view returns (Entry memory) {
        return _entries[didAccount][key];
    }

    function ownerOf(address didAccount, bytes32 key) external view returns (address) {
        return _entries[didAccount][key].owner;
    }

    function add(
        address didAccount,
        bytes32 key,
        bytes calldata name,
        bytes calldata value,
        uint32 validity,
        uint256 created,
        address owner
    ) external onlyEmulation {
        Entry storage e = _entries[didAccount][key];
        e.name = name;
        e.value = value;
        e.validity = validity;
        e.created = created;
        e.owner = owner;
    }

    function update(address didAccount, bytes32 key, bytes calldata value, uint32 validity, uint256 created)
        external
        onlyEmulation
    {
        Entry storage e = _entries[didAccount][key];
        e.value = value;
        e.validity = validity;
        e.created = created;
    }

    function remove(address didAccount, bytes32 key) external onlyEmulation {
        delete _entries[didAccount][key];
    }
}
