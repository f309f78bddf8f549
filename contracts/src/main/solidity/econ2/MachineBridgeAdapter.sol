// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// Stand-in for the LayerZero bridge adapter (a plain contract, like the real OApp): the devnet
/// has no other chain, so it only answers the reads the official SDK makes and sends nothing.
contract MachineBridgeAdapter {
    address public immutable infoDesk;

    constructor(address infoDesk_) {
        infoDesk = infoDesk_;
    }

    function endpoint() external pure returns (address) {
        return address(0);
    }

    function peers(uint32) external pure returns (bytes32) {
        return bytes32(0);
    }

    function lastAppliedMirrorPushSeq(uint16, uint8, uint256, bytes32) external pure returns (uint64) {
        return 0;
    }
}
