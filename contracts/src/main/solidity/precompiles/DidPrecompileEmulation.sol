// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {BatchForwarding} from "../peaqos/BatchForwarded.sol";
import {DidAttributeStore} from "./DidAttributeStore.sol";

/// Emulates peaq's DID precompile (0x…0800) on the devnet. Installed with anvil_setCode, so it has
/// no constructor and no immutables: storage starts empty at that address.
///
/// Rules follow the peaq DID pallet, reverting with its error names as Error(string). The caller
/// must be the DID account (peaqOS documents this; the pallet source does not check it).
/// Events carry no indexed parameters, like the real precompile (topic0 only, all in data).
///
/// Where the attributes live: a devnet made since origins keep them in a DidAttributeStore whose
/// address the devnet writes into STORE_SLOT when it installs this code (see that contract for
/// why); a devnet made before keeps them here, in `_entries`, which therefore stays the first state
/// variable.
contract DidPrecompileEmulation {
    struct Attribute {
        bytes name;
        bytes value;
        uint32 validity;
        uint256 created;
    }

    uint256 internal constant MAX_NAME_SIZE = 64;
    uint256 internal constant MAX_VALUE_SIZE = 2560;

    /// Attributes kept in place (a devnet made before the store); the store's entry type, whose
    /// layout is the one such a devnet wrote.
    mapping(address => mapping(bytes32 => DidAttributeStore.Entry)) private _entries;

    /// The DidAttributeStore's address, or zero when the attributes live in `_entries`.
    bytes32 internal constant STORE_SLOT = keccak256("peaqos.devnet.did-emulation.store");

    /// Declared by the real precompile's ABI; the runtime reverts with "Cannot find the item" instead.
    error EntryNotFound(address account, bytes name);

    event AddAttribute(address sender, address didAccount, bytes name, bytes value, uint32 validity);
    event UpdateAttribute(address sender, address didAccount, bytes name, bytes value, uint32 validity);
    /// Declared for the ABI. The real node logs removals under keccak256("RemoveAttribte(address,bytes)")
    /// (sic: a typo in the node's precompile), so the emulation emits that topic too, see _logRemoved.
    event RemoveAttribute(address didAccount, bytes name);

    bytes32 internal constant REMOVE_TOPIC_AS_ON_NODE = keccak256("RemoveAttribte(address,bytes)");

    function readAttribute(address didAccount, bytes calldata name) public view returns (Attribute memory) {
        bytes32 key = keccak256(name);
        DidAttributeStore store = _store();
        if (address(store) != address(0)) {
            DidAttributeStore.Entry memory s = store.get(didAccount, key);
            if (s.owner == address(0)) revert("Cannot find the item");
            return Attribute({name: s.name, value: s.value, validity: s.validity, created: s.created});
        }
        DidAttributeStore.Entry storage e = _entries[didAccount][key];
        if (e.owner == address(0)) revert("Cannot find the item");
        return Attribute({name: e.name, value: e.value, validity: e.validity, created: e.created});
    }

    function addAttribute(address didAccount, bytes calldata name, bytes calldata value, uint32 validityFor)
        public
        returns (bool)
    {
        address sender = BatchForwarding.sender();
        if (sender != didAccount) revert("msg.sender != didAccount");
        _checkSizes(name, value);
        bytes32 key = keccak256(name);
        DidAttributeStore store = _store();
        if (address(store) != address(0)) {
            if (store.ownerOf(didAccount, key) != address(0)) revert("AttributeAlreadyExist");
            store.add(didAccount, key, name, value, _validity(validityFor), block.timestamp * 1000, sender);
            emit AddAttribute(sender, didAccount, name, value, validityFor);
            return true;
        }
        DidAttributeStore.Entry storage e = _entries[didAccount][key];
        if (e.owner != address(0)) revert("AttributeAlreadyExist");
        e.name = name;
        e.value = value;
        e.validity = _validity(validityFor);
        e.created = block.timestamp * 1000;
        e.owner = sender;
        emit AddAttribute(sender, didAccount, name, value, validityFor);
        return true;
    }

    function updateAttribute(address didAccount, bytes calldata name, bytes calldata value, uint32 validityFor)
        public
        returns (bool)
    {
        address sender = BatchForwarding.sender();
        _checkSizes(name, value);
        bytes32 key = keccak256(name);
        DidAttributeStore store = _store();
        if (address(store) != address(0)) {
            address owner = store.ownerOf(didAccount, key);
            if (owner == address(0)) revert("AttributeNotFound");
            if (owner != sender) revert("AttributeAuthorizationFailed");
            if (sender != didAccount) revert("msg.sender != didAccount");
            store.update(didAccount, key, value, _validity(validityFor), block.timestamp * 1000);
            emit UpdateAttribute(sender, didAccount, name, value, validityFor);
            return true;
        }
        DidAttributeStore.Entry storage e = _entries[didAccount][key];
        if (e.owner == address(0)) revert("AttributeNotFound");
        if (e.owner != sender) revert("AttributeAuthorizationFailed");
        if (sender != didAccount) revert("msg.sender != didAccount");
        e.value = value;
        e.validity = _validity(validityFor);
        e.created = block.timestamp * 1000;
        emit UpdateAttribute(sender, didAccount, name, value, validityFor);
        return true;
    }

    function removeAttribute(address didAccount, bytes calldata name) public returns (bool) {
        address sender = BatchForwarding.sender();
        if (name.length > MAX_VALUE_SIZE) revert("Name too long");
        if (name.length > MAX_NAME_SIZE) revert("AttributeNameExceedMax64");
        bytes32 key = keccak256(name);
        DidAttributeStore store = _store();
        address owner = address(store) != address(0) ? store.ownerOf(didAccount, key) : _entries[didAccount][key].owner;
        if (owner == address(0)) revert("AttributeNotFound");
        if (owner != sender) revert("AttributeAuthorizationFailed");
        if (sender != didAccount) revert("msg.sender != didAccount");
        if (address(store) != address(0)) store.remove(didAccount, key);
        else delete _entries[didAccount][key];
        _logRemoved(didAccount, name);
        return true;
    }

    // snake_case aliases, routed by the real precompile as well.

    function read_attribute(address did_account, bytes calldata name) external view returns (Attribute memory) {
        return readAttribute(did_account, name);
    }

    function add_attribute(address did_account, bytes calldata name, bytes calldata value, uint32 validity_for)
        external
        returns (bool)
    {
        return addAttribute(did_account, name, value, validity_for);
    }

    function update_attribute(address did_account, bytes calldata name, bytes calldata value, uint32 validity_for)
        external
        returns (bool)
    {
        return updateAttribute(did_account, name, value, validity_for);
    }

    function remove_attribute(address did_account, bytes calldata name) external returns (bool) {
        return removeAttribute(did_account, name);
    }

    function _store() private view returns (DidAttributeStore store) {
        bytes32 slot = STORE_SLOT;
        assembly {
            store := sload(slot)
        }
    }

    function _logRemoved(address didAccount, bytes calldata name) private {
        bytes memory data = abi.encode(didAccount, name);
        bytes32 topic = REMOVE_TOPIC_AS_ON_NODE;
        assembly {
            log1(add(data, 32), mload(data), topic)
        }
    }

    /// The node bounds names and values by the value limit first ("Name too long" / "Value too long"),
    /// then the pallet rejects names over 64 bytes.
    function _checkSizes(bytes calldata name, bytes calldata value) private pure {
        if (name.length > MAX_VALUE_SIZE) revert("Name too long");
        if (name.length > MAX_NAME_SIZE) revert("AttributeNameExceedMax64");
        if (value.length > MAX_VALUE_SIZE) revert("Value too long");
    }

    /// Validity is a block number: 0 means never expires (the largest block number).
    function _validity(uint32 validityFor) private view returns (uint32) {
        if (validityFor == 0) return type(uint32).max;
        uint256 until = block.number + validityFor;
        if (until > type(uint32).max) revert("MaxBlockNumberExceeded");
        return uint32(until);
    }
}
