// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// The ERC-1967 proxy every devnet contract is deployed behind (UUPS: the upgrade logic lives in
/// the implementation). Declared here only so the build emits an artifact for it.
contract DevnetProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory initData) payable ERC1967Proxy(implementation, initData) {}
}
