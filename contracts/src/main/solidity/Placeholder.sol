// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;
contract Placeholder { function ping() external pure returns (uint256) { return 1; } }
