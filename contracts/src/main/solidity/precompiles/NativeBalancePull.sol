// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// The EIP-7702 delegate the devnet gives every account it funds (code 0xef0100 || this address,
/// set with anvil_setCode). It lets the native-balance ERC-20 emulation at 0x…0809 move the
/// account's PEAQ, and otherwise behaves like an externally owned account: it accepts value with
/// or without calldata and accepts ERC-721/1155 tokens. It keeps no storage.
contract NativeBalancePull {
    address internal constant NATIVE_TOKEN = 0x0000000000000000000000000000000000000809;

    /// Sends `amount` of this account's native balance to `to`; only the 0x…0809 emulation may ask.
    function peaqNativePull(address to, uint256 amount) external returns (bytes4) {
        require(msg.sender == NATIVE_TOKEN, "only the PEAQ token at 0x0809 may pull");
        (bool ok,) = to.call{value: amount}("");
        require(ok, "recipient rejected PEAQ");
        return this.peaqNativePull.selector;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }

    function onERC1155Received(address, address, uint256, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC1155Received.selector;
    }

    function onERC1155BatchReceived(address, address, uint256[] calldata, uint256[] calldata, bytes calldata)
        external
        pure
        returns (bytes4)
    {
        return this.onERC1155BatchReceived.selector;
    }

    receive() external payable {}

    fallback() external payable {}
}
