// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// Emulates peaq's batch precompile (0x…0805, Moonbeam design) on the devnet. Installed with
/// anvil_setCode (no constructor). Only EOAs may call it, like the real one.
///
/// The real precompile runs each subcall as the calling EOA. A contract cannot, so each subcall
/// with calldata gets the EOA's 20 bytes appended (ERC-2771 style) and the devnet contracts and the
/// DID emulation trust this address as their forwarder. Value comes from msg.value (the functions
/// are payable here); whatever is not spent (failed subcalls, overpayment) goes back to the caller.
contract BatchPrecompileEmulation {
    uint256 internal constant MAX_SUBCALLS = 512;
    uint256 internal constant MAX_CALLDATA = 65536;

    enum Mode {
        All,
        Some,
        SomeUntilFailure
    }

    event SubcallSucceeded(uint256 index);
    event SubcallFailed(uint256 index);

    function batchSome(address[] calldata to, uint256[] calldata value, bytes[] calldata callData, uint64[] calldata gasLimit)
        external
        payable
    {
        _batch(Mode.Some, to, value, callData, gasLimit);
    }

    function batchSomeUntilFailure(
        address[] calldata to,
        uint256[] calldata value,
        bytes[] calldata callData,
        uint64[] calldata gasLimit
    ) external payable {
        _batch(Mode.SomeUntilFailure, to, value, callData, gasLimit);
    }

    function batchAll(address[] calldata to, uint256[] calldata value, bytes[] calldata callData, uint64[] calldata gasLimit)
        external
        payable
    {
        _batch(Mode.All, to, value, callData, gasLimit);
    }

    function _batch(
        Mode mode,
        address[] calldata to,
        uint256[] calldata value,
        bytes[] calldata callData,
        uint64[] calldata gasLimit
    ) private {
        if (msg.sender != tx.origin) revert("Function not callable by smart contracts");
        if (to.length > MAX_SUBCALLS || value.length > MAX_SUBCALLS || callData.length > MAX_SUBCALLS
            || gasLimit.length > MAX_SUBCALLS) revert("Value is too large for length");
        for (uint256 i = 0; i < to.length; i++) {
            uint256 v = i < value.length ? value[i] : 0;
            uint64 g = i < gasLimit.length ? gasLimit[i] : 0;
            bytes memory data;
            if (i < callData.length && callData[i].length > 0) {
                if (callData[i].length > MAX_CALLDATA) revert("Value is too large for length");
                data = abi.encodePacked(callData[i], msg.sender);
            }
            (bool ok, bytes memory ret) = _call(to[i], v, g, data);
            if (ok) {
                emit SubcallSucceeded(i);
                continue;
            }
            if (mode == Mode.All) {
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
            emit SubcallFailed(i);
            if (mode == Mode.SomeUntilFailure) break;
        }
        uint256 left = address(this).balance;
        if (left > 0) {
            (bool refunded,) = msg.sender.call{value: left}("");
            if (!refunded) revert("refund failed");
        }
    }

    function _call(address target, uint256 v, uint64 g, bytes memory data) private returns (bool, bytes memory) {
        if (v > address(this).balance) return (false, bytes("insufficient value"));
        if (g == 0) return target.call{value: v}(data);
        if (g > gasleft()) return (false, bytes("out of gas"));
        return target.call{value: v, gas: g}(data);
    }
}
