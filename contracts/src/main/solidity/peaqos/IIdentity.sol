// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// The parts of IdentityRegistry and IdentityStaking that the other devnet contracts call.
interface IIdentityRegistryView {
    function machineExists(uint256 machineId) external view returns (bool);
    function machineWalletOf(uint256 machineId) external view returns (address);
    function operatorOf(uint256 machineId) external view returns (address);
    function isAuthorizedOrOwner(address caller, uint256 machineId) external view returns (bool);
    function isDeactivated(uint256 machineId) external view returns (bool);
}

interface IIdentityStakingView {
    function isStaked(uint256 machineId) external view returns (bool);
    function stakeFor(uint256 machineId, address owner_, uint256 amount) external payable;
}
